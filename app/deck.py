"""The deck: a folder with `deck.toml` and images, validated once into typed models.

The schema is declared here and nowhere else. Every problem in a deck is collected before
stopping, so an editor fixes a broken deck in one pass instead of one error at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from .deck_errors import DeckError, DeckErrors, friendly, locate
from .deck_fields import LanguageTag, OptionalText, PlainText, Text

DECK_FILE = "deck.toml"
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class Strict(BaseModel):
    """Base for deck models: unknown keys are typos, so they are errors."""

    # strict: TOML has real booleans, numbers and dates, so "yes" for true is a mistake to report.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Quote(Strict):
    """A quotation shown as a block quote, with who said it."""

    text: Text = Field(description="The words quoted, without quotation marks.")
    by: Text = Field(description="Who said or wrote it.")
    lang: LanguageTag | None = Field(
        None, description="BCP 47 language of the quote when not the deck's."
    )


class Narration(Strict):
    """How the deck is spoken; command-line options override these."""

    engine: Literal["piper", "gtts"] = Field(
        "piper", description="Speech engine: 'piper' (offline) or 'gtts'."
    )
    voice: str | None = Field(
        None, description="Piper voice name or path to an .onnx file; None means the default."
    )
    speed: float = Field(
        1.0, ge=0.5, le=2.0, allow_inf_nan=False, description="Speaking rate; 1.0 is natural."
    )
    tld: str = Field("com", description="Google domain gTTS uses (accent), e.g. 'com', 'co.uk'.")


class Slide(Strict):
    """One slide: an optional picture, its caption, and what is spoken."""

    heading: Text = Field(description="Short heading: names the slide, its page title and link.")
    image: str | None = Field(None, description="Image path relative to the deck folder.")
    alt: PlainText | None = Field(None, description="Text alternative; required unless decorative.")
    decorative: bool = Field(False, description="The image adds nothing; it gets alt=''.")
    placeholder: bool = Field(
        False, description="If the image file is absent, draw a labelled stand-in card."
    )
    caption: OptionalText | None = Field(
        None, description="Visible caption, as the essay wrote it."
    )
    description: OptionalText | None = Field(None, description="Longer description of the picture.")
    quote: Quote | None = Field(None, description="A quotation shown on the slide.")
    note: OptionalText | None = Field(None, description="Editor's note, e.g. a correction.")
    narration: OptionalText | None = Field(
        None, description="Spoken text, replacing the default script."
    )
    lang: LanguageTag | None = Field(
        None, description="BCP 47 language of the caption when not the deck's."
    )

    @model_validator(mode="after")
    def _image_needs_alt(self) -> Slide:
        if self.image and not self.decorative and not (self.alt and self.alt.strip()):
            raise ValueError("alt: must not be empty (or mark the image decorative = true)")
        if self.alt is not None and not self.alt.strip() and not self.decorative:
            raise ValueError("alt: must not be empty")
        if not (self.caption or self.quote or self.image):
            raise ValueError("caption: a slide needs a caption, a quote or an image")
        return self


class DeckModel(Strict):
    """The deck file as written: metadata, narration settings, pronunciations, slides."""

    title: Text = Field(description="The essay's headline.")
    language: LanguageTag = Field("en", description="BCP 47 language of the deck.")
    date: dt.date | None = Field(None, description="Publication date of the essay.")
    source: str | None = Field(None, description="Where the essay was first published.")
    credit: Text = Field(description="Who made the pictures; shown on every slide page.")
    rights: OptionalText | None = Field(
        None, description="Copyright and licence statement, carried by the EPUB and the feed."
    )
    intro: OptionalText | None = Field(None, description="Short introduction on the contents page.")
    describe: bool = Field(False, description="Speak each image description after its caption.")
    narration: Narration = Field(default_factory=Narration)
    pronunciations: dict[str, str] = Field(
        default_factory=dict, description="Spoken-only rewrites: whole word, case-sensitive."
    )
    slides: list[Slide] = Field(min_length=1, description="The slides, in reading order.")


@dataclass(frozen=True)
class Deck:
    """A validated deck with where it lives."""

    slug: str
    folder: Path
    model: DeckModel

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def slides(self) -> list[Slide]:
        return self.model.slides

    @property
    def display_file(self) -> Path:
        """Return the deck file as an author sees it in messages: content/<slug>/deck.toml."""
        return Path(self.folder.parent.name) / self.folder.name / DECK_FILE

    def slide(self, number: int) -> Slide:
        """Return slide `number` (1-based); IndexError when out of range."""
        if not 1 <= number <= len(self.slides):
            raise IndexError(number)
        return self.slides[number - 1]

    def image_path(self, slide: Slide) -> Path | None:
        """Return the slide's image path inside the deck folder, or None."""
        return (self.folder / slide.image) if slide.image else None


