"""What an import finds in a page, whatever the page's format: an essay, its figures, its skips.

The HTML and Markdown readers both produce an `Essay`; the writer and the report read only this.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

_SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str | None:
    """Collapse runs of white space as a browser shows them; None for nothing at all."""
    if text is None:
        return None
    text = _SPACE.sub(" ", text).strip()
    return text or None


@dataclass
class Figure:
    """One picture of the essay, with what the page says about it (never invented)."""

    alt: str | None
    caption: str | None = None
    credit: str | None = None
    heading: str | None = None
    local: Path | None = None  # the chosen file beside the page, when there is one
    remote: str | None = None  # the chosen URL, when no candidate is a local file
    origin: str = ""  # how the page names the chosen picture, for comments and the report


@dataclass(frozen=True)
class Skipped:
    """An image that is not part of the essay, and why it was left out."""

    image: str
    reason: str


@dataclass
class Essay:
    """Everything an import keeps from a page, in reading order."""

    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    source: str | None = None
    language: str | None = None
    intro: str | None = None
    figures: list[Figure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def credit(self) -> str | None:
        """Return the picture credits as the page wrote them, or else the byline."""
        credits = list(dict.fromkeys(f.credit for f in self.figures if f.credit))
        return "; ".join(credits) if credits else self.author


def parse_date(value: str | None) -> dt.date | None:
    """Read the date part of an ISO 8601 timestamp ("2014-01-01T09:00:00Z"); None otherwise."""
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
