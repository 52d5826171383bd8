"""Read-along data: the listen page's chapters and transcript, and each slide's timed sentences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from app.deck import load_deck
from app.manifest import Manifest
from app.publish import publish_generation
from app.readalong import clip_sentences, listen_page, timestamp, valid_sentences

from .conftest import BUNDLED_CONTENT, BUNDLED_SLUG

DECK = load_deck(BUNDLED_CONTENT / BUNDLED_SLUG)
CAPTION_2 = DECK.slides[1].caption
DESCRIPTION_2 = DECK.slides[1].description


def essay_narration(timed: bool = True) -> dict[str, Any]:
    """A narration section for slides 1 and 2, shaped as the manifest contract says."""
    description_first = DESCRIPTION_2.split(". ")[0] + "."
    sentences = [
        {"start": 0.2, "end": 2.0, "text": "Most of us know", "part": "caption", "slide": 1},
        {"start": 10.0, "end": 11.5, "text": CAPTION_2, "part": "caption", "slide": 2},
        {"start": 12.1, "end": 15.0, "text": description_first, "part": "description", "slide": 2},
        {"start": "bad", "end": 1, "text": "dropped", "part": "caption", "slide": 2},
        {"start": 16.0, "end": 17.0, "text": "dropped too", "part": "headline", "slide": 2},
    ]
    essay = {"file": "narration/essay.mp3", "chapters": "narration/essay.vtt", "duration": 20.5}
    essay_captions = "narration/essay-captions.vtt"
    if timed:
        essay |= {
            "captions": essay_captions,
            "sentences": sentences,
            "chapter_starts": [
                {"slide": 1, "title": DECK.slides[0].heading, "start": 0.0, "end": 9.8},
                {"slide": 2, "title": DECK.slides[1].heading, "start": 9.8, "end": 20.5},
            ],
        }
    clips = [
        {"file": "narration/a.mp3", "duration": 9.0, "text": DECK.slides[0].caption},
        {"file": "narration/b.mp3", "duration": 9.0, "text": f"{CAPTION_2}\n\n{DESCRIPTION_2}"},
    ]
    clips += [None] * (len(DECK.slides) - len(clips))
    return {"engine": "piper", "clips": clips, "essay": essay}


def manifest_of(narration: dict[str, Any]) -> Manifest:
    essay = narration["essay"]
    files = {essay["file"], essay["chapters"], essay.get("captions", "narration/essay.vtt")}
    return Manifest(BUNDLED_SLUG, narration, [], frozenset(files))


def test_timed_listen_page_groups_sentences_by_slide_and_part(app) -> None:
    with app.test_request_context():
        page = listen_page(DECK, manifest_of(essay_narration()))
    assert page is not None and page.timed
    assert [c.slide for c in page.chapters] == [1, 2]
    assert [c.start for c in page.chapters] == [0.0, 9.8]  # from chapter_starts
    second = page.chapters[1]
    assert [p.part for p in second.paragraphs] == ["caption", "description"]
    assert second.paragraphs[0].text == CAPTION_2
    assert [s["text"] for s in page.sentences][1] == CAPTION_2
    assert len(page.sentences) == 3, "malformed sentences are left out"
    assert page.audio_url.startswith(f"/{BUNDLED_SLUG}/media/") and page.audio_url.endswith(".mp3")
    assert page.captions_url is not None and page.captions_url.endswith("essay-captions.vtt")


def test_untimed_manifest_still_gives_the_transcript(app) -> None:
    with app.test_request_context():
        page = listen_page(DECK, manifest_of(essay_narration(timed=False)))
    assert page is not None and not page.timed
    assert [c.start for c in page.chapters] == [None, None]
    assert [p.text for p in page.chapters[1].paragraphs[0:1]] == [CAPTION_2 + " " + DESCRIPTION_2]
    assert page.captions_url is None


def test_no_essay_no_listen_page(app) -> None:
    with app.test_request_context():
        assert listen_page(DECK, None) is None
        assert listen_page(DECK, Manifest(BUNDLED_SLUG, {"clips": []})) is None


def test_clip_sentences_keep_only_well_formed_entries() -> None:
    clip = {"sentences": [{"start": 0.2, "end": 1.0, "text": "A.", "part": "quote"}, {"x": 1}]}
    assert clip_sentences(clip) == [{"start": 0.2, "end": 1.0, "text": "A.", "part": "quote"}]
    assert clip_sentences(None) == [] and clip_sentences({"file": "a.mp3"}) == []
    assert valid_sentences("not a list") == []


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (9.99, "0:09"), (65.2, "1:05"), (3725, "1:02:05")]
)
def test_timestamp(seconds: float, shown: str) -> None:
    assert timestamp(seconds) == shown


def publish(output: Path, narration: dict[str, Any]) -> None:
    """Publish a generation as the build does, from small stand-in work files (the pages read
    only the manifest and never decode the audio)."""
    deck_out = output / BUNDLED_SLUG
    clips = [clip for clip in narration["clips"] if clip]
    essay = narration["essay"]
    for name in [c["file"] for c in clips] + [essay[k] for k in ("file", "chapters", "captions")]:
        (deck_out / name).parent.mkdir(parents=True, exist_ok=True)
        (deck_out / name).write_text(f"stand-in for {name}", encoding="utf-8")
    publish_generation(deck_out, DECK, narration, [None] * len(DECK.slides))


def test_listen_page_without_javascript_has_audio_chapters_and_transcript(app, client) -> None:
    publish(Path(app.config["OUTPUT_DIR"]), essay_narration())
    response = client.get(f"/{BUNDLED_SLUG}/listen/")
    assert response.status_code == 200
    page = BeautifulSoup(response.data, "html.parser")
    assert page.select_one("audio#essay-audio[controls]")["src"].endswith(".mp3")
    assert not page.select("audio[autoplay]")
    links = page.select("#chapters a.chapters__link")
    assert [a["href"].split("#")[1] for a in links] == ["t=0.000", "t=9.800"]
    assert {a["href"].split("#")[0] for a in links} == {page.select_one("audio")["src"]}
    times = [t.get_text() for t in page.select("#chapters .chapters__time")]
    assert times == ["0:00", "0:09"]
    headings = [" ".join(h.get_text().split()) for h in page.select("#transcript h3")]
    assert headings == [f"{DECK.slides[0].heading} 0:00", f"{DECK.slides[1].heading} 0:09"]
    assert page.select_one('#transcript p[data-slide="2"][data-part="caption"]').get_text() == (
        CAPTION_2
    )
    data = json.loads(page.select_one("div#readalong-data[hidden]")["data-sentences"])
    start, part, begin, end, slide = data[1]
    shown = page.select_one(f'#transcript p[data-slide="{slide}"][data-part="{part}"]')
    assert (start, slide, shown.get_text()[begin:end]) == (10.0, 2, CAPTION_2)
    assert all(s.get("src") for s in page("script"))  # no inline script: the CSP allows none


def test_listen_page_is_linked_from_contents_and_missing_without_a_build(app, client) -> None:
    assert client.get(f"/{BUNDLED_SLUG}/listen/").status_code == 404
    assert client.get("/no-such-deck/listen/").status_code == 404
    publish(Path(app.config["OUTPUT_DIR"]), essay_narration())
    contents = BeautifulSoup(client.get(f"/{BUNDLED_SLUG}/").data, "html.parser")
    assert contents.select_one("#listen-link")["href"] == f"/{BUNDLED_SLUG}/listen/"
    assert client.get(f"/{BUNDLED_SLUG}/listen").status_code == 308


def test_slide_page_passes_its_sentences_and_marks_each_part(app, client) -> None:
    narration = essay_narration()
    narration["clips"][1]["sentences"] = [
        {"start": 0.2, "end": 1.4, "text": CAPTION_2, "part": "caption"}
    ]
    publish(Path(app.config["OUTPUT_DIR"]), narration)
    page = BeautifulSoup(client.get(f"/{BUNDLED_SLUG}/slides/2/").data, "html.parser")
    data = json.loads(page.select_one("#slide div#readalong-data")["data-sentences"])
    assert data == [[0.2, "caption", 0, len(CAPTION_2)]]  # the text is on the page, not repeated
    assert page.select_one('[data-part="caption"]').get_text() == CAPTION_2
    assert page.select_one('[data-part="description"]').get_text() == DESCRIPTION_2
    assert page.select_one("#sentence-prev")["aria-disabled"] == "true"
