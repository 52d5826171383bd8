"""The package document: metadata (with EPUB Accessibility 1.1), manifest and spine."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass

from lxml import etree

from ..deck import Deck
from .overlay import media_duration

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
BOOK_NAMESPACE = uuid.UUID("6f0c1a52-6a47-5d0e-9a5e-676c696d7073")  # ours: Glimpse books
ACTIVE_CLASS = "read-aloud-active"
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
ACCESS_MODES = ("textual", "visual", "auditory")
SUFFICIENT = ("textual", "auditory", "textual,visual")
FEATURES = (
    "alternativeText",
    "longDescription",  # the vocabulary's term (singular), which the issue spells "longDescriptions"
    "synchronizedAudioText",
    "structuralNavigation",
    "tableOfContents",
    "readingOrder",
)


@dataclass(frozen=True)
class Item:
    """A manifest entry: id, path in the package, media type, properties, overlay id."""

    id: str
    href: str
    media_type: str
    properties: str | None = None
    overlay: str | None = None
    duration: float | None = None


def book_identifier(deck: Deck) -> str:
    """Return the book's stable identifier: a name-based UUID of the deck's slug and title."""
    name = f"{deck.slug}\n{deck.title}"
    return f"urn:uuid:{uuid.uuid5(BOOK_NAMESPACE, name)}"


def modified(deck: Deck) -> str:
    """Return dcterms:modified: SOURCE_DATE_EPOCH when set, else the deck's date, else 2000-01-01.

    Never the clock: the same deck must give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    else:
        day = deck.model.date or dt.date(2000, 1, 1)
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _meta(metadata, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(metadata, f"{{{OPF}}}meta", **attributes)
    element.text = text
    return element


def _dc(metadata, name: str, text: str, **attributes: str) -> None:
    etree.SubElement(metadata, f"{{{DC}}}{name}", **attributes).text = text


def accessibility(metadata, extra: dict, has_audio: bool, has_descriptions: bool) -> None:
    """Add the EPUB Accessibility 1.1 metadata: modes, features, hazards, summary, conformance.

    Only what the book really has is claimed: no narration, no auditory mode or synchronized
    audio; no descriptions, no long descriptions.
    """
    dropped = set() if has_audio else {"auditory", "synchronizedAudioText"}
    if not has_descriptions:
        dropped.add("longDescription")
    for mode in ACCESS_MODES:
        if mode not in dropped:
            _meta(metadata, mode, property="schema:accessMode")
    for sufficient in SUFFICIENT:
        if sufficient not in dropped:
            _meta(metadata, sufficient, property="schema:accessModeSufficient")
    for feature in FEATURES:
        if feature not in dropped:
            _meta(metadata, feature, property="schema:accessibilityFeature")
    _meta(metadata, "none", property="schema:accessibilityHazard")
    _meta(metadata, extra["summary"], property="schema:accessibilitySummary")
    _meta(metadata, CONFORMS_TO, property="dcterms:conformsTo", id="conformance")
    _meta(metadata, extra["certified_by"], property="a11y:certifiedBy", refines="#conformance")


def overlays(metadata, items: list[Item], narrator: str) -> None:
    """Add Media Overlays metadata: each overlay's duration, the total, narrator, active class.

    The total is the sum of the rounded per-overlay values, so it adds up exactly.
    """
    timed = [item for item in items if item.duration is not None]
    if not timed:
        return
    for item in timed:
        _meta(
            metadata,
            media_duration(item.duration or 0),
            property="media:duration",
            refines=f"#{item.id}",
        )
    total = sum(round((item.duration or 0) * 1000) for item in timed) / 1000
    _meta(metadata, media_duration(total), property="media:duration")
    _meta(metadata, narrator, property="media:narrator")
    _meta(metadata, ACTIVE_CLASS, property="media:active-class")


def package_document(
    deck: Deck, items: list[Item], spine: list[str], rights: str, extra: dict[str, str]
) -> bytes:
    """Return package.opf; `extra` holds the narrator, summary, certifier, `descriptions`."""
    lang = deck.model.language
    root = etree.Element(
        f"{{{OPF}}}package",
        nsmap={None: OPF},
        version="3.0",
        attrib={"unique-identifier": "book-id", "{http://www.w3.org/XML/1998/namespace}lang": lang},
    )
    metadata = etree.SubElement(root, f"{{{OPF}}}metadata", nsmap={"dc": DC})
    _dc(metadata, "identifier", book_identifier(deck), id="book-id")
    _dc(metadata, "title", deck.title)
    _dc(metadata, "language", lang)
    _dc(metadata, "creator", deck.model.credit)
    if deck.model.date:
        _dc(metadata, "date", deck.model.date.isoformat())
    if deck.model.source:
        _dc(metadata, "source", deck.model.source)
    _dc(metadata, "rights", rights)
    _meta(metadata, modified(deck), property="dcterms:modified")
    has_audio = any(item.duration is not None for item in items)
    accessibility(metadata, extra, has_audio, bool(extra.get("descriptions")))
    overlays(metadata, items, extra["narrator"])
    manifest = etree.SubElement(root, f"{{{OPF}}}manifest")
    for item in items:
        attributes = {"id": item.id, "href": item.href, "media-type": item.media_type}
        if item.properties:
            attributes["properties"] = item.properties
        if item.overlay:
            attributes["media-overlay"] = item.overlay
        etree.SubElement(manifest, f"{{{OPF}}}item", attributes)
    spine_element = etree.SubElement(root, f"{{{OPF}}}spine")
    for idref in spine:
        etree.SubElement(spine_element, f"{{{OPF}}}itemref", idref=idref)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
