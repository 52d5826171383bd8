"""The Podcasting 2.0 chapters file of a deck's episode: one chapter per spoken slide.

Start times are the essay's own chapter starts (the ones in its ID3 frames and WebVTT), so a
podcast app's chapter list and the MP3's chapters agree.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..deck import Deck
from ..manifest import Manifest
from .timing import chapter_starts

CHAPTERS_VERSION = "1.2.0"
CHAPTERS_MIME = "application/json+chapters"


def chapters_data(deck: Deck, manifest: Manifest, media_dir: Path) -> dict:
    """Return the chapters document: version, then chapters with startTime, endTime, title."""
    chapters = [
        {
            "startTime": round(chapter.start, 3),
            "endTime": round(chapter.end, 3),
            "title": chapter.title,
        }
        for chapter in chapter_starts(manifest, media_dir)
    ]
    return {"version": CHAPTERS_VERSION, "title": deck.title, "chapters": chapters}


def chapters_json(deck: Deck, manifest: Manifest, media_dir: Path) -> bytes:
    """Return the chapters document as UTF-8 JSON bytes."""
    data = chapters_data(deck, manifest, media_dir)
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
