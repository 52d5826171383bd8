"""Sentence and chapter timings from the narration manifest, with fall-backs for older builds.

The narration contract adds `sentences` to each clip and `chapter_starts` to the essay; until
a build carries them, a slide is one timed span (its whole clip) and chapter starts come from
the essay's WebVTT chapters file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..manifest import Manifest

PARTS = ("caption", "quote", "description", "alt", "narration")
_CUE = re.compile(r"^(\d+):(\d{2}):(\d{2})\.(\d{3}) --> (\d+):(\d{2}):(\d{2})\.(\d{3})$")


@dataclass(frozen=True)
class Sentence:
    """A displayed sentence and when it is spoken, in seconds from the start of its clip.

    `part` names the slide field the text comes from; None means the whole clip (no timings).
    """

    start: float
    end: float
    text: str
    part: str | None


@dataclass(frozen=True)
class ChapterStart:
    """One slide's chapter in the whole-essay MP3."""

    slide: int
    title: str
    start: float
    end: float


def _valid_sentence(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("text"), str)
        and item.get("part") in PARTS
        and isinstance(item.get("start"), int | float)
        and isinstance(item.get("end"), int | float)
        and 0 <= item["start"] <= item["end"]
    )


def clip_sentences(clip: dict[str, Any]) -> list[Sentence]:
    """Return the clip's timed sentences, or one span for the whole clip when it has none."""
    raw = clip.get("sentences")
    if isinstance(raw, list) and raw and all(_valid_sentence(item) for item in raw):
        return [Sentence(float(s["start"]), float(s["end"]), s["text"], s["part"]) for s in raw]
    return [Sentence(0.0, float(clip["duration"]), clip.get("text", ""), None)]


def _seconds(hours: str, minutes: str, seconds: str, millis: str) -> float:
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_chapters_vtt(text: str) -> list[tuple[float, float, str]]:
    """Return (start, end, title) for each cue of a WebVTT chapters file."""
    cues = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        for index, line in enumerate(lines):
            match = _CUE.match(line.strip())
            if match:
                title = " ".join(lines[index + 1 :]).strip()
                groups = match.groups()
                cues.append((_seconds(*groups[:4]), _seconds(*groups[4:]), title))
                break
    return cues


def chapter_starts(manifest: Manifest, media_dir: Path) -> list[ChapterStart]:
    """Return each spoken slide's chapter in the essay: from the manifest, else from its VTT.

    The VTT has one cue per spoken slide in slide order, so cues are matched to the slides
    that have a clip.
    """
    essay = manifest.essay or {}
    listed = essay.get("chapter_starts")
    if isinstance(listed, list) and listed:
        return [
            ChapterStart(int(c["slide"]), c["title"], float(c["start"]), float(c["end"]))
            for c in listed
        ]
    if not essay.get("chapters"):
        return []
    cues = parse_chapters_vtt((media_dir / essay["chapters"]).read_text(encoding="utf-8"))
    spoken = [n for n, clip in enumerate(manifest.narration.get("clips") or [], 1) if clip]
    return [
        ChapterStart(slide, title, start, end)
        for slide, (start, end, title) in zip(spoken, cues, strict=False)
    ]
