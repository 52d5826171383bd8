"""Deck problems as data: file, slide and field, turned into text only where they are shown."""

from __future__ import annotations

from pathlib import Path


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


def friendly(message: str) -> str:
    """Turn pydantic's wording into an editor's ("must not be empty", "is not a known field")."""
    message = message.removeprefix("Value error, ")
    replacements = {
        "String should have at least 1 character": "must not be empty",
        "Field required": "is required",
        "Extra inputs are not permitted": "is not a known field",
    }
    return replacements.get(message, message)


def image_not_found() -> str:
    """Say what to do about a missing picture (the caller names the file)."""
    return "file not found; put the picture there, or set placeholder = true for a stand-in card"


def image_outside_deck() -> str:
    """Say what to do about a picture path that leaves the deck folder."""
    return "must stay inside the deck folder; move the picture into the deck's images folder"
