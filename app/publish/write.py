"""Publish one generation of a deck: media first, then its folder, then the pointer, atomically."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from ..deck import Deck
from .layout import (
    DECK_JSON,
    GENERATIONS,
    MANIFEST_JSON,
    POINTER,
    generation_dir,
    new_generation_id,
    write_json_atomically,
)
from .media_files import CacheIndex
from .schema import MANIFEST_VERSION, ManifestShape

# Keys whose string value names a file in the build's work folders; they are rewritten to
# published names. A new file-valued field in the manifest must be added here.
FILE_KEYS = frozenset({"file", "chapters", "captions"})


def publish_generation(
    deck_out: Path,
    deck: Deck,
    narration: dict[str, Any],
    images: list[dict[str, Any] | None],
    takeaway: dict[str, dict[str, str]] | None = None,
) -> str:
    """Publish a built deck as a new generation and switch readers to it; return its id.

    `narration` and `images` are the stages' manifest entries, naming work files relative to
    `deck_out`. Nothing readers see changes until the pointer is replaced, the last step.
    """
    index = CacheIndex(deck_out)
    takeaway = takeaway or {}
    works = _file_values([narration, images, takeaway])
    names = {work: index.publish(work) for work in sorted(works)}
    index.save()
    narration, images = _rewrite(narration, names), _rewrite(images, names)
    takeaway = _rewrite(takeaway, names)
    deck_data = deck.model.model_dump(mode="json")
    digest = hashlib.sha256(
        json.dumps([deck_data, narration, images], sort_keys=True, default=str).encode()
    ).hexdigest()
    generation = new_generation_id(digest)
    manifest = {
        "version": MANIFEST_VERSION,
        "deck": deck.slug,
        "generation": generation,
        "created": time.time(),
        "narration": narration,
        "images": images,
        "files": sorted(set(names.values())),
        "takeaway": takeaway,
    }
    ManifestShape.model_validate(manifest)  # never publish what the server would refuse
    _write_generation(deck_out, generation, deck_data, manifest)
    write_json_atomically(deck_out / POINTER, {"generation": generation})
    return generation


def _write_generation(deck_out: Path, generation: str, deck: dict, manifest: dict) -> None:
    """Write the generation's folder under a temporary name, then rename it into place."""
    temp = deck_out / GENERATIONS / f".{generation}.tmp"
    temp.mkdir(parents=True)
    write_json_atomically(temp / DECK_JSON, deck)
    write_json_atomically(temp / MANIFEST_JSON, manifest)
    os.replace(temp, generation_dir(deck_out, generation))


def _file_values(value: Any) -> set[str]:
    """Collect every string under a FILE_KEYS key, at any depth."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in FILE_KEYS and isinstance(item, str):
                found.add(item)
            else:
                found |= _file_values(item)
    elif isinstance(value, list):
        for item in value:
            found |= _file_values(item)
    return found


def _rewrite(value: Any, names: dict[str, str]) -> Any:
    """Return a copy with every FILE_KEYS string replaced by its published name."""
    if isinstance(value, dict):
        return {
            key: names[item]
            if key in FILE_KEYS and isinstance(item, str)
            else _rewrite(item, names)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rewrite(item, names) for item in value]
    return value
