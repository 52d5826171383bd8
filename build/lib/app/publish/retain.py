"""Remove old generations and the published files only they used.

Readers keep pages open across a republish, so the files of recent generations outlive the
switch: the newest KEEP_GENERATIONS and any generation younger than KEEP_SECONDS are kept,
with every file they name. Only a later build removes anything.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from pathlib import Path

from .layout import GENERATION_PATTERN, GENERATIONS, MEDIA, POINTER
from .snapshot import Damaged, read_generation

log = logging.getLogger(__name__)

KEEP_GENERATIONS = 3
KEEP_SECONDS = 24 * 3600


def prune(deck_out: Path, now: float | None = None) -> list[str]:
    """Delete generations and media no kept generation needs; return what was removed."""
    now = time.time() if now is None else now
    folder = deck_out / GENERATIONS
    if not folder.is_dir():
        return []
    generations = sorted(p.name for p in folder.iterdir() if GENERATION_PATTERN.match(p.name))
    kept, needed = set(generations[-KEEP_GENERATIONS:]) | {_current(deck_out)}, set()
    for generation in generations:
        try:
            shape = read_generation(deck_out, generation)
        except Damaged as error:
            if generation in kept:  # cannot tell what a kept generation needs: delete no media
                log.warning("%s: keeping every published file: %s", deck_out, error)
                return []
            continue
        if generation in kept or now - shape.created < KEEP_SECONDS:
            kept.add(generation)
            needed |= set(shape.files)
    removed = [f"{GENERATIONS}/{p.name}" for p in folder.iterdir() if p.name not in kept]
    for name in removed:
        shutil.rmtree(deck_out / name, ignore_errors=True)
    media = deck_out / MEDIA
    for path in sorted(media.iterdir()) if media.is_dir() else []:
        if path.is_file() and path.name not in needed:
            path.unlink()
            removed.append(f"{MEDIA}/{path.name}")
    return removed


def _current(deck_out: Path) -> str | None:
    """Return the generation the pointer names, whatever it is."""
    try:
        data = json.loads((deck_out / POINTER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("generation") if isinstance(data, dict) else None
