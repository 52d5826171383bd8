"""Read-along data as places in the page's text: offsets that find each sentence where it is shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.deck import load_deck
from app.publish import publish_generation
from app.readalong import ListenChapter, Paragraph, Sentence
from app.readalong_data import sentence_places, shown, transcript_texts

CAPTION = "Ja. Nein. Ja. Ein Café in Pjöngjang 🇰🇵 öffnet um 8 Uhr. Ja."
REPEATED = ["Ja.", "Nein.", "Ja.", "Ein Café in Pjöngjang 🇰🇵 öffnet um 8 Uhr.", "Ja."]
DESCRIPTION = "Zwei Menschen\r\nwarten  vor dem Café. 人々が待っている。"


def utf16_slice(text: str, start: int, end: int) -> str:
    """Return text[start:end] counted in UTF-16 code units, as JavaScript's slice does."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def timed(texts: list[str], part: str, **extra: Any) -> list[dict[str, Any]]:
    return [
        {"start": n + 0.25, "end": n + 0.9, "text": text, "part": part, **extra}
        for n, text in enumerate(texts)
    ]


def test_repeated_sentences_map_to_their_own_occurrence_in_utf16_units() -> None:
    places = sentence_places(timed(REPEATED, "caption"), {("caption", None): CAPTION})
    assert [p[0] for p in places] == [0.25, 1.25, 2.25, 3.25, 4.25]
    found = [utf16_slice(CAPTION, p[2], p[3]) for p in places]
    assert found == REPEATED
    starts = [p[2] for p in places]
    assert starts == sorted(set(starts)), "each Ja. is its own occurrence"
    # The flag is two astral characters: four UTF-16 units, two Python characters.
    assert places[-1][2] == CAPTION.rindex("Ja.") + 2


def test_line_breaks_are_counted_as_the_dom_holds_them_and_spacing_may_differ() -> None:
    sentences = timed(["Zwei Menschen warten vor dem Café.", "人々が待っている。"], "description")
    [first, second] = sentence_places(sentences, {("description", None): DESCRIPTION})
    dom_text = shown(DESCRIPTION)  # "\r\n" is "\n" once parsed
    assert "\r" not in dom_text
    assert utf16_slice(dom_text, first[2], first[3]) == "Zwei Menschen\nwarten  vor dem Café."
    assert utf16_slice(dom_text, second[2], second[3]) == "人々が待っている。"


def test_a_sentence_not_shown_is_timed_but_has_no_place() -> None:
    sentences = timed(["Not on the page."], "caption") + timed(["Ja."], "quote")
    places = sentence_places(sentences, {("caption", None): CAPTION})
    assert places == [[0.25, None, 0, 0], [0.25, None, 0, 0]]


def test_listen_page_places_count_across_paragraphs_of_one_part_and_slide() -> None:
    first, again = (
        [Sentence("Ja.", "caption")],
        [Sentence("Nein.", "caption"), Sentence("Ja.", "caption")],
    )
    chapter = ListenChapter(
        3,
        "Heading",
        0.0,
        [
            Paragraph("caption", first),
            Paragraph("quote", [Sentence("Q.", "quote")]),
            Paragraph("caption", again),
        ],
    )
    texts = transcript_texts([chapter])
    assert texts == {("caption", 3): "Ja.Nein. Ja.", ("quote", 3): "Q."}
    sentences = timed(["Ja.", "Nein.", "Ja."], "caption", slide=3)
    places = sentence_places(sentences, texts)
    assert [p[1:] for p in places] == [
        ["caption", 0, 3, 3],
        ["caption", 3, 8, 3],
        ["caption", 9, 12, 3],
    ]


@pytest.fixture
def published_site(tmp_path: Path, make_deck) -> tuple[Any, dict[str, Any]]:
    """A deck whose slide 1 has the caption above, a quote, a description and its own narration
    script; published with a clip whose sentences come from each part (no image files)."""
    folder = make_deck(
        "cafe",
        slides=[
            {
                "heading": "Café",
                "caption": CAPTION,
                "quote": {"text": "Ja. Ja.", "by": "Someone"},
                "description": DESCRIPTION,
                "narration": "Gesprochen: Ja.",
            },
            {"heading": "Two", "caption": "Second."},
        ],
    )
    deck = load_deck(folder)
    sentences = (
        timed(REPEATED, "caption")
        + timed(["Ja.", "Ja."], "quote")
        + timed(["Zwei Menschen warten vor dem Café."], "description")
        + timed(["Gesprochen: Ja."], "narration")
    )
    clip = {
        "file": "narration/1.mp3",
        "duration": 9.0,
        "text": "Gesprochen: Ja.",
        "sentences": sentences,
    }
    narration = {"engine": "piper", "clips": [clip, None]}
    deck_out = tmp_path / "audio" / "cafe"
    (deck_out / "narration").mkdir(parents=True)
    (deck_out / "narration" / "1.mp3").write_bytes(b"stand-in")
    publish_generation(deck_out, deck, narration, [None, None])
    app = create_app(
        {"TESTING": True, "CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "audio"}
    )
    return app, clip


def test_slide_page_offsets_find_every_sentence_in_the_text_it_shows(published_site) -> None:
    app, clip = published_site
    # lxml, like a browser, turns "\r\n" into "\n" while parsing (html.parser keeps it).
    page = BeautifulSoup(app.test_client().get("/cafe/slides/1/").data, "lxml")
    scope = page.select_one("#slide")
    data = json.loads(page.select_one("#readalong-data")["data-sentences"])
    assert len(data) == len(clip["sentences"])
    for (start, part, begin, end), sentence in zip(data, clip["sentences"], strict=True):
        assert start == sentence["start"] and part == sentence["part"]
        text = "".join(el.get_text() for el in scope.select(f'[data-part="{part}"]'))
        assert " ".join(utf16_slice(text, begin, end).split()) == sentence["text"]
    assert "Café" not in page.select_one("#readalong-data")["data-sentences"]
