"""Sentences: find the displayed sentences of a text, and cut long spoken ones at clauses.

Piper's memory grows with the square of a sentence's length (1 GB at 250 words), so no piece
sent to an engine is longer than MAX_PIECE_WORDS words, whatever an author writes. Both jobs
take time in proportion to the text (times the depth of cutting): a 5 MB caption is seconds.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "mt",
        "st",
        "dr",
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "rev",
        "fr",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "ft",
    ]
)
"""Words whose full stop does not end a sentence (lower case, without the final dot)."""

MAX_PIECE_WORDS = 40
"""The longest piece of a sentence sent to an engine in one go."""

_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)")
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_STRONG = re.compile(r"[;:](?=\s)|\s[\u2014\u2013]\s?|\u2014")
_COMMA = re.compile(r",(?=\s)")
_ALNUM = re.compile(r"[^\W_]")  # one character of a word: a text has a word if it has one
_LAST_TOKEN = re.compile(r"(\S+)$")
_NEXT = re.compile(r"\s*(\S?)")
LOOKBACK = 32  # characters before a full stop searched for an abbreviation (longest is 6)
_CONJUNCTION = re.compile(
    r"\s(?=(?:and|but|or|so|yet|which|who|while|because|although|though|where|when|whereas)\s)"
)


def word_count(text: str) -> int:
    """Return how many words `text` has."""
    return len(_WORD.findall(text))


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Return True unless the full stop belongs to an abbreviation or an initial."""
    if match.group(0).startswith(("!", "?", "\u2026")) or len(match.group(0)) > 1:
        return True
    before = _LAST_TOKEN.search(text, max(0, match.start() - LOOKBACK), match.start())
    word = before.group(1).lower().lstrip("(\"'\u201c\u2018") if before else ""
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        following = _NEXT.match(text, match.end()).group(1)
        return not following or (word == "etc" and following.isupper())
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence in `text`, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if _ends_sentence(text, match):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        chunk = text[begin:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trimmed.append((begin + lead, begin + len(chunk.rstrip())))
    return trimmed


def sentences(text: str) -> list[str]:
    """Return the sentences of `text`, each an exact substring of it."""
    return [text[begin:end] for begin, end in sentence_spans(text)]


def _cut_points(text: str) -> list[int]:
    """Return where `text` may be cut, best kind first (clause marks, commas, conjunctions).

    A cut needs a word on both sides: a word character before it and one at or after it.
    """
    first = _ALNUM.search(text)
    if first is None:
        return []
    last = next(i for i in range(len(text) - 1, -1, -1) if _ALNUM.match(text, i))
    end = len(text.rstrip())
    for pattern in (_STRONG, _COMMA, _CONJUNCTION):
        points = [m.end() for m in pattern.finditer(text) if 0 < m.end() < end]
        points = [p for p in points if first.start() < p <= last]
        if points:
            return points
    return []


def split_long(text: str, limit: int = MAX_PIECE_WORDS) -> list[str]:
    """Cut `text` into pieces of at most `limit` words, at clause boundaries where it can.

    The cut nearest the middle is taken first, so pieces come out of similar length; a run of
    words with no boundary is cut between words as a last resort. Halves wait on a stack (no
    recursion), so no text is too long to cut.
    """
    pieces: list[str] = []
    waiting = [text]
    while waiting:
        part = waiting.pop().strip()
        count = word_count(part)
        if count <= limit:
            pieces += [part] if part else []
            continue
        points = _cut_points(part)
        if not points:
            words = [m.end() for m in _WORD.finditer(part)]
            points = [words[count // 2 - 1]]
        middle = len(part) / 2
        cut = min(points, key=lambda point: abs(point - middle))
        waiting += [part[cut:], part[:cut]]  # the first half is cut (or kept) first
    return pieces
