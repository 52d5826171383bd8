"""`glimpse import` on saved web pages: each corpus page gives exactly the deck expected."""

from __future__ import annotations

import datetime as dt

import pytest

from app.importer import import_essay
from tests.import_support import lay_out, read_deck

NO_ALT = ""  # what a figure without alt text gets: `glimpse check` fails on it

CASES = {
    "news": (
        {
            "page_files/courier-logo.png": (180, 40),
            "page_files/search-icon.png": (24, 24),
            "page_files/boats.jpg": (800, 533),
            "page_files/banner-300x250.jpg": (300, 250),
            "page_files/market.jpg": (900, 600),
            "page_files/pixel.gif": (1, 1),
            "page_files/related-thumb.jpg": (300, 200),
            "page_files/twitter.png": (32, 32),
        },
        {
            "title": "Inside the harbour town that time forgot",
            "language": "en-GB",
            "date": dt.date(2023, 6, 14),
            "source": "https://courier.example/news/2023/jun/14/porthcove",
            "credit": "Photograph: Tom Hale/The Daily Courier",
            "intro": "At dawn the boats of Porthcove go out as they have for two hundred years & the town wakes around them.",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.jpg",
                    "alt": "Three blue fishing boats moored side by side at low tide.",
                    "caption": "The fleet waits for the tide.",
                },
                {
                    "heading": "The market",
                    "image": "images/02.jpg",
                    "alt": "A woman weighs mackerel on a brass scale at a crowded stall.",
                    "caption": "Morning trade at the fish market, where prices are set by shouting.",
                },
            ],
        },
        {"01.jpg": "page_files/boats.jpg", "02.jpg": "page_files/market.jpg"},
    ),
    "wordpress": (
        {
            "page_files/fieldnotes.png": (250, 80),
            "page_files/avatar-priya-64.png": (64, 64),
            "page_files/egret-1024x683.jpg": (1024, 683),
            "page_files/egret-300x200.jpg": (300, 200),
            "page_files/egret-768x512.jpg": (768, 512),
            "page_files/mudflats-1024x576.jpg": (1024, 576),
            "page_files/wp-smiley.png": (72, 72),
        },
        {
            "title": "A week on the salt marsh",
            "language": "en-US",
            "date": dt.date(2022, 9, 3),
            "source": "https://fieldnotes.example/2022/09/salt-marsh/",
            "credit": "Photo: Priya Shah",
            "intro": "For seven days I walked the same two miles of marsh, watching the water come and go.",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.jpg",
                    "alt": "A white egret stands in shallow water among reeds.",
                    "caption": "An egret hunting at the edge of the channel.",
                },
                {
                    "heading": "Picture 2",
                    "image": "images/02.jpg",
                    "alt": "Wide mudflats under a grey sky, channels shining.",
                    "caption": "Low water: the marsh becomes a map of silver lines.",
                },
            ],
        },
        {"01.jpg": "page_files/egret-1024x683.jpg", "02.jpg": "page_files/mudflats-1024x576.jpg"},
    ),
    "medium": (
        {
            "page_files/1_sam.jpeg": (88, 88),
            "page_files/1_bakery-640.jpeg": (640, 427),
            "page_files/1_bakery-1400.jpeg": (1400, 934),
        },
        {
            "title": "What the night shift sees",
            "language": "en",
            "date": dt.date(2021, 11, 20),
            "source": "https://medium.example/@samokafor/what-the-night-shift-sees-3f1c2a",
            "credit": "Photo by Sam Okafor",
            "intro": "I spent a winter photographing the people who keep a city running while it sleeps.",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.jpg",
                    "alt": "A baker in a flour-dusted apron slides loaves into an oven.",
                    "caption": "4 a.m. at a bakery on Dale Street.",
                },
                {
                    "heading": "Picture 2",
                    "image": "images/02.jpg",
                    "placeholder": True,
                    "alt": "Container cranes lit orange against a black sky.",
                    "caption": "Cranes at the container port never stop.",
                },
            ],
        },
        {"01.jpg": "page_files/1_bakery-1400.jpeg"},
    ),
    "picture": (
        {
            "page_files/street-800.webp": (800, 533),
            "page_files/street-1600.webp": (1600, 1067),
            "page_files/street-800.jpg": (800, 533),
            "page_files/street-1600.jpg": (1400, 933),
            "page_files/sledge-small.jpg": (480, 320),
            "page_files/sledge-large.jpg": (1200, 800),
        },
        {
            "title": "Snow days",
            "language": "en",
            "credit": "Photo: Lena Berg",
            "intro": "Photographs from the longest winter in thirty years.",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.webp",
                    "alt": "A snow-covered street with one set of footprints.",
                    "caption": "The morning after the storm.",
                },
                {
                    "heading": "Picture 2",
                    "image": "images/02.jpg",
                    "alt": "Children pulling a wooden sledge up a hill.",
                },
            ],
        },
        {"01.webp": "page_files/street-1600.webp", "02.jpg": "page_files/sledge-large.jpg"},
    ),
    "lazy": (
        {
            "page_files/lanterns-600.jpg": (600, 400),
            "page_files/lanterns-1200.jpg": (1200, 800),
            "page_files/placeholder.gif": (1, 1),
            "page_files/noodles.jpg": (900, 600),
        },
        {
            "title": "Night markets of the river towns",
            "language": "en",
            "credit": "© Mai Tran",
            "intro": "Food, lanterns and bargaining after dark.",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.jpg",
                    "alt": "Paper lanterns strung over a crowded lane.",
                    "caption": "Lanterns go up at dusk.",
                },
                {
                    "heading": "Picture 2",
                    "image": "images/02.jpg",
                    "alt": "A cook tosses noodles in a flaming wok.",
                },
                {
                    "heading": "Picture 3",
                    "image": "images/03.jpg",
                    "placeholder": True,
                    "alt": "Boats tied up beside the market steps.",
                    "caption": "Traders arrive by boat.",
                },
            ],
        },
        {"01.jpg": "page_files/lanterns-1200.jpg", "02.jpg": "page_files/noodles.jpg"},
    ),
    "gallery": (
        {
            "page_files/beans.jpg": (1200, 800),
            "page_files/beans-150x150.jpg": (150, 150),
            "page_files/marrow.jpg": (1000, 750),
            "page_files/marrow-150x150.jpg": (150, 150),
            "page_files/dahlias.jpg": (900, 900),
            "page_files/hose.jpg": (800, 600),
        },
        {
            "title": "Gallery: the allotments in August",
            "language": "en",
            "credit": "",
            "intro": "Twelve plots, one summer.",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.jpg",
                    "alt": "Runner beans climbing bamboo canes.",
                    "caption": "Beans by the shed.",
                },
                {
                    "heading": "Picture 2",
                    "image": "images/02.jpg",
                    "alt": "A giant marrow on a wheelbarrow.",
                    "caption": "The prize marrow, 14 kg.",
                },
                {
                    "heading": "Picture 3",
                    "image": "images/03.jpg",
                    "alt": "Red and orange dahlias in a bucket.",
                    "caption": "Dahlias for the show.",
                },
                {
                    "heading": "Picture 4",
                    "image": "images/04.jpg",
                    "alt": "An old man waters tomatoes with a hose.",
                },
            ],
        },
        {
            "01.jpg": "page_files/beans.jpg",
            "02.jpg": "page_files/marrow.jpg",
            "03.jpg": "page_files/dahlias.jpg",
            "04.jpg": "page_files/hose.jpg",
        },
    ),
    "no-caption": (
        {"page_files/fleurs.jpg": (1000, 667)},
        {
            "title": "Le marché aux fleurs",
            "language": "fr",
            "credit": "",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.jpg",
                    "alt": "Des seaux de tulipes sur le trottoir, devant une boutique.",
                }
            ],
        },
        {"01.jpg": "page_files/fleurs.jpg"},
    ),
    "no-alt": (
        {f"page_files/roll-0{n}.jpg": (600, 400) for n in (1, 2, 3)},
        {
            "title": "Untitled roll",
            "language": "en",
            "credit": "",
            "intro": "Found film, developed in 2019.",
            "slides": [
                {
                    "heading": "Picture 1",
                    "image": "images/01.jpg",
                    "alt": NO_ALT,
                    "caption": "Frame 1.",
                },
                {
                    "heading": "Picture 2",
                    "image": "images/02.jpg",
                    "alt": NO_ALT,
                    "caption": "Frame 2.",
                },
                {"heading": "Picture 3", "image": "images/03.jpg", "alt": NO_ALT},
            ],
        },
        {f"0{n}.jpg": f"page_files/roll-0{n}.jpg" for n in (1, 2, 3)},
    ),
}

