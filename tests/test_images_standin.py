"""The stand-in card: its size, its text wrapping, and that it shows what it is given."""

from __future__ import annotations

from PIL import ImageChops

from app.images.standin import card_font, draw_stand_in, fit_text, wrap

LONG_ALT = " ".join(["Soldiers march past the reviewing stand in a long grey column."] * 4)


def test_card_is_three_by_two_landscape_by_default():
    card = draw_stand_in("A harbour at dawn.", "Photographs by A. Tester")
    assert card.size == (1600, 1067) and card.mode == "RGB"


def test_card_can_be_any_size():
    assert draw_stand_in("A harbour.", "Credit", (480, 320)).size == (480, 320)


def test_card_shows_the_alt_text_and_the_credit():
    base = draw_stand_in("A harbour at dawn.", "Photographs by A. Tester")
    other_alt = draw_stand_in("A market at noon.", "Photographs by A. Tester")
    other_credit = draw_stand_in("A harbour at dawn.", "Photographs by B. Other")
    alt_box = ImageChops.difference(base, other_alt).getbbox()
    credit_box = ImageChops.difference(base, other_credit).getbbox()
    assert alt_box and alt_box[1] > 250  # the alt text sits below the header
    assert credit_box and credit_box[3] < 250  # the credit sits in the header


def test_wrapped_lines_fit_and_keep_every_word():
    font = card_font(40)
    lines = wrap(LONG_ALT, font, 700)
    assert len(lines) > 4
    assert all(font.getlength(line) <= 700 for line in lines)
    assert " ".join(lines).split() == LONG_ALT.split()


def test_a_word_longer_than_the_line_is_broken():
    font = card_font(40)
    lines = wrap("x" * 200, font, 300)
    assert "".join(lines) == "x" * 200
    assert all(font.getlength(line) <= 300 for line in lines)


def test_long_alt_text_gets_a_smaller_font_that_fits():
    box = (1408, 700)
    short_font, _, _ = fit_text("A harbour.", box, 1.0)
    long_font, lines, line_height = fit_text(LONG_ALT, box, 1.0)
    assert long_font.size < short_font.size
    assert len(lines) * line_height <= box[1]
