"""The podcast feed: RSS 2.0 + iTunes + Podcasting 2.0, its chapters JSON, cover and links."""

from __future__ import annotations

import email.utils
import io
import json

import feedparser
import pytest
from lxml import etree
from PIL import Image

from app import create_app
from app.takeaway.chapters import CHAPTERS_MIME
from app.takeaway.podcast import ITUNES, PODCAST
from app.takeaway.timing import parse_chapters_vtt

from .conftest import Built

PUBLIC = "https://glimpse.example"
NS = {"itunes": ITUNES, "podcast": PODCAST}


@pytest.fixture
def site(built: Built):
    app = create_app({"TESTING": True, **built.config, "PUBLIC_URL": PUBLIC + "/"})
    return app.test_client()


def _media(site, url: str) -> bytes:
    assert url.startswith(PUBLIC + "/"), url
    with site.get(url.removeprefix(PUBLIC)) as response:  # closes the served file
        assert response.status_code == 200, url
        return response.data


def test_feed_round_trips_through_feedparser_with_every_show_rule(site, built: Built):
    response = site.get("/feed.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/rss+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    show = parsed.feed
    assert (show.title, show.language, show.author) == ("Glimpse", "en", "Glimpse")
    assert show.subtitle  # the description
    assert show.link == PUBLIC + "/"
    cover = Image.open(io.BytesIO(_media(site, show.image.href)))
    assert cover.size[0] == cover.size[1] >= 1400 and cover.format == "PNG"
    root = etree.fromstring(response.data)
    assert root.findtext("channel/podcast:guid", namespaces=NS)
    assert root.find("channel/itunes:category", NS).get("text") == "Arts"
    assert root.findtext("channel/itunes:explicit", namespaces=NS) == "false"


def test_each_deck_is_an_episode_with_exact_enclosure_duration_guid_and_date(site, built: Built):
    parsed = feedparser.parse(site.get("/feed.xml").data)
    (entry,) = parsed.entries
    essay = built.manifest.essay
    assert entry.title == built.deck.title
    (enclosure,) = entry.enclosures
    assert enclosure.type == "audio/mpeg"
    audio = _media(site, enclosure.href)
    assert int(enclosure.length) == len(audio) == (built.media_dir / essay["file"]).stat().st_size
    assert int(entry.itunes_duration) == round(essay["duration"])
    assert entry.id.startswith("urn:uuid:") and entry.guidislink is False
    assert feedparser.parse(site.get("/feed.xml").data).entries[0].id == entry.id
    published = email.utils.parsedate_to_datetime(entry.published)
    assert published.date() == built.deck.model.date


def test_episode_links_its_chapters_and_both_transcripts(site, built: Built):
    item = etree.fromstring(site.get("/feed.xml").data).find("channel/item")
    chapters = item.find("podcast:chapters", NS)
    assert chapters.get("type") == CHAPTERS_MIME == "application/json+chapters"
    transcripts = {t.get("type"): t.get("url") for t in item.iterfind("podcast:transcript", NS)}
    assert set(transcripts) == {"text/vtt", "text/html"}
    vtt = _media(site, transcripts["text/vtt"]).decode()
    assert vtt.startswith("WEBVTT")
    assert "Where the day begins." in vtt
    html = _media(site, transcripts["text/html"]).decode()
    assert built.deck.slide(2).description in html
    data = json.loads(_media(site, chapters.get("url")))
    assert data["version"].startswith("1.")


def test_chapters_json_has_the_required_fields_and_the_essays_chapter_starts(site, built: Built):
    item = etree.fromstring(site.get("/feed.xml").data).find("channel/item")
    data = json.loads(_media(site, item.find("podcast:chapters", NS).get("url")))
    assert isinstance(data["version"], str) and isinstance(data["chapters"], list)
    for chapter in data["chapters"]:
        assert isinstance(chapter["startTime"], int | float) and chapter["startTime"] >= 0
        assert isinstance(chapter["title"], str) and chapter["title"]
    vtt = (built.media_dir / built.manifest.essay["chapters"]).read_text(encoding="utf-8")
    cues = parse_chapters_vtt(vtt)
    spoken = [clip for clip in built.manifest.narration["clips"] if clip]
    assert len(data["chapters"]) == len(cues) == len(spoken) == len(built.deck.slides)
    for chapter, (start, _end, title) in zip(data["chapters"], cues, strict=True):
        assert chapter["startTime"] == pytest.approx(start, abs=0.0005)
        assert chapter["title"] == title
    starts = [c["startTime"] for c in data["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0


def test_feed_is_not_served_with_links_to_an_untrusted_host(built: Built):
    app = create_app({"TESTING": True, **built.config})
    client = app.test_client()
    assert client.get("/feed.xml", base_url="http://attacker.example").status_code == 404
    local = client.get("/feed.xml", base_url="http://127.0.0.1:5000")
    assert local.status_code == 200 and b"http://127.0.0.1:5000/feed.xml" in local.data
