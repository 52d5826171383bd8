"""Deck problems as data: file, slide and field, turned into text only where they are shown."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


class DeckError(Exception):
    """One problem in one deck, located by file, slide number (1-based) and field."""

    def __init__(self, path: Path | str, slide: int | None, field: str | None, message: str):
        self.path = Path(path)
        self.slide = slide
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.slide is not None:
            parts.append(f"slide {self.slide}")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class DeckErrors(Exception):
    """Every problem found in one deck; raised only after the whole deck was checked."""

    def __init__(self, errors: list[DeckError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def locate(loc: tuple[int | str, ...], message: str) -> tuple[int | None, str, str]:
    """Turn a pydantic error location into (slide number, field, message)."""
    parts = [str(p) for p in loc]
    slide = None
    if len(parts) >= 2 and parts[0] == "slides" and parts[1].isdigit():
        slide = int(parts[1]) + 1
        parts = parts[2:]
    field = ".".join(parts)
    if not field and ": " in message:  # model-level checks name their field in the message
        field, message = message.split(": ", 1)
    return slide, field, message


# What to write instead, by pydantic error type: a deck author reads these, so no library words.
_BY_TYPE = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_too_short": "must not be empty",
    "string_type": 'must be text in quotes, like "Some words"',
    "bool_type": "must be true or false (without quotes)",
    "bool_parsing": "must be true or false (without quotes)",
    "float_type": "must be a number, like 1.0",
    "float_parsing": "must be a number, like 1.0",
    "finite_number": "must be an ordinary number, like 1.0 (not nan or inf)",
    "int_type": "must be a whole number",
    "date_type": "must be a date written like 2014-01-01 (without quotes)",
    "date_parsing": "must be a date written like 2014-01-01 (without quotes)",
    "date_from_datetime_inexact": "must be a date written like 2014-01-01, without a time",
    "dict_type": "must be a table of names and values",
    "model_type": "must be a table of fields",
    "model_attributes_type": "must be a table of fields",
    "list_type": "must be a list",
}


def friendly(item: Mapping[str, Any]) -> str:
    """Turn one pydantic error into an editor's words: what is wrong and what to write instead."""
    kind, ctx = item.get("type", ""), item.get("ctx") or {}
    loc = [str(part) for part in item.get("loc", ())]
    if kind in ("model_type", "model_attributes_type", "dict_type") and loc[:1] == ["slides"]:
        return "must be a slide table, written as [[slides]] followed by its fields"
    if kind == "too_short" and loc == ["slides"]:
        return "needs at least one slide: add a [[slides]] table"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', 'the listed values')}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    return str(item.get("msg", "is not valid")).removeprefix("Value error, ")
