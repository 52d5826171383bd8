"""Where each timed sentence sits in a slide's text: the plan both the XHTML and the SMIL follow.

A sentence's `text` is an exact substring of the slide field its `part` names (the narration
contract), so it is found by searching forward in that field. If any sentence cannot be placed,
the slide falls back to one span for the whole clip rather than pointing at a missing element.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..deck import Slide
from .timing import Sentence


@dataclass(frozen=True)
class Span:
    """A timed stretch of a slide: an element id, its field and character range, its clip time.

    `part` None means the whole slide (the fall-back): the id is then the slide section's id.
    """

    id: str
    part: str | None
    begin: int
    end: int
    start: float
    stop: float


def part_text(slide: Slide, part: str) -> str | None:
    """Return the displayed text of a slide field named by a sentence's `part`."""
    if part == "quote":
        return slide.quote.text if slide.quote else None
    return getattr(slide, part, None)


def section_id(number: int) -> str:
    """Return the id of slide `number`'s section element."""
    return f"slide-{number}"


def plan_spans(slide: Slide, number: int, sentences: list[Sentence]) -> list[Span]:
    """Place every sentence in its field; fall back to one whole-slide span if one is missing."""
    whole = [Span(section_id(number), None, 0, 0, sentences[0].start, sentences[-1].end)]
    if any(s.part is None for s in sentences):
        return whole
    cursors: dict[str, int] = {}
    spans = []
    for index, sentence in enumerate(sentences, start=1):
        text = part_text(slide, sentence.part or "")
        needle = sentence.text
        found = text.find(needle, cursors.get(sentence.part, 0)) if text and needle else -1
        if found < 0:
            return whole
        cursors[sentence.part] = found + len(needle)
        spans.append(
            Span(
                f"s{number}-{index}",
                sentence.part,
                found,
                found + len(needle),
                sentence.start,
                sentence.end,
            )
        )
    return spans


def spans_in(spans: list[Span], part: str) -> list[Span]:
    """Return the spans inside one field, in text order."""
    return sorted((s for s in spans if s.part == part), key=lambda s: s.begin)
