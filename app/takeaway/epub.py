"""Build a deck's EPUB 3.3 talking book from its published generation.

The writer is ours (lxml for the XML, the standard library's zipfile for the container) rather
than ebooklib: ebooklib is AGPL-3.0 and supports Media Overlays only per file, while we need a
`par` per sentence, overlay durations, and byte-identical output for the same input.
"""

from __future__ import annotations

import io
import tempfile
from importlib.resources import files as package_files
from pathlib import Path
from typing import BinaryIO

from ..deck import Deck
from ..manifest import Manifest
from .cover import book_cover_png
from .errors import TakeawayError
from .ocf import EPUB_MIME, write_ocf
from .opf import Item, package_document
from .overlay import cbr_mp3, smil_document
from .pages import Picture, nav_page, slide_href, slide_page, title_page
from .spans import Span, plan_spans
from .timing import clip_sentences

__all__ = ["EPUB_MIME", "build_epub", "write_epub"]

PICTURE_WIDTH = 960  # the JPEG variant closest to this: sharp on a reader, small in the book


def _published(media_dir: Path, name: str, deck: Deck, number: int) -> bytes:
    try:
        return (media_dir / name).read_bytes()
    except OSError:
        raise TakeawayError(deck.slug, number, f"published file missing: {name}") from None


def _picture(deck: Deck, manifest: Manifest, media_dir: Path, number: int):
    """Return the slide's picture (JPEG from our pipeline) and its bytes, or (None, None)."""
    entry = manifest.image(number)
    jpegs = [v for v in (entry or {}).get("variants", []) if v["format"] == "jpeg"]
    if not jpegs:
        return None, None
    best = min(jpegs, key=lambda v: abs(v["width"] - PICTURE_WIDTH))
    picture = Picture(f"images/slide-{number:03d}.jpg", best["width"], best["height"])
    return picture, _published(media_dir, best["file"], deck, number)


def _overlay(deck: Deck, manifest: Manifest, media_dir: Path, number: int, files, items, scratch):
    """Add slide `number`'s CBR audio (a file in `scratch`) and SMIL; return spans, overlay id."""
    clip = manifest.clip(number)
    if not clip:
        return [], None
    stem = f"slide-{number:03d}"
    audio = scratch / f"{stem}.mp3"
    duration = cbr_mp3_checked(media_dir / clip["file"], audio, deck, number)
    spans: list[Span] = plan_spans(deck.slide(number), number, clip_sentences(clip))
    files[f"audio/{stem}.mp3"] = audio
    files[f"{stem}.smil"] = smil_document(slide_href(number), f"audio/{stem}.mp3", spans, duration)
    items.append(Item(f"audio-{number}", f"audio/{stem}.mp3", "audio/mpeg"))
    items.append(Item(f"smil-{number}", f"{stem}.smil", "application/smil+xml", duration=duration))
    return spans, f"smil-{number}"


def cbr_mp3_checked(path: Path, target: Path, deck: Deck, number: int) -> float:
    """Re-encode a published clip at constant bitrate; a missing or bad file names its slide."""
    try:
        return cbr_mp3(path, target)
    except (OSError, RuntimeError) as error:
        raise TakeawayError(
            deck.slug, number, f"narration unreadable: {path.name}: {error}"
        ) from None


def _summary(has_descriptions: bool, has_audio: bool) -> str:
    parts = ["One page per slide: heading, picture with a text alternative, and caption."]
    if has_descriptions:
        parts.append("Pictures have longer descriptions in the text.")
    if has_audio:
        parts.append("Narration is synchronized with the text and highlighted as it is read.")
    parts.append("Navigation by table of contents and headings; no hazards.")
    return " ".join(parts)


def build_epub(deck: Deck, manifest: Manifest, media_dir: Path, rights: str | None = None) -> bytes:
    """Return the deck's EPUB bytes; `media_dir / entry["file"]` must be a published file."""
    buffer = io.BytesIO()
    write_epub(deck, manifest, media_dir, buffer, rights)
    return buffer.getvalue()


def write_epub(
    deck: Deck,
    manifest: Manifest,
    media_dir: Path,
    out: BinaryIO,
    rights: str | None = None,
    scratch: Path | None = None,
) -> None:
    """Write the deck's EPUB to `out` (the same bytes as build_epub), audio never whole in memory.

    The overlay audio is encoded into a temporary folder in `scratch` (the system's default
    without it), removed when done or failed.
    """
    with tempfile.TemporaryDirectory(prefix=".epub-", dir=scratch) as folder:
        write_ocf(_files(deck, manifest, media_dir, rights, Path(folder)), out)


def _files(
    deck: Deck, manifest: Manifest, media_dir: Path, rights: str | None, scratch: Path
) -> dict[str, bytes | Path]:
    """Return every file of the book by its path in the package (overlay audio as files)."""
    lang = deck.model.language
    css = package_files(__package__).joinpath("book.css").read_bytes()
    files: dict[str, bytes | Path] = {
        "book.css": css,
        "nav.xhtml": nav_page(deck, lang),
        "cover.png": book_cover_png(deck.title, deck.model.credit),
    }
    items = [
        Item("cover", "cover.png", "image/png", properties="cover-image"),
        Item("css", "book.css", "text/css"),
        Item("nav", "nav.xhtml", "application/xhtml+xml", properties="nav"),
        Item("title", "title.xhtml", "application/xhtml+xml"),
    ]
    narration = manifest.narration
    narrator = f"{narration.get('engine', 'unknown')} voice {narration.get('voice', '')} (synthetic speech)"
    files["title.xhtml"] = title_page(deck, lang, narrator if manifest.essay else None)
    spine = ["title", "nav"]
    for number in range(1, len(deck.slides) + 1):
        picture, image = _picture(deck, manifest, media_dir, number)
        if picture and image:
            files[picture.href] = image
            items.append(Item(f"image-{number}", picture.href, "image/jpeg"))
        spans, overlay = _overlay(deck, manifest, media_dir, number, files, items, scratch)
        files[slide_href(number)] = slide_page(deck, number, picture, spans, lang)
        items.append(
            Item(f"page-{number}", slide_href(number), "application/xhtml+xml", overlay=overlay)
        )
        spine.append(f"page-{number}")
    has_audio = any(item.duration is not None for item in items)
    descriptions = any(s.description for s in deck.slides)
    extra = {
        "descriptions": descriptions,
        "summary": _summary(descriptions, has_audio),
        "certified_by": "Glimpse (self-assessed; checked with EPUBCheck and DAISY Ace)",
        "narrator": narrator,
    }
    rights = rights or deck.model.rights or f"{deck.model.credit}. All rights reserved."
    files["package.opf"] = package_document(deck, items, spine, rights, extra)
    return files
