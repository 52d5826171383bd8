"""The deck schema: what it accepts, and how each problem is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.deck import DeckErrors, discover_decks, load_deck
from tests.conftest import BUNDLED_CONTENT

DECKS = Path(__file__).parent / "decks"


def messages(folder: Path, root: Path) -> list[str]:
    with pytest.raises(DeckErrors) as failure:
        load_deck(folder, display_root=root)
    return [str(error) for error in failure.value.errors]


def test_bundled_deck_is_valid():
    deck = load_deck(BUNDLED_CONTENT / "north-korea")
    assert len(deck.slides) == 29
    assert deck.slides[1].caption == "The photos are striking."
    assert deck.slides[-2].caption.startswith('"In the art centre of Pyongyang')
    assert deck.model.describe is True


def test_bundled_deck_corrects_the_two_errors_with_notes():
    deck = load_deck(BUNDLED_CONTENT / "north-korea")
    captions = " ".join(slide.caption or "" for slide in deck.slides)
    assert "Kim II Sung" not in captions and "Kim Il-sung" in captions
    assert "delphinium" not in captions and "dolphinarium" in captions
    notes = [slide.note for slide in deck.slides if slide.note]
    assert len(notes) == 2


def test_every_problem_is_reported_with_file_slide_and_field():
    assert messages(DECKS / "bad-fields", DECKS.parent) == [
        "decks/bad-fields/deck.toml: colour: is not a known field",
        "decks/bad-fields/deck.toml: credit: must not be empty",
        "decks/bad-fields/deck.toml: slide 2: alt: must not be empty (or mark the image decorative = true)",
        "decks/bad-fields/deck.toml: slide 3: heading: must not be empty",
        "decks/bad-fields/deck.toml: slide 4: image: images/not-there.jpg: file not found;"
        " put the picture there, or set placeholder = true for a stand-in card",
    ]


def test_invalid_toml_names_the_file():
    [message] = messages(DECKS / "bad-toml", DECKS.parent)
    assert message.startswith("decks/bad-toml/deck.toml: not valid TOML:")


def test_image_path_may_not_escape_the_deck_folder():
    assert messages(DECKS / "escaping-image", DECKS.parent) == [
        "decks/escaping-image/deck.toml: slide 1: image: ../../secret.jpg: must stay inside the"
        " deck folder; move the picture into the deck's images folder"
    ]


@pytest.mark.parametrize(
    ("slide", "expected"),
    [
        (
            {"heading": "Only heading"},
            "slide 1: caption: a slide needs a caption, a quote or an image",
        ),
        (
            {"heading": "X", "caption": "y", "image": "a.jpg", "placeholder": True},
            "slide 1: alt: must not be empty (or mark the image decorative = true)",
        ),
        ({"heading": "X", "caption": "y", "speed": 2}, "slide 1: speed: is not a known field"),
    ],
)
def test_slide_rules(make_deck, tmp_path, slide, expected):
    folder = make_deck(slides=[slide])
    assert messages(folder, tmp_path) == [f"content/test-deck/deck.toml: {expected}"]


def test_decorative_image_needs_no_alt(make_deck):
    folder = make_deck(
        slides=[{"heading": "X", "image": "a.jpg", "placeholder": True, "decorative": True}]
    )
    assert load_deck(folder).slides[0].decorative


def test_missing_deck_file_and_bad_slug(tmp_path):
    (tmp_path / "Bad Name").mkdir()
    assert messages(tmp_path / "Bad Name", tmp_path) == [
        "Bad Name/deck.toml: folder name must be a lowercase slug"
    ]
    (tmp_path / "empty").mkdir()
    assert messages(tmp_path / "empty", tmp_path) == ["empty/deck.toml: file not found"]


def test_broken_deck_is_skipped_and_others_load(make_deck, tmp_path):
    make_deck("good")
    make_deck("broken", slides=[{"heading": ""}])
    decks, errors = discover_decks(tmp_path / "content")
    assert list(decks) == ["good"]
    assert errors and all(str(error.path).startswith("content/broken") for error in errors)
