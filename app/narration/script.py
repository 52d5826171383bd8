"""What is spoken for a slide: its displayed sentences, each with the pieces an engine speaks.

Spoken text = deck text without `[[ ]]`, the pronunciation table applied (respellings, or
`[[phonemes]]` for engines that read them), normalised (dates, numbers), long sentences cut.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from ..deck import Deck, Pronunciation, Slide
from .normalize import normalize
from .sentences import sentence_spans, split_long

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


Table = dict[str, str | Pronunciation]
_PHONEME_BLOCK = re.compile(r"(\[\[.*?\]\])")


@dataclass(frozen=True)
class Part:
    """One field of a slide that is spoken: its name (as in the manifest) and its text."""

    name: str
    text: str
    suffix: str = ""  # spoken after the last sentence, e.g. who a quotation is by


@dataclass(frozen=True)
class Sentence:
    """One displayed sentence: the field it is in, its exact text there, what is spoken."""

    part: str
    text: str
    pieces: tuple[str, ...]


def parts(deck: Deck, slide: Slide) -> list[Part]:
    """Return the spoken fields of a slide, in order.

    The narration override replaces the caption and quote; the image description (or the alt
    text when there is none) follows when the deck asks for descriptions.
    """
    found: list[Part] = []
    if slide.narration and slide.narration.strip():
        found.append(Part("narration", slide.narration))
    else:
        if slide.caption and slide.caption.strip():
            found.append(Part("caption", slide.caption))
        if slide.quote:
            found.append(Part("quote", slide.quote.text, f"By {slide.quote.by}."))
    if deck.model.describe and slide.image:
        if slide.description and slide.description.strip():
            found.append(Part("description", slide.description))
        elif slide.alt and slide.alt.strip():
            found.append(Part("alt", slide.alt))
    return found


def script_parts(deck: Deck, slide: Slide) -> list[str]:
    """Return the slide's transcript as parts separated by a pause when spoken."""
    shown = []
    for part in parts(deck, slide):
        quoted = (
            f"\u201c{part.text}\u201d by {slide.quote.by}" if part.name == "quote" else part.text
        )
        shown.append(quoted.strip())
    return shown


def display_script(deck: Deck, slide: Slide) -> str:
    """Return the text shown as the transcript of the slide's clip ('' when nothing is spoken)."""
    return "\n\n".join(script_parts(deck, slide))


def clean_for_speech(text: str) -> str:
    """Strip `[[`/`]]`, turn curly quotes and dashes into what engines read well, tidy spaces.

    An en dash between numbers is a range ("1950 to 1953"); other dashes become a comma pause.
    """
    return _tidy(text.replace("[[", " ").replace("]]", " "))


def _tidy(text: str) -> str:
    text = re.sub(r"(\d)\s*\u2013\s*(\d)", r"\1 to \2", text).translate(_SPEECH_FIXES)
    text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", text))
    return re.sub(r",(\s*,)+", ",", text).strip()


def _pattern(table: Table) -> re.Pattern[str] | None:
    """Build one alternation, longest key first, anchored at word boundaries on both ends."""
    keys = sorted((k for k in table if k), key=lambda k: (-len(k), k))
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _spoken_form(key: str, entry: str | Pronunciation, phonemes: bool) -> str:
    if isinstance(entry, str):
        return entry
    if phonemes and entry.phonemes:
        return f"[[{entry.phonemes.strip()}]]"
    return entry.say or key


def apply_pronunciations(text: str, table: Table, phonemes: bool = False) -> str:
    """Rewrite whole words and phrases from `table`: case-sensitive, longest first, one pass.

    One regex substitution scans the text once, so a replacement is never rewritten again.
    Entries pinned by sound become `[[phonemes]]` when the engine reads phonemes.
    """
    pattern = _pattern(table)
    if not pattern:
        return text
    return pattern.sub(lambda m: _spoken_form(m.group(0), table[m.group(0)], phonemes), text)


def unmatched_entries(deck: Deck) -> list[str]:
    """Return the table's entries that match no spoken text of the deck (dead entries)."""
    table = deck.model.pronunciations
    texts = [p.text + " " + p.suffix for s in deck.slides for p in parts(deck, s)]
    spoken = "\n".join(clean_for_speech(text) for text in texts)
    return [key for key in table if not _pattern({key: ""}).search(spoken)]


def table_hash(table: Table) -> str:
    """Return a stable hash of the whole pronunciation table (part of every clip's cache key)."""
    plain = {k: v if isinstance(v, str) else v.model_dump() for k, v in table.items()}
    encoded = json.dumps(plain, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def speak(text: str, table: Table, language: str, phonemes: bool = False) -> str:
    """Return what an engine is given for deck text: table, then normalisation and tidying.

    Phoneme blocks from the table pass through untouched.
    """
    rewritten = apply_pronunciations(clean_for_speech(text), table, phonemes)
    chunks = _PHONEME_BLOCK.split(rewritten)
    return _tidy("".join(c if c.startswith("[[") else normalize(c, language) for c in chunks))


def slide_sentences(deck: Deck, slide: Slide, phonemes: bool = False) -> list[Sentence]:
    """Return the slide's displayed sentences in speaking order, with their spoken pieces."""
    table, language = deck.model.pronunciations, slide.lang or deck.model.language
    found: list[Sentence] = []
    for part in parts(deck, slide):
        spans = sentence_spans(part.text)
        for index, (start, end) in enumerate(spans):
            shown = part.text[start:end]
            spoken = speak(shown, table, language, phonemes)
            pieces = split_long(spoken)
            if part.suffix and index == len(spans) - 1:
                pieces.append(speak(part.suffix, table, language, phonemes))
            if pieces:
                found.append(Sentence(part.name, shown, tuple(pieces)))
    return found


def spoken_segments(deck: Deck, slide: Slide) -> list[str]:
    """Return what is spoken, one string per part (sentences joined), for display and tests."""
    by_part: dict[str, list[str]] = {}
    for sentence in slide_sentences(deck, slide):
        by_part.setdefault(sentence.part, []).extend(sentence.pieces)
    return [" ".join(pieces) for pieces in by_part.values()]
