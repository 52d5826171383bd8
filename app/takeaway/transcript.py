"""The episode's timed transcript (WebVTT): one cue per sentence, or per slide without timings."""

from __future__ import annotations

from pathlib import Path

from ..deck import Deck
from ..manifest import Manifest
from .timing import chapter_starts


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _cue_text(text: str) -> str:
    """Escape what WebVTT reserves and keep a cue on lines without blank ones."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line for line in text.replace("-->", "->").splitlines() if line.strip())


def transcript_cues(manifest: Manifest, media_dir: Path) -> list[tuple[float, float, str]]:
    """Return (start, end, text) cues: the essay's sentences, else each slide's whole text."""
    essay = manifest.essay or {}
    sentences = essay.get("sentences")
    if isinstance(sentences, list) and sentences:
        return [(float(s["start"]), float(s["end"]), s["text"]) for s in sentences]
    cues = []
    for chapter in chapter_starts(manifest, media_dir):
        clip = manifest.clip(chapter.slide) or {}
        end = min(chapter.end, chapter.start + float(clip.get("duration", 0)))
        cues.append((chapter.start, end, clip.get("text", chapter.title)))
    return cues


def transcript_vtt(deck: Deck, manifest: Manifest, media_dir: Path) -> bytes:
    """Return the WebVTT transcript of the deck's essay MP3."""
    blocks = [
        f"{_timestamp(start)} --> {_timestamp(end)}\n{_cue_text(text)}"
        for start, end, text in transcript_cues(manifest, media_dir)
    ]
    header = f"WEBVTT - {deck.title}".replace("\n", " ")
    return (header + "\n\n" + "\n\n".join(blocks) + "\n").encode("utf-8")
