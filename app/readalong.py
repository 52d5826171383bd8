"""Read-along data for pages: each clip's timed sentences, and the listen page's transcript.

Pure functions of a deck and its manifest (the static export renders the same pages from them).
Manifests written before sentence timings existed still render: the transcript then has one
untimed paragraph per slide and the page offers no seeking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for

from .deck import Deck
from .manifest import Manifest

# Slide fields a sentence can come from (the narration manifest contract's `part`).
PARTS = ("caption", "quote", "description", "alt", "narration")


@dataclass(frozen=True)
class Sentence:
    """One displayed sentence and when it is spoken (None when the manifest has no timings)."""

    text: str
    part: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Paragraph:
    """Consecutive sentences of one slide field, shown as one paragraph of the transcript."""

    part: str
    sentences: list[Sentence]

    @property
    def text(self) -> str:
        return " ".join(sentence.text for sentence in self.sentences)


@dataclass(frozen=True)
class ListenChapter:
    """One slide in the whole-essay audio: its heading, where it starts, and its transcript."""

    slide: int
    title: str
    start: float | None
    paragraphs: list[Paragraph]


@dataclass(frozen=True)
class ListenPage:
    """Everything the listen page shows: the essay audio, its chapters and its transcript."""

    audio_url: str
    duration: float
    chapters: list[ListenChapter]
    sentences: list[dict[str, Any]]  # what the read-along script follows (timed ones only)
    captions_url: str | None
    chapters_url: str | None

    @property
    def timed(self) -> bool:
        return bool(self.sentences)


def valid_sentences(entries: Any) -> list[dict[str, Any]]:
    """Return the well-formed timed sentences of a manifest list, as plain dicts for JSON."""
    sentences = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("part") not in PARTS:
            continue
        start, end, text = entry.get("start"), entry.get("end"), entry.get("text")
        if not (_number(start) and _number(end) and isinstance(text, str) and text.strip()):
            continue
        sentence = {"start": float(start), "end": float(end), "text": text, "part": entry["part"]}
        if isinstance(entry.get("slide"), int):
            sentence["slide"] = entry["slide"]
        sentences.append(sentence)
    return sentences


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def clip_sentences(clip: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Return one slide clip's timed sentences (empty when the manifest has none)."""
    return valid_sentences((clip or {}).get("sentences"))


def timestamp(seconds: float) -> str:
    """Format seconds as m:ss (h:mm:ss past an hour), as players show them."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _paragraphs(sentences: list[Sentence]) -> list[Paragraph]:
    """Group consecutive sentences of the same field into paragraphs."""
    paragraphs: list[Paragraph] = []
    for sentence in sentences:
        if paragraphs and paragraphs[-1].part == sentence.part:
            paragraphs[-1].sentences.append(sentence)
        else:
            paragraphs.append(Paragraph(sentence.part, [sentence]))
    return paragraphs


def _timed_chapters(deck: Deck, essay: dict[str, Any], timed: list[dict]) -> list[ListenChapter]:
    """Chapters from the essay's sentences, starting where `chapter_starts` says (if given)."""
    starts = {
        entry["slide"]: entry
        for entry in essay.get("chapter_starts") or []
        if isinstance(entry, dict) and isinstance(entry.get("slide"), int)
    }
    by_slide: dict[int, list[Sentence]] = {}
    for s in timed:
        if 1 <= s.get("slide", 0) <= len(deck.slides):
            sentence = Sentence(s["text"], s["part"], s["start"], s["end"])
            by_slide.setdefault(s["slide"], []).append(sentence)
    chapters = []
    for number, sentences in sorted(by_slide.items()):
        given = starts.get(number, {})
        start = given.get("start") if _number(given.get("start")) else sentences[0].start
        title = deck.slide(number).heading
        chapters.append(ListenChapter(number, title, start, _paragraphs(sentences)))
    return chapters


def _untimed_chapters(deck: Deck, manifest: Manifest) -> list[ListenChapter]:
    """Chapters for a manifest without sentence timings: each clip's transcript, untimed."""
    chapters = []
    for number, slide in enumerate(deck.slides, start=1):
        clip = manifest.clip(number)
        if clip and clip.get("text"):
            paragraphs = [Paragraph("script", [Sentence(part, "script") for part in _split(clip)])]
            chapters.append(ListenChapter(number, slide.heading, None, paragraphs))
    return chapters


def _split(clip: dict[str, Any]) -> list[str]:
    return [part for part in str(clip["text"]).split("\n\n") if part.strip()]


def listen_page(deck: Deck, manifest: Manifest | None) -> ListenPage | None:
    """Return what the listen page shows, or None when the deck has no whole-essay audio."""
    essay = manifest.essay if manifest else None
    if not manifest or not essay or essay.get("file") not in manifest.files:
        return None

    def media(name: Any) -> str | None:
        ok = isinstance(name, str) and name in manifest.files
        return url_for("media.published", slug=deck.slug, name=name) if ok else None

    timed = [s for s in valid_sentences(essay.get("sentences")) if "slide" in s]
    chapters = _timed_chapters(deck, essay, timed) if timed else _untimed_chapters(deck, manifest)
    return ListenPage(
        audio_url=media(essay["file"]) or "",
        duration=float(essay.get("duration") or 0),
        chapters=chapters,
        sentences=timed,
        captions_url=media(essay.get("captions")),
        chapters_url=media(essay.get("chapters")),
    )
