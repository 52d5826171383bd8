"""Publish a deck's take-away files into its output folder, named by a hash of their inputs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..deck import Deck
from ..manifest import Manifest
from ..narration.encode import atomic_target
from .chapters import chapters_json
from .epub import write_epub
from .transcript import transcript_vtt

TAKEAWAY_DIR = "takeaway"
TAKEAWAY_VERSION = 1  # bump when the book or the chapters change shape, to rebuild them


def epub_name(deck: Deck, manifest: Manifest) -> str:
    """Return the hashed base name of the deck's take-away files (same inputs, same name)."""
    key = [
        TAKEAWAY_VERSION,
        deck.slug,
        deck.model.model_dump(mode="json"),
        manifest.narration.get("clips"),
        manifest.essay,
        [(image or {}).get("variants") for image in manifest.images],
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    ]
    encoded = json.dumps(key, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def _write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write `path` atomically through `write(file)`, unless it exists (same name, same bytes)."""
    if not path.is_file():
        with atomic_target(path) as temporary, temporary.open("wb") as out:
            write(out)


def _writer(deck: Deck, manifest: Manifest, out_dir: Path, make) -> Callable[[BinaryIO], object]:
    """Return what writes one take-away file; the EPUB streams its audio (scratch beside it)."""
    if make is None:
        scratch = out_dir / TAKEAWAY_DIR
        return lambda out: write_epub(deck, manifest, out_dir, out, scratch=scratch)
    return lambda out: out.write(make(deck, manifest, out_dir))


def publish_takeaway(deck: Deck, manifest: Manifest, out_dir: Path) -> dict[str, dict[str, str]]:
    """Write the EPUB, the podcast chapters JSON and the transcript VTT as build work files.

    Returns manifest entries `{"epub": {"file": path}, ...}`, paths relative to `out_dir`
    (publishing renames them by content hash); existing files are reused.
    """
    base = f"{TAKEAWAY_DIR}/{epub_name(deck, manifest)}"
    makers = {"epub": (f"{base}.epub", None)}
    if manifest.essay:
        makers["podcast_chapters"] = (f"{base}-chapters.json", chapters_json)
        makers["transcript"] = (f"{base}-transcript.vtt", transcript_vtt)
    for name, make in makers.values():
        _write(out_dir / name, _writer(deck, manifest, out_dir, make))
    return {key: {"file": name} for key, (name, _) in makers.items()}


def remove_stale_takeaway(out_dir: Path, keep: set[str]) -> None:
    """Delete take-away files the current manifest no longer names (after it is written)."""
    folder = out_dir / TAKEAWAY_DIR
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.is_file() and f"{TAKEAWAY_DIR}/{path.name}" not in keep:
            path.unlink(missing_ok=True)
        elif path.is_dir() and path.name.startswith(".epub-"):  # left by a killed build
            shutil.rmtree(path, ignore_errors=True)
