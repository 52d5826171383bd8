"""What is spoken: transcript, segments, pronunciations, cleaning."""

from __future__ import annotations

from pathlib import Path

from app.deck import Deck, DeckModel
from app.narration import (
    apply_pronunciations,
    clean_for_speech,
    display_script,
    spoken_segments,
)


def deck_of(slides: list[dict], **fields) -> Deck:
    data = {"title": "T", "credit": "C", "slides": slides, **fields}
    return Deck(slug="t", folder=Path("/nonexistent"), model=DeckModel.model_validate(data))


def test_pronunciations_are_whole_word_and_case_sensitive():
    table = {"Kim Il Sung": "Kim Il-sung", "Mt.": "Mount", "II": "the second"}
    text = "Mt. Paektu, Kim Il Sung, kim il sung, IIa, Mtn. and II."
    expected = "Mount Paektu, Kim Il-sung, kim il sung, IIa, Mtn. and the second."
    assert apply_pronunciations(text, table) == expected


def test_pronunciations_prefer_the_longest_match():
    table = {"Kim": "Keem", "Kim Jong Un": "Kim Jong-oon"}
    assert apply_pronunciations("Kim Jong Un met Kim.", table) == "Kim Jong-oon met Keem."


def test_pronunciations_are_a_single_pass():
    table = {"DPRK": "D P R K", "D": "dee", "cat": "dog", "dog": "cat"}
    assert apply_pronunciations("DPRK cat dog D", table) == "D P R K dog cat dee"


def test_empty_table_leaves_text_alone():
    assert apply_pronunciations("Mt. Fuji", {}) == "Mt. Fuji"


def test_clean_for_speech_strips_phoneme_brackets_and_normalizes_punctuation():
    text = "It\u2019s [[ a ]] \u201cbig\u201d day \u2014 1950\u20131953 \u2026"
    assert clean_for_speech(text) == 'It\'s a "big" day, 1950 to 1953...'


def test_caption_then_description_when_the_deck_describes():
    slide = {
        "heading": "H",
        "caption": "A caption.",
        "image": "a.jpg",
        "alt": "Alt text.",
        "description": "A long description.",
    }
    described = deck_of([slide], describe=True)
    assert display_script(described, described.slides[0]) == "A caption.\n\nA long description."
    assert spoken_segments(described, described.slides[0]) == ["A caption.", "A long description."]
    plain = deck_of([slide])
    assert display_script(plain, plain.slides[0]) == "A caption."


def test_alt_text_stands_in_for_a_missing_description():
    deck = deck_of(
        [{"heading": "H", "caption": "C.", "image": "a.jpg", "alt": "Alt."}], describe=True
    )
    assert spoken_segments(deck, deck.slides[0]) == ["C.", "Alt."]


def test_quote_only_slide_and_title_slide():
    quote = {"text": "We go on.", "by": "A guide"}
    deck = deck_of(
        [
            {"heading": "Q", "quote": quote},
            {"heading": "Title", "caption": "Hello.", "quote": quote},
        ]
    )
    assert display_script(deck, deck.slides[0]) == "\u201cWe go on.\u201d by A guide"
    assert display_script(deck, deck.slides[1]) == "Hello.\n\n\u201cWe go on.\u201d by A guide"
    assert spoken_segments(deck, deck.slides[0]) == ["We go on. By A guide."]


def test_narration_override_replaces_caption_and_heading_is_never_spoken():
    deck = deck_of([{"heading": "Heading", "caption": "Written.", "narration": "Spoken."}])
    assert display_script(deck, deck.slides[0]) == "Spoken."


def test_pronunciations_apply_to_speech_only():
    deck = deck_of(
        [{"heading": "H", "caption": "Mt. Paektu [[x]]"}], pronunciations={"Mt.": "Mount"}
    )
    assert display_script(deck, deck.slides[0]) == "Mt. Paektu [[x]]"
    assert spoken_segments(deck, deck.slides[0]) == ["Mount Paektu x"]


def test_image_only_slide_without_description_speaks_nothing():
    deck = deck_of([{"heading": "H", "image": "a.jpg", "alt": "Alt."}])
    assert display_script(deck, deck.slides[0]) == ""
    assert spoken_segments(deck, deck.slides[0]) == []
