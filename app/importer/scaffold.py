"""`glimpse new`: a deck to fill in, one example slide, a comment on every field.

The comments are the schema's own field descriptions (app/deck.py), so they cannot drift from
what `glimpse check` enforces. Required text is left empty: `glimpse check` names each field
until the author writes it, and then passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel

from ..deck import DECK_FILE, SLUG_PATTERN, DeckModel, Narration, Slide
from ..deck_errors import DeckError

EXAMPLE_IMAGE = "images/01.jpg"
# What each field shows in the scaffold: "" for text the author must write, a value for a
# sensible default, None for an optional field shown commented out with an example.
SHOWN: dict[str, Any] = {
    "title": "",
    "language": "en",
    "date": None,
    "source": None,
    "credit": "",
    "intro": None,
    "describe": False,
    "engine": "piper",
    "voice": None,
    "speed": 1.0,
    "tld": None,
    "heading": "",
    "image": EXAMPLE_IMAGE,
    "alt": "",
    "decorative": None,
    "placeholder": None,
    "caption": None,
    "description": None,
    "quote": None,
    "note": None,
    "narration": None,
    "lang": None,
}
# TOML text of the examples shown for optional fields; any other field shows "...".
EXAMPLES = {
    "date": "2025-01-31",
    "source": '"https://example.com/essay"',
    "intro": '"A sentence or two that introduces the essay."',
    "voice": '"en_US-joe-medium"',
    "tld": '"co.uk"',
    "decorative": "true",
    "placeholder": "true",
    "caption": '"The caption, as the essay wrote it."',
    "quote": '{ text = "The words quoted.", by = "Who said them" }',
    "lang": '"fr"',
}


def scaffold_text() -> str:
    """Return the scaffold deck: every field of the schema, each with its description."""
    lines = [
        '# A new Glimpse deck. Write every empty "" value, put the picture at images/01.jpg,',
        "# then run `glimpse check`: it names each field still to do. Copy the [[slides]] table",
        "# for each further slide. Each comment is the field's description from the schema.",
        "",
    ]
    lines += _fields(DeckModel, skip={"narration", "pronunciations", "slides"})
    lines += ["", f"# {Narration.__doc__}", "[narration]", *_fields(Narration)]
    lines += ["", "# " + _describe(DeckModel, "pronunciations"), "[pronunciations]"]
    lines += ['# Pyongyang = "Pyong Yang"', "", "# " + _describe(DeckModel, "slides"), "[[slides]]"]
    lines += _fields(Slide)
    return "\n".join(lines) + "\n"


def _describe(model: type[BaseModel], name: str) -> str:
    return model.model_fields[name].description or name


def _fields(model: type[BaseModel], skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Return a comment and a line (or a commented example) for each field of `model`."""
    lines = []
    for name in model.model_fields:
        if name in skip:
            continue
        lines.append(f"# {_describe(model, name)}")
        shown = SHOWN.get(name)
        if shown is None:
            example = EXAMPLES.get(name, '"..."')
            lines.append(f"# {name} = {example}")
        else:
            lines.append(tomli_w.dumps({name: shown}).strip())
    return lines


def new_deck(slug: str, content_dir: Path) -> Path:
    """Write `content_dir/slug/deck.toml` and an empty images folder; return the deck file."""
    if not SLUG_PATTERN.match(slug):
        raise DeckError(slug, None, None, "a slug is lowercase letters, digits and hyphens")
    folder = content_dir / slug
    deck_file = folder / DECK_FILE
    if deck_file.exists():
        raise DeckError(Path(content_dir.name) / slug / DECK_FILE, None, None, "already exists")
    (folder / "images").mkdir(parents=True, exist_ok=True)
    deck_file.write_text(scaffold_text(), encoding="utf-8")
    return Path(content_dir.name) / slug / DECK_FILE
