"""Bad images: each gives a DeckError on the slide's "image" field and writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import app.images.publish
from app.deck import DeckError
from app.images import check_image, publish_image
from tests.images_support import crafted_png, image_deck, image_slide, photo_like, save, to_bytes


def files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def publish_fails(deck, out: Path, number: int = 2) -> DeckError:
    """Publish slide `number`, expecting a DeckError; check its location and that out is empty."""
    with pytest.raises(DeckError) as caught:
        publish_image(deck, number, out)
    error = caught.value
    assert (error.slide, error.field) == (number, "image")
    assert error.path == deck.folder / "deck.toml"
    assert files_in(out) == []
    return error


def deck_with(tmp_path: Path, data: bytes | None, path: str = "images/02.png"):
    """Return a deck whose slide 2 is `data` at `path` (slide 1 has no image)."""
    deck = image_deck(tmp_path / "deck", [{"heading": "Intro", "caption": "Hi"}, image_slide(path)])
    if data is not None:
        save(deck.folder, path, data)
    return deck


def truncated_jpeg() -> bytes:
    data = to_bytes(photo_like((400, 300)), "JPEG", quality=90)
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, "file not found; put the picture there, or set placeholder = true"),
        (
            b"this is not an image at all",
            "this file could not be read as a picture; export it as JPEG or PNG",
        ),
        (truncated_jpeg(), "this file is damaged or incomplete"),
        # Pillow warns over the limit and refuses over twice it: both are the same problem.
        (crafted_png(10_000, 10_000), "too large (more than 64 megapixels); export it smaller"),
        (crafted_png(12_000, 12_000), "too large (more than 64 megapixels); export it smaller"),
        (crafted_png(20_001, 2_001), "20001x2001 px, over 20000 px on a side; export it smaller"),
        (crafted_png(15, 100), "15x100 px, under 16 px on a side; use the full-size picture"),
        (crafted_png(1_100, 100), "one side is over 10 times the other; crop it"),
    ],
    ids=["missing", "not-image", "truncated", "bomb", "big-bomb", "huge", "tiny", "sliver"],
)
def test_bad_image_is_a_deck_error(tmp_path, data, expected):
    deck = deck_with(tmp_path, data)
    error = publish_fails(deck, tmp_path / "out")
    assert error.message.startswith("images/02.png: ")  # names the file
    assert expected in error.message
    for library in ("Pillow", "PIL", "libheif", "pillow_heif"):  # plain words only
        assert library not in error.message
    with pytest.raises(DeckError, match=re.escape(expected)):
        check_image(deck, 2)


def test_display_path_is_used_in_errors(tmp_path):
    deck = deck_with(tmp_path, None)
    shown = Path("content/deck/deck.toml")
    with pytest.raises(DeckError) as caught:
        publish_image(deck, 2, tmp_path / "out", display_path=shown)
    assert caught.value.path == shown
    assert (
        str(caught.value)
        == "content/deck/deck.toml: slide 2: image: images/02.png: file not found;"
        " put the picture there, or set placeholder = true for a stand-in card"
    )


def test_path_escaping_the_deck_is_refused(tmp_path):
    save(tmp_path, "outside.png", to_bytes(photo_like((64, 48)), "PNG"))
    deck = image_deck(tmp_path / "deck", [image_slide(), image_slide("../outside.png")])
    error = publish_fails(deck, tmp_path / "out")
    assert error.message == (
        "../outside.png: must stay inside the deck folder;"
        " move the picture into the deck's images folder"
    )


def test_symlink_escaping_the_deck_is_refused(tmp_path):
    outside = save(tmp_path, "outside.png", to_bytes(photo_like((64, 48)), "PNG"))
    deck = image_deck(tmp_path / "deck", [image_slide(), image_slide("images/link.png")])
    (deck.folder / "images").mkdir()
    (deck.folder / "images/link.png").symlink_to(outside)
    assert "must stay inside" in publish_fails(deck, tmp_path / "out").message


def test_escaping_path_is_refused_even_with_placeholder(tmp_path):
    slides = [image_slide(), image_slide("../../missing.jpg", placeholder=True)]
    deck = image_deck(tmp_path / "deck", slides)
    assert "must stay inside" in publish_fails(deck, tmp_path / "out").message


def test_failure_in_a_late_variant_writes_nothing(tmp_path, monkeypatch):
    deck = deck_with(tmp_path, to_bytes(photo_like((500, 300)), "PNG"))
    real_encode = app.images.publish.encode

    def failing(image, fmt):
        if fmt.name == "JPEG" and image.width == 480:  # the last variant encoded
            raise OSError("disk full")
        return real_encode(image, fmt)

    monkeypatch.setattr(app.images.publish, "encode", failing)
    with pytest.raises(OSError, match="disk full"):
        publish_image(deck, 2, tmp_path / "out")
    assert files_in(tmp_path / "out") == []


def test_slide_without_image_gives_none(tmp_path):
    deck = deck_with(tmp_path, None)
    assert publish_image(deck, 1, tmp_path / "out") is None
    assert check_image(deck, 1) == []
