"""The build: validate every deck, then images, then narration, then publish one generation.

Each phase writes work files under new (hashed) names beside the old ones; publishing links them
into the media folder by content hash, writes the generation and switches the pointer last
(`app.publish`). So an interrupted or failed build leaves the last good generation serving, and
files of recent generations stay for pages readers still have open.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build_output import OutputError, output_guard
from .deck import Deck, DeckError, DeckErrors, discover_decks
from .images import ImageEntry, publish_image, remove_stale_images
from .manifest import Manifest
from .narration import Engine, NarrationError, NarrationResult, narrate_deck, remove_stale
from .publish import prune, publish_generation
from .takeaway import TakeawayError, publish_takeaway, remove_stale_takeaway

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NarrationOptions:
    """Command-line overrides of a deck's [narration] table."""

    engine: str | Engine | None = None  # an Engine object: tests use fast fakes
    voice: str | None = None
    speed: float | None = None
    strict: bool = False
    progress: bool = True


@dataclass
class DeckBuild:
    """What building one deck produced."""

    deck: Deck
    images: list[ImageEntry | None]
    narration: NarrationResult
    seconds: float

    def summary(self) -> str:
        """Return the one summary line for this deck."""
        built = [image for image in self.images if image]
        cached_images = sum(1 for image in built if image.cached)
        spoken = sum(1 for clip in self.narration.clips if clip)
        return (
            f"Built {self.deck.slug}: {len(self.deck.slides)} slides: {len(built)} images "
            f"({cached_images} cached), {spoken} narrations ({self.narration.cached_count} cached, "
            f"{self.narration.audio_seconds:.1f} s of audio, {self.narration.engine} "
            f"{self.narration.voice}) in {self.seconds:.1f} s"
        )


@dataclass
class BuildReport:
    """Every deck built, and every problem found (the build goes on past a broken deck)."""

    built: list[DeckBuild] = field(default_factory=list)
    errors: list[DeckError | NarrationError | TakeawayError | OutputError] = field(
        default_factory=list
    )
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def build(config: dict[str, Any], options: NarrationOptions | None = None) -> BuildReport:
    """Build every deck under CONTENT_DIR into OUTPUT_DIR; broken decks keep their last output."""
    options = options or NarrationOptions(engine=None)
    content_dir = Path(config["CONTENT_DIR"])
    decks, errors = discover_decks(content_dir)
    report = BuildReport(errors=list(errors))
    for deck in decks.values():
        try:
            report.built.append(build_deck(deck, Path(config["OUTPUT_DIR"]) / deck.slug, options))
        except DeckErrors as failure:
            report.errors.extend(failure.errors)
        except NarrationError as failure:  # said in the deck's terms: which file, which slide
            report.errors.append(DeckError(deck.display_file, failure.slide, None, failure.message))
        except OutputError as failure:
            report.errors.append(failure)
        except TakeawayError as failure:
            report.errors.append(DeckError(deck.display_file, failure.slide, None, failure.message))
    for done in report.built:
        report.warnings.extend(
            f"{done.deck.slug}: slide {number}: image: {warning}"
            for number, image in enumerate(done.images, start=1)
            if image
            for warning in image.warnings
        )
    return report


def build_deck(deck: Deck, out_dir: Path, options: NarrationOptions) -> DeckBuild:
    """Build one deck: images, narration, take-away formats, publish a generation, then remove
    what is stale.

    A disk that is full or read-only stops this deck only: what this build wrote is removed and
    the last good generation keeps serving (see `output_guard`).
    """
    with output_guard(deck, out_dir):
        return _build_deck(deck, out_dir, options)


def _build_deck(deck: Deck, out_dir: Path, options: NarrationOptions) -> DeckBuild:
    started = time.perf_counter()
    images = publish_images(deck, out_dir)
    narration = narrate_deck(
        deck,
        out_dir,
        engine=options.engine,
        voice=options.voice,
        speed=options.speed,
        strict=options.strict,
        progress=options.progress,
    )
    image_entries = [image.to_manifest() if image else None for image in images]
    # The take-away files are made from the same entries the generation is made of (work file
    # names under out_dir), so they belong to it and are published with it.
    work = Manifest(deck.slug, narration.to_manifest(), image_entries)
    takeaway = publish_takeaway(deck, work, out_dir)
    generation = publish_generation(out_dir, deck, work.narration, image_entries, takeaway)
    remove_stale(out_dir, narration.files())
    remove_stale_takeaway(out_dir, {entry["file"] for entry in takeaway.values()})
    remove_stale_images(out_dir, {v.file for image in images if image for v in image.variants})
    prune(out_dir)
    log.info("%s: published generation %s", deck.slug, generation)
    return DeckBuild(deck, images, narration, time.perf_counter() - started)


def publish_images(deck: Deck, out_dir: Path) -> list[ImageEntry | None]:
    """Publish every slide's image; collect every bad image before failing the deck."""
    display = deck.display_file
    entries: list[ImageEntry | None] = []
    errors: list[DeckError] = []
    for number in range(1, len(deck.slides) + 1):
        try:
            entries.append(publish_image(deck, number, out_dir, display_path=display))
        except DeckError as error:
            errors.append(error)
    if errors:
        raise DeckErrors(errors)
    return entries
