"""The podcast feed: RSS 2.0 with the iTunes tags and the Podcasting 2.0 namespace.

The site is the show and each narrated deck an episode (its whole-essay MP3). Pure: URLs come
in from the caller, so the live route and a static export write the same feed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path

from lxml import etree

from ..deck import Deck
from ..manifest import Manifest
from .chapters import CHAPTERS_MIME

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed URL (scheme and trailing slash removed).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
EPISODE_NAMESPACE = uuid.UUID("0b9f3b0e-5c1a-5b7e-8d1e-676c696d7073")  # ours: Glimpse episodes


@dataclass(frozen=True)
class Show:
    """The site as a podcast: absolute URLs of its home page, feed and cover art."""

    title: str
    description: str
    language: str
    author: str
    link: str
    feed_url: str
    cover_url: str


@dataclass(frozen=True)
class Episode:
    """One deck as an episode: its published data and the absolute URLs of its files."""

    deck: Deck
    manifest: Manifest
    media_dir: Path
    page_url: str
    audio_url: str
    chapters_url: str | None
    transcript_url: str | None


def show_guid(feed_url: str) -> str:
    """Return the show's podcast:guid as the Podcasting 2.0 namespace defines it."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def episode_guid(deck: Deck) -> str:
    """Return the episode's GUID: a name-based UUID of the deck slug, stable across rebuilds."""
    return f"urn:uuid:{uuid.uuid5(EPISODE_NAMESPACE, deck.slug)}"


def _sub(parent, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _channel(rss, show: Show):
    channel = _sub(rss, "channel")
    _sub(channel, "title", show.title)
    _sub(channel, "link", show.link)
    _sub(channel, "description", show.description)
    _sub(channel, "language", show.language)
    _sub(channel, f"{{{ATOM}}}link", href=show.feed_url, rel="self", type="application/rss+xml")
    image = _sub(channel, "image")
    _sub(image, "url", show.cover_url)
    _sub(image, "title", show.title)
    _sub(image, "link", show.link)
    _sub(channel, f"{{{ITUNES}}}author", show.author)
    _sub(channel, f"{{{ITUNES}}}image", href=show.cover_url)
    category = etree.SubElement(channel, f"{{{ITUNES}}}category", text="Arts")
    etree.SubElement(category, f"{{{ITUNES}}}category", text="Visual Arts")
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    _sub(channel, f"{{{ITUNES}}}type", "episodic")
    _sub(channel, f"{{{PODCAST}}}guid", show_guid(show.feed_url))
    _sub(channel, f"{{{PODCAST}}}medium", "podcast")
    return channel


def _item(channel, episode: Episode) -> None:
    deck, essay = episode.deck, episode.manifest.essay or {}
    model = deck.model
    item = _sub(channel, "item")
    _sub(item, "title", deck.title)
    _sub(item, "link", episode.page_url)
    _sub(item, "description", " ".join(filter(None, [model.intro, f"{model.credit}."])))
    _sub(item, "guid", episode_guid(deck), isPermaLink="false")
    if model.date:
        moment = dt.datetime(model.date.year, model.date.month, model.date.day, tzinfo=dt.UTC)
        _sub(item, "pubDate", format_datetime(moment, usegmt=True))
    length = (episode.media_dir / essay["file"]).stat().st_size
    _sub(item, "enclosure", url=episode.audio_url, length=str(length), type="audio/mpeg")
    _sub(item, f"{{{ITUNES}}}duration", str(round(float(essay["duration"]))))
    _sub(item, f"{{{ITUNES}}}episodeType", "full")
    _sub(item, f"{{{ITUNES}}}explicit", "false")
    if episode.chapters_url:
        _sub(item, f"{{{PODCAST}}}chapters", url=episode.chapters_url, type=CHAPTERS_MIME)
    if episode.transcript_url:
        _sub(
            item,
            f"{{{PODCAST}}}transcript",
            url=episode.transcript_url,
            type="text/vtt",
            language=model.language,
        )
    _sub(
        item,
        f"{{{PODCAST}}}transcript",
        url=episode.page_url,
        type="text/html",
        language=model.language,
    )


def feed_xml(show: Show, episodes: list[Episode]) -> bytes:
    """Return the RSS document; episodes are newest first (undated ones last)."""
    rss = etree.Element(
        "rss",
        version="2.0",
        nsmap={"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM},
    )
    channel = _channel(rss, show)
    undated = dt.date.min
    ordered = sorted(
        episodes, key=lambda e: (e.deck.model.date or undated, e.deck.slug), reverse=True
    )
    for episode in ordered:
        if episode.manifest.essay:
            _item(channel, episode)
    return etree.tostring(rss, xml_declaration=True, encoding="utf-8", pretty_print=True)
