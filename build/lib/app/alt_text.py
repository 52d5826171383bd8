"""Lint a deck's alt text: the rules that make a text alternative useful to a listener.

The deck model already refuses an image with no alt; this lint still checks (a deck built in
code can skip validation) and adds the rules a schema cannot express.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from app.deck import Deck, Slide

MAX_ALT = 250
_REDUNDANT_START = re.compile(r"^\s*(?:an?\s+)?(image|photo|picture|photograph)\s+of\b", re.I)
_NOT_WORDS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Finding:
    """One alt-text problem, located by slide number (1-based) and field."""

    severity: Literal["error", "warning"]
    slide: int
    field: str
    message: str


def lint_alt(deck: Deck) -> list[Finding]:
    """Return every alt-text finding in the deck, in slide order."""
    findings: list[Finding] = []
    for number, slide in enumerate(deck.slides, start=1):
        if slide.image:
            findings += _slide_findings(number, slide)
    return findings


def _normal(text: str | None) -> str:
    """Fold case and drop spaces and punctuation, so near-copies compare equal."""
    return _NOT_WORDS.sub("", (text or "").casefold())


def _slide_findings(number: int, slide: Slide) -> list[Finding]:
    """Check one slide that has an image."""
    if slide.decorative:
        return _decorative_findings(number, slide)
    alt = (slide.alt or "").strip()
    if not alt:
        return [Finding("error", number, "alt", "must not be empty (or mark the image decorative)")]
    found = []
    assert slide.image
    image = PurePosixPath(slide.image)
    if _normal(alt) in {_normal(image.name), _normal(image.stem)}:
        found.append(Finding("error", number, "alt", "is the file name: describe the picture"))
    if slide.caption and _normal(alt) == _normal(slide.caption):
        message = "repeats the caption: say what the picture shows, which the caption does not"
        found.append(Finding("error", number, "alt", message))
    if start := _REDUNDANT_START.match(alt):
        message = (
            f'starts with "{start.group(0).strip()}": screen readers already say it is an image;'
            " start with what it shows"
        )
        found.append(Finding("warning", number, "alt", message))
    if len(alt) > MAX_ALT:
        message = (
            f"is {len(alt)} characters (over {MAX_ALT}): keep the essentials and move detail"
            " to the description field"
        )
        found.append(Finding("warning", number, "alt", message))
    return found


def _decorative_findings(number: int, slide: Slide) -> list[Finding]:
    """Check an image marked decorative: one with a caption or alt text probably is not."""
    found = []
    if slide.caption:
        message = "the image has a caption, so it is probably not decorative"
        found.append(Finding("warning", number, "decorative", message))
    if slide.alt and slide.alt.strip():
        message = "is ignored: a decorative image is given an empty alt"
        found.append(Finding("warning", number, "alt", message))
    return found