SKIPPED = {
    "news": [
        ("page_files/courier-logo.png", "outside the article"),
        ("page_files/search-icon.png", "outside the article"),
        ("page_files/banner-300x250.jpg", "advertisement"),
        ("page_files/pixel.gif", "tracking pixel (1x1 px)"),
        ("page_files/related-thumb.jpg", "outside the article"),
        ("page_files/twitter.png", "outside the article"),
    ],
    "wordpress": [
        ("page_files/fieldnotes.png", "outside the article"),
        ("page_files/avatar-priya-64.png", "avatar"),
        ("page_files/wp-smiley.png", "icon"),
    ],
    "medium": [("page_files/1_sam.jpeg", "avatar")],
    "picture": [],
    "lazy": [],
    "gallery": [],
    "no-caption": [],
    "no-alt": [],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_page_becomes_exactly_the_expected_deck(case, tmp_path):
    pictures, expected, copied = CASES[case]
    folder = lay_out(case, tmp_path, pictures)
    report = import_essay(folder / "page.html", case, tmp_path / "content")
    assert read_deck(tmp_path / "content", case) == expected
    images = tmp_path / "content" / case / "images"
    assert sorted(p.name for p in images.iterdir()) == sorted(copied)
    for name, original in copied.items():  # copied byte for byte, never re-encoded
        assert (images / name).read_bytes() == (folder / original).read_bytes()
    assert [(s.image, s.reason) for s in report.skipped] == SKIPPED[case]
    assert report.figures == len(expected["slides"])
    assert report.with_alt == sum(1 for s in expected["slides"] if s["alt"])


def test_remote_pictures_are_listed_with_their_urls(tmp_path):
    pictures, _, _ = CASES["lazy"]
    folder = lay_out("lazy", tmp_path, pictures)
    report = import_essay(folder / "page.html", "lazy", tmp_path / "content")
    assert report.remote == [(3, "https://cdn.example/markets/boats-1600.jpg")]
    assert "slide 3: not downloaded: https://cdn.example/markets/boats-1600.jpg" in report.lines()
    text = (tmp_path / "content/lazy/deck.toml").read_text()
    assert "save https://cdn.example/markets/boats-1600.jpg as images/03.jpg" in text


def test_credit_lines_stay_out_of_captions_and_are_noted_per_slide(tmp_path):
    pictures, _, _ = CASES["news"]
    folder = lay_out("news", tmp_path, pictures)
    import_essay(folder / "page.html", "news", tmp_path / "content")
    text = (tmp_path / "content/news/deck.toml").read_text()
    assert text.count("# Credit on the page: Photograph: Tom Hale/The Daily Courier") == 2
