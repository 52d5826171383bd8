"""Publish a slide's image: safe decode, resize, AVIF/WebP/JPEG variants with no metadata.

The photographs in a deck may have been smuggled past guards who delete pictures, so nothing
that identifies photographer, camera or place may leave this module: outputs are encoded from
bare pixels and read back before they are written. Files are content-addressed, written
atomically, and never deleted here (`remove_stale_images` is for the build, after its manifest).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image

from ..deck import DECK_FILE, Deck, DeckError, Slide
from ..deck_errors import image_not_found, image_outside_deck
from .encode import FORMATS, OutputFormat, encode, plan_widths, resize, scaled_height
from .source import (
    ImageProblem,
    decode,
    header_warnings,
    open_checked,
    oriented_size,
)
from .standin import CARD_VERSION, draw_stand_in

PIPELINE_VERSION = "2"  # bump when decoding or encoding changes, so every variant is rebuilt
DEFAULT_WIDTHS = (480, 960, 1600)
CARD_SIZE = (1600, 1067)
IMAGES_DIR = "images"
_OUR_FILE = re.compile(r"^(?:[0-9a-f]{16}-\d+\.(?:avif|webp|jpg)|\.glimpse-.*\.tmp)$")


@dataclass(frozen=True)
class Variant:
    """One published file: path relative to the output folder, its size and type."""

    file: str
    width: int
    height: int
    format: str
    mime: str


@dataclass
class ImageEntry:
    """What the manifest records for one slide's image."""

    width: int
    height: int
    placeholder: bool
    variants: list[Variant]
    warnings: list[str] = field(default_factory=list)
    cached: bool = False

    def to_manifest(self) -> dict:
        """Return plain JSON-ready data."""
        return asdict(self)


@dataclass
class _Source:
    """A validated source: what its name is hashed from, its upright size, how to decode it."""

    key: bytes
    size: tuple[int, int]
    placeholder: bool
    warnings: list[str]
    load: Callable[[tuple[int, int]], tuple[Image.Image, list[str]]]


def publish_image(
    deck: Deck,
    number: int,
    out_dir: Path,
    *,
    widths: tuple[int, ...] = DEFAULT_WIDTHS,
    display_path: Path | None = None,
) -> ImageEntry | None:
    """Publish slide `number`'s image into `out_dir/images/`; None when it has no image.

    Raises DeckError (field "image") for a bad source, having written nothing for the slide.
    """
    slide = deck.slide(number)
    if not slide.image:
        return None
    where = display_path or deck.folder / DECK_FILE
    try:
        source = _open_source(deck, slide, slide.image)
        sizes = [(w, scaled_height(source.size, w)) for w in plan_widths(source.size[0], widths)]
        digest = _digest(source.key, sizes)
        variants = [_variant(digest, size, fmt) for size in sizes for fmt in FORMATS]
        width, height = sizes[-1]
        entry = ImageEntry(width, height, source.placeholder, variants, list(source.warnings))
        entry.cached = all((out_dir / v.file).is_file() for v in variants)
        if not entry.cached:
            pixels, notes = source.load(sizes[-1])
            entry.warnings += notes
            _write_all(out_dir, _encode_all(pixels, variants))
    except ImageProblem as problem:
        raise DeckError(where, number, "image", f"{slide.image}: {problem}") from None
    return entry


def check_image(deck: Deck, number: int, *, display_path: Path | None = None) -> list[str]:
    """Decode slide `number`'s image fully without writing; return its warnings.

    For `glimpse check`: raises the same DeckError a build would.
    """
    slide = deck.slide(number)
    if not slide.image:
        return []
    try:
        source = _open_source(deck, slide, slide.image)
        _, notes = source.load(source.size)  # full size: check every pixel decodes
    except ImageProblem as problem:
        where = display_path or deck.folder / DECK_FILE
        raise DeckError(where, number, "image", f"{slide.image}: {problem}") from None
    return source.warnings + notes


def remove_stale_images(out_dir: Path, keep: set[str]) -> list[str]:
    """Delete our files in `out_dir/images` not named in `keep`; return what was removed.

    Only names this module writes are touched, so anything else a user put there survives.
    """
    folder = out_dir / IMAGES_DIR
    if not folder.is_dir():
        return []
    removed = []
    for path in sorted(folder.iterdir()):
        name = f"{IMAGES_DIR}/{path.name}"
        if path.is_file() and _OUR_FILE.match(path.name) and name not in keep:
            path.unlink()
            removed.append(name)
    return removed


def _open_source(deck: Deck, slide: Slide, relative: str) -> _Source:
    """Validate the slide's image file, or describe its stand-in card when it may have one."""
    path = (deck.folder / relative).resolve()
    if not path.is_relative_to(deck.folder.resolve()):
        raise ImageProblem(image_outside_deck())
    if not path.is_file():
        if slide.placeholder:
            return _stand_in(slide.alt or "", deck.model.credit)
        raise ImageProblem(image_not_found())
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImageProblem(
            f"this file could not be opened ({error.strerror}); check that it is readable"
        ) from None
    image, notes = open_checked(data)
    found = notes + header_warnings(image)  # before oriented_size: it notes damaged metadata
    return _Source(
        key=b"file\0" + hashlib.sha256(data).digest(),
        size=oriented_size(image),
        placeholder=False,
        warnings=found,
        load=lambda largest: decode(image, largest),
    )


def _stand_in(alt: str, credit: str) -> _Source:
    """Describe a stand-in card; it is hashed from its text, so a cached card is never drawn."""
    text = json.dumps([CARD_VERSION, alt, credit, CARD_SIZE]).encode()
    return _Source(
        key=b"stand-in\0" + text,
        size=CARD_SIZE,
        placeholder=True,
        warnings=[],
        load=lambda _largest: (draw_stand_in(alt, credit, CARD_SIZE), []),
    )


def _digest(key: bytes, sizes: list[tuple[int, int]]) -> str:
    """Return the 16-hex-digit name of a source under the current settings."""
    settings = json.dumps(
        [PIPELINE_VERSION, sizes, [(f.name, f.options) for f in FORMATS]], sort_keys=True
    )
    return hashlib.sha256(key + b"\0" + settings.encode()).hexdigest()[:16]


def _variant(digest: str, size: tuple[int, int], fmt: OutputFormat) -> Variant:
    """Name one variant: content hash, width, format."""
    file = f"{IMAGES_DIR}/{digest}-{size[0]}.{fmt.ext}"
    return Variant(file, size[0], size[1], fmt.name.lower(), fmt.mime)


def _encode_all(pixels: Image.Image, variants: list[Variant]) -> dict[str, bytes]:
    """Encode every variant in memory, so a failure leaves no file behind."""
    by_name = {fmt.name.lower(): fmt for fmt in FORMATS}
    resized: dict[tuple[int, int], Image.Image] = {}
    encoded: dict[str, bytes] = {}
    for variant in variants:
        size = (variant.width, variant.height)
        if size not in resized:
            resized[size] = resize(pixels, size)
        encoded[variant.file] = encode(resized[size], by_name[variant.format])
    return encoded


def _write_all(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write each file under a temporary name, then rename it into place atomically."""
    for name, data in files.items():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.parent / f".glimpse-{os.getpid()}-{uuid.uuid4().hex}.tmp"
        try:
            with temp.open("xb") as stream:  # normal permissions, unlike mkstemp's 0600
                stream.write(data)
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