def _image_errors(deck_file: Path, folder: Path, slides: object) -> list[DeckError]:
    """Check that image paths stay in the deck folder and exist (unless a stand-in is allowed).

    Works on the raw slide tables, so these problems are reported with schema problems.
    """
    errors = []
    root = folder.resolve()
    for number, slide in enumerate(slides if isinstance(slides, list) else [], start=1):
        image = slide.get("image") if isinstance(slide, dict) else None
        if not isinstance(image, str) or not image:
            continue
        target = (folder / image).resolve()
        if not target.is_relative_to(root):
            errors.append(DeckError(deck_file, number, "image", "must stay inside the deck folder"))
        elif not target.is_file() and slide.get("placeholder") is not True:
            errors.append(DeckError(deck_file, number, "image", f"file not found: {image}"))
    return errors


TOO_DEEP = "nests arrays or tables too deeply to read: write each slide as a flat [[slides]] table"


def _read_toml(deck_file: Path, shown: Path) -> dict:
    """Parse the deck file; a byte-order mark (Windows editors write one) is accepted.

    Every failure becomes a DeckError for this deck, so one bad file never stops the others:
    the TOML parser recurses, so an array nested hundreds deep raises RecursionError.
    """
    try:
        text = deck_file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DeckErrors([DeckError(shown, None, None, "file not found")]) from None
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start + 1}): save the file as UTF-8"
        raise DeckErrors([DeckError(shown, None, None, message)]) from None
    except OSError as error:
        message = f"could not be read ({error.strerror}): check the file's permissions"
        raise DeckErrors([DeckError(shown, None, None, message)]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DeckErrors([DeckError(shown, None, None, f"not valid TOML: {error}")]) from None
    except RecursionError:
        raise DeckErrors([DeckError(shown, None, None, TOO_DEEP)]) from None


def load_deck(folder: Path, display_root: Path | None = None) -> Deck:
    """Load and validate `folder/deck.toml`; raise DeckErrors listing every problem.

    `display_root` makes paths in messages relative (content/<slug>/deck.toml), as editors see them.
    """
    deck_file = folder / DECK_FILE
    shown = deck_file.relative_to(display_root) if display_root else deck_file
    if not SLUG_PATTERN.match(folder.name):
        raise DeckErrors([DeckError(shown, None, None, "folder name must be a lowercase slug")])
    data = _read_toml(deck_file, shown)
    problems = []
    try:
        model = DeckModel.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            slide, field, message = locate(item["loc"], friendly(item))
            problems.append(DeckError(shown, slide, field, message))
    except RecursionError:
        raise DeckErrors([DeckError(shown, None, None, TOO_DEEP)]) from None
    problems += _image_errors(shown, folder, data.get("slides"))
    if problems:
        raise DeckErrors(sorted(problems, key=lambda e: (e.slide or 0, e.field or "")))
    return Deck(slug=folder.name, folder=folder, model=model)


def discover_decks(content_dir: Path) -> tuple[dict[str, Deck], list[DeckError]]:
    """Load every deck under `content_dir`; broken decks are reported, the rest still load."""
    decks: dict[str, Deck] = {}
    errors: list[DeckError] = []
    if not content_dir.is_dir():
        return decks, errors
    for folder in sorted(p for p in content_dir.iterdir() if (p / DECK_FILE).is_file()):
        try:
            decks[folder.name] = load_deck(folder, display_root=content_dir.parent)
        except DeckErrors as failure:
            errors.extend(failure.errors)
        except Exception as error:  # any surprise in one deck is that deck's error, not everyone's
            shown = (folder / DECK_FILE).relative_to(content_dir.parent)
            errors.append(DeckError(shown, None, None, f"could not be loaded: {error!r}"))
    return decks, errors
