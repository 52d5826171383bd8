"""Narration warnings for `glimpse check`: dead pronunciation entries, very long sentences."""

from __future__ import annotations

from ..deck import Deck
from .script import parts, unmatched_entries
from .sentences import MAX_PIECE_WORDS, sentences, word_count

LONG_SENTENCE = 2 * MAX_PIECE_WORDS  # words: spoken in pieces cut at clauses; hard to follow
LONG_PART = 400  # words in one caption, description or narration
SHOWN = 3  # long sentences named one by one in a field; the rest are counted on one line


def narration_warnings(deck: Deck) -> list[tuple[int | None, str, str]]:
    """Return (slide or None, field, message) for every narration problem worth a warning."""
    found: list[tuple[int | None, str, str]] = [
        (None, "pronunciations", f"{key!r} matches no spoken text: remove it or fix its spelling")
        for key in unmatched_entries(deck)
    ]
    for number, slide in enumerate(deck.slides, start=1):
        for part in parts(deck, slide):
            words = word_count(part.text)
            if words > LONG_PART:
                found.append(
                    (number, part.name, f"{words} words: very long to listen to; consider cutting")
                )
            found += _long_sentences(number, part.name, part.text)
    return found


def _long_sentences(number: int, name: str, text: str) -> list[tuple[int | None, str, str]]:
    """Return a warning for each of the first SHOWN long sentences of a field, then a count."""
    long = [(s, n) for s in sentences(text) if (n := word_count(s)) > LONG_SENTENCE]
    found: list[tuple[int | None, str, str]] = [
        (
            number,
            name,
            f"a sentence of {count} words ({sentence[:40]!r}...): it is spoken "
            "in pieces cut at commas; shorter sentences sound better",
        )
        for sentence, count in long[:SHOWN]
    ]
    if len(long) > SHOWN:
        more = len(long) - SHOWN
        found.append((number, name, f"and {more} more sentences of over {LONG_SENTENCE} words"))
    return found
