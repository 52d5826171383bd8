"""What is spoken for a slide: its transcript, split into segments, with pronunciations applied."""

from __future__ import annotations

import hashlib
import json
import re

from ..deck import Deck, Slide

_SPEECH_FIXES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2032": "'",
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": ", ",
        "\u2014": ", ",
        "\u2015": ", ",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)  # dashes become commas: engines read an em dash as a word or run straight through it


def script_parts(deck: Deck, slide: Slide) -> list[str]:
    """Return the slide's transcript as parts separated by a pause when spoken.

    The narration override replaces the caption and quote; the image description (or the alt
    text when there is none) follows when the deck asks for descriptions.
    """
    parts: list[str] = []
    if slide.narration and slide.narration.strip():
        parts.append(slide.narration.strip())
    else:
        if slide.caption and slide.caption.strip():
            parts.append(slide.caption.strip())
        if slide.quote:
            parts.append(f"\u201c{slide.quote.text}\u201d by {slide.quote.by}")
    if deck.model.describe and slide.image:
        described = slide.description or slide.alt
        if described and described.strip():
            parts.append(described.strip())
    return parts


def display_script(deck: Deck, slide: Slide) -> str:
    """Return the text shown as the transcript of the slide's clip ('' when nothing is spoken)."""
    return "\n\n".join(script_parts(deck, slide))


def clean_for_speech(text: str) -> str:
    """Strip `[[`/`]]`, turn curly quotes and dashes into what engines read well, tidy spaces.

    An en dash between numbers is a range ("1950 to 1953"); other dashes become a comma pause.
    """
    text = text.replace("[[", " ").replace("]]", " ")
    text = re.sub(r"(\d)\s*\u2013\s*(\d)", r"\1 to \2", text).translate(_SPEECH_FIXES)
    text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", text))
    return re.sub(r",(\s*,)+", ",", text).strip()


def _pattern(table: dict[str, str]) -> re.Pattern[str] | None:
    """Build one alternation, longest key first, anchored at word boundaries on both ends."""
    keys = sorted((k for k in table if k), key=lambda k: (-len(k), k))
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def apply_pronunciations(text: str, table: dict[str, str]) -> str:
    """Rewrite whole words and phrases from `table`: case-sensitive, longest first, one pass.

    One regex substitution scans the text once, so a replacement is never rewritten again.
    """
    pattern = _pattern(table)
    return pattern.sub(lambda m: table[m.group(0)], text) if pattern else text


def table_hash(table: dict[str, str]) -> str:
    """Return a stable hash of the whole pronunciation table (part of every clip's cache key)."""
    encoded = json.dumps(table, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def spoken_segments(deck: Deck, slide: Slide) -> list[str]:
    """Return what the engine speaks, one string per part, pronunciations applied."""
    table = deck.model.pronunciations
    segments = (clean_for_speech(apply_pronunciations(p, table)) for p in script_parts(deck, slide))
    return [segment for segment in segments if segment]
