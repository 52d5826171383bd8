"""Text normalisation before speech: dates, ordinals, numbers and abbreviations, said in words.

Engines guess at "January 1, 2014" ("January one, two thousand fourteen") and "Mt." ("M T").
Spoken text only: what a page shows is never changed. Numbers are spelled by num2words in the
deck's language where it knows the language; dates and abbreviations are English rules, used
only for English decks.
"""

from __future__ import annotations

import re

from num2words import CONVERTER_CLASSES, num2words

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "|".join(MONTHS)
_DATE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(,?\s+(\d{{4}})\b)?")
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\b")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"(?<![\d.,])\b(1[1-9]\d\d|20\d\d)\b(?![\d.,]\d)(?!\s*%)")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_PERCENT = re.compile(r"(\d)\s*%")

ABBREVIATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bMt\.(?=\s)"), "Mount"),
    (re.compile(r"\bSt\.(?=\s+[A-Z])"), "Saint"),
    (re.compile(r"\bSt\.(?=\s|$)"), "Street"),
    (re.compile(r"\bDr\.(?=\s+[A-Z])"), "Doctor"),
    (re.compile(r"\bNo\.(?=\s*\d)"), "number"),
    (re.compile(r"\bNos\.(?=\s*\d)"), "numbers"),
    (re.compile(r"\bMr\.(?=\s)"), "Mister"),
    (re.compile(r"\bMrs\.(?=\s)"), "Missus"),
    (re.compile(r"\be\.g\.(?=\s)"), "for example"),
    (re.compile(r"\bi\.e\.(?=\s)"), "that is"),
    (re.compile(r"\bvs\.(?=\s)"), "versus"),
]
"""English abbreviations an engine misreads; the context decides between Saint and Street."""


def _language(tag: str) -> str | None:
    """Return num2words' name for a BCP 47 tag ('en-GB' -> 'en_GB' or 'en'), None if unknown."""
    parts = tag.replace("-", "_").split("_")
    for candidate in (f"{parts[0].lower()}_{parts[1].upper()}" if len(parts) > 1 else "", parts[0]):
        if candidate in CONVERTER_CLASSES:
            return candidate
    return None


def _english_dates(text: str) -> str:
    """'January 1, 2014' -> 'January first, twenty fourteen'; '1 May' -> 'the first of May'."""

    def month_first(m: re.Match[str]) -> str:
        spoken = f"{m.group(1)} {num2words(int(m.group(2)), to='ordinal')}"
        if m.group(4):
            spoken += f", {num2words(int(m.group(4)), to='year')}"
        return spoken

    def day_first(m: re.Match[str]) -> str:
        return f"the {num2words(int(m.group(1)), to='ordinal')} of {m.group(2)}"

    return _DAY_FIRST.sub(day_first, _DATE.sub(month_first, text))


def _abbreviations(text: str) -> str:
    """Expand the English abbreviations engines misread."""
    for pattern, words in ABBREVIATIONS:
        text = pattern.sub(words, text)
    return text


def normalize(text: str, language: str = "en") -> str:
    """Return `text` with dates, ordinals, years, numbers and abbreviations said in words."""
    lang = _language(language)
    english = language.split("-")[0].lower() == "en"
    if english:
        text = _abbreviations(_english_dates(text))
        text = _PERCENT.sub(r"\1 percent", text)
    if lang is None:
        return text
    text = _ORDINAL.sub(lambda m: num2words(int(m.group(1)), lang=lang, to="ordinal"), text)
    if english:
        text = _YEAR.sub(lambda m: num2words(int(m.group(1)), lang=lang, to="year"), text)

    def number(m: re.Match[str]) -> str:
        value = m.group(1).replace(",", "") + (m.group(2) or "")
        return num2words(float(value) if m.group(2) else int(value), lang=lang)

    return _NUMBER.sub(number, text)
