"""Read the published generation of a deck: one build's deck text and media, together.

A request calls `load_published` once and renders everything from the `Published` it gets,
so a page never mixes two builds. Damaged output reads as "not built" and is logged.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..deck import SLUG_PATTERN, Deck, DeckModel
from ..manifest import Manifest
from .layout import DECK_JSON, GENERATION_PATTERN, MANIFEST_JSON, MEDIA, POINTER, generation_dir
from .schema import ManifestShape

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Published:
    """What readers see of one deck: its text and media from one generation.

    `generation` is None (and `manifest` None) for a deck served from content/ before any build.
    """

    slug: str
    generation: str | None
    deck: Deck
    manifest: Manifest | None
    media_dir: Path

    @classmethod
    def unbuilt(cls, deck: Deck, output_dir: Path) -> Published:
        """Return a deck from content/ with no published media (pages show all text)."""
        return cls(deck.slug, None, deck, None, Path(output_dir) / deck.slug / MEDIA)

    @property
    def content_id(self) -> str | None:
        """Return the digest of what this generation publishes (deck text, narration, images).

        Unlike the generation id it ignores when the build ran, so a rebuild that changes
        nothing gives byte-identical pages (a re-export rewrites nothing), while any change gives
        a new id (a reader's prefetch cache notices the republish and is dropped).
        """
        return self.generation.rsplit("-", 1)[-1] if self.generation else None

    def path(self, file: str) -> Path:
        """Return where a file named in the manifest (`entry["file"]`) is on disk."""
        return self.media_dir / file


class Damaged(ValueError):
    """The published output exists but cannot be read as a generation."""


# Pointer file -> (its stat signature, what it pointed to); generations never change once written.
_cache: dict[Path, tuple[tuple[int, int, int], Published | None]] = {}
_reported: set[Path] = set()


def load_published(output_dir: Path, slug: str) -> Published | None:
    """Return the deck's current generation, or None when it is not built or is damaged."""
    if not SLUG_PATTERN.match(slug):
        return None
    pointer = Path(output_dir) / slug / POINTER
    try:
        stat = pointer.stat()
    except FileNotFoundError:
        return None
    except OSError as error:  # e.g. a file where the deck's folder should be
        if pointer not in _reported:
            _reported.add(pointer)
            log.error("%s: published output damaged, serving it as not built: %s", pointer, error)
        return None
    signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(pointer)
    if cached and cached[0] == signature:
        return cached[1]
    try:
        published = _read(pointer.parent, slug)
    except Damaged as error:
        log.error(
            "%s: published output damaged, serving it as not built: %s", pointer.parent, error
        )
        published = None
    _cache[pointer] = (signature, published)
    return published


def published_slugs(output_dir: Path) -> list[str]:
    """Return the slugs that have a pointer file in OUTPUT_DIR (built at least once)."""
    try:
        names = os.listdir(output_dir)
    except OSError:
        return []
    return sorted(
        n for n in names if SLUG_PATTERN.match(n) and (Path(output_dir) / n / POINTER).is_file()
    )


def read_generation(deck_out: Path, generation: str) -> ManifestShape:
    """Read and validate one generation's manifest; raise Damaged if it is not one."""
    try:
        data = json.loads((generation_dir(deck_out, generation) / MANIFEST_JSON).read_text("utf-8"))
        return ManifestShape.model_validate(data)
    except (OSError, ValueError) as error:  # ValidationError is a ValueError
        raise Damaged(f"generation {generation}: manifest: {_short(error)}") from None


def _read(deck_out: Path, slug: str) -> Published:
    """Follow the pointer and load the generation it names."""
    try:
        pointer = json.loads((deck_out / POINTER).read_text("utf-8"))
        generation = pointer["generation"] if isinstance(pointer, dict) else None
    except (OSError, ValueError) as error:
        raise Damaged(f"{POINTER}: {_short(error)}") from None
    if not isinstance(generation, str) or not GENERATION_PATTERN.match(generation):
        raise Damaged(f"{POINTER}: no valid generation named")
    shape = read_generation(deck_out, generation)
    try:
        # From JSON text, not a dict: the deck model is strict (TOML has real dates), and only
        # pydantic's JSON mode reads the ISO date strings deck.json holds.
        text = (generation_dir(deck_out, generation) / DECK_JSON).read_text("utf-8")
        model = DeckModel.model_validate_json(text)
    except (OSError, ValueError) as error:
        raise Damaged(f"generation {generation}: deck: {_short(error)}") from None
    if shape.deck != slug or shape.generation != generation:
        raise Damaged(f"generation {generation}: manifest is for another deck or generation")
    count = len(model.slides)
    if len(shape.images) != count or len(shape.narration.clips) not in (0, count):
        raise Damaged(f"generation {generation}: manifest does not match the deck's {count} slides")
    data = shape.model_dump(mode="json")
    manifest = Manifest(
        slug, data["narration"], data["images"], frozenset(data["files"]), data["takeaway"]
    )
    deck = Deck(slug=slug, folder=deck_out, model=model)
    return Published(slug, generation, deck, manifest, deck_out / MEDIA)


def _short(error: Exception) -> str:
    """Return the first line of an error (pydantic's are long)."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc']) or 'top level'}: {first['msg']}"
    return str(error).splitlines()[0] if str(error) else type(error).__name__
