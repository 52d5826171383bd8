"""Alt-text lint: one test per rule, and silence for good alt text."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.alt_text import Finding, lint_alt
from app.deck import Deck, DeckModel, Slide

GOOD_ALT = "Two soldiers stand guard at the foot of a bronze statue."


def deck_of(*slides: dict, validate: bool = True) -> Deck:
    """Return a deck of `slides`; validate=False builds slides the schema would refuse."""
    if validate:
        model = DeckModel.model_validate({"title": "T", "credit": "C", "slides": list(slides)})
    else:
        built = [Slide.model_construct(**slide) for slide in slides]
        model = DeckModel.model_construct(title="T", credit="C", slides=built)
    return Deck(slug="test", folder=Path("content/test"), model=model)


def slide(**fields: object) -> dict:
    return {"heading": "H", "image": "images/07.jpg", "alt": GOOD_ALT, **fields}


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_good_alt_has_no_findings():
    deck = deck_of(
        slide(caption="The statues stand on Mansu Hill."), {"heading": "H", "caption": "x"}
    )
    assert lint_alt(deck) == []


@pytest.mark.parametrize("alt", [None, "", "   "])
def test_missing_alt_is_an_error(alt):
    finding = only(lint_alt(deck_of(slide(), slide(alt=alt), validate=False)))
    assert (finding.severity, finding.slide, finding.field) == ("error", 2, "alt")
    assert "must not be empty" in finding.message


@pytest.mark.parametrize("alt", ["The statues, on Mansu Hill!", "the statues on mansu hill"])
def test_alt_repeating_the_caption_is_an_error(alt):
    finding = only(lint_alt(deck_of(slide(alt=alt, caption="The statues on Mansu Hill."))))
    assert (finding.severity, finding.field) == ("error", "alt")
    assert "repeats the caption" in finding.message


@pytest.mark.parametrize("alt", ["07.jpg", "07", "IMG_2041", "img-2041.JPG"])
def test_alt_that_is_the_file_name_is_an_error(alt):
    deck = deck_of(
        slide(image="images/IMG_2041.JPG" if "2041" in alt else "images/07.jpg", alt=alt)
    )
    finding = only(lint_alt(deck))
    assert (finding.severity, finding.field) == ("error", "alt")
    assert "file name" in finding.message


@pytest.mark.parametrize(
    "alt",
    [
        "Image of a road",
        "photo of a road",
        "PICTURE OF a road",
        "Photograph of a road",
        "A photo of",
    ],
)
def test_redundant_opening_is_a_warning(alt):
    finding = only(lint_alt(deck_of(slide(alt=alt))))
    assert (finding.severity, finding.field) == ("warning", "alt")
    assert "screen readers already say" in finding.message


def test_words_that_merely_start_alike_are_fine():
    assert lint_alt(deck_of(slide(alt="Photographers of the state press wait in line."))) == []


def test_long_alt_is_a_warning_pointing_at_description():
    finding = only(lint_alt(deck_of(slide(alt="word " * 60))))
    assert (finding.severity, finding.field) == ("warning", "alt")
    assert "description" in finding.message
    assert lint_alt(deck_of(slide(alt="x" * 250))) == []


def test_decorative_image_with_caption_is_a_warning():
    decorative = {"heading": "H", "image": "images/rule.png", "decorative": True}
    assert lint_alt(deck_of(decorative)) == []
    finding = only(lint_alt(deck_of({**decorative, "caption": "A border."})))
    assert (finding.severity, finding.slide, finding.field) == ("warning", 1, "decorative")


def test_alt_on_a_decorative_image_is_a_warning():
    decorative = {"heading": "H", "image": "images/rule.png", "decorative": True, "alt": "A rule"}
    finding = only(lint_alt(deck_of(decorative)))
    assert (finding.severity, finding.field) == ("warning", "alt")


def test_only_marked_images_count_as_decorative():
    finding = only(lint_alt(deck_of(slide(alt=""), validate=False)))
    assert finding.severity == "error"
