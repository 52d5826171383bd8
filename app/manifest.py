"""The build manifest: the one file that says what is published for a deck.

The build writes it last and atomically; the app reads it (again whenever it changes on disk)
and serves only the files it names, so a half-finished build is never visible.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """What one build published for one deck."""

    slug: str
    narration: dict[str, Any] = field(default_factory=dict)
    images: list[dict[str, Any] | None] = field(default_factory=list)
    files: frozenset[str] = frozenset()

    def clip(self, number: int) -> dict[str, Any] | None:
        """Return slide `number`'s narration entry, or None."""
        clips = self.narration.get("clips") or []
        return clips[number - 1] if 0 < number <= len(clips) else None

    def image(self, number: int) -> dict[str, Any] | None:
        """Return slide `number`'s image entry, or None."""
        return self.images[number - 1] if 0 < number <= len(self.images) else None

    @property
    def essay(self) -> dict[str, Any] | None:
        return self.narration.get("essay")


def manifest_files(narration: dict[str, Any], images: list[dict[str, Any] | None]) -> list[str]:
    """List every published file the entries name, relative to the deck's output folder."""
    clips = [clip for clip in narration.get("clips") or [] if clip]
    files = [clip["file"] for clip in clips] + [c["captions"] for c in clips if c.get("captions")]
    essay = narration.get("essay")
    if essay:
        files += [essay["file"], essay["chapters"]] + (
            [essay["captions"]] * bool(essay.get("captions"))
        )
    for image in images:
        files += [variant["file"] for variant in (image or {}).get("variants", [])]
    return sorted(set(files))


def write_manifest(deck_out: Path, slug: str, narration: dict, images: list) -> Path:
    """Write the manifest atomically (temp file, then rename) and return its path."""
    data = {
        "version": MANIFEST_VERSION,
        "deck": slug,
        "narration": narration,
        "images": images,
        "files": manifest_files(narration, images),
    }
    deck_out.mkdir(parents=True, exist_ok=True)
    target = deck_out / MANIFEST_NAME
    handle, temp_name = tempfile.mkstemp(dir=deck_out, prefix=".manifest-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as temp:
        json.dump(data, temp, indent=1, ensure_ascii=False)
    os.replace(temp_name, target)
    return target


_cache: dict[Path, tuple[float, Manifest]] = {}


def read_manifest(deck_out: Path, slug: str) -> Manifest | None:
    """Return the deck's manifest, re-read only when the file changed; None if absent or bad."""
    path = deck_out / MANIFEST_NAME
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(
            slug=slug,
            narration=data.get("narration") or {},
            images=data.get("images") or [],
            files=frozenset(data.get("files") or []),
        )
    except (OSError, ValueError, TypeError):
        return None
    _cache[path] = (mtime, manifest)
    return manifest
