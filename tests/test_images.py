"""The pipeline: widths, names, caching, size budget, stand-in cards, stale-file removal."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image

from app.deck import load_deck
from app.images import ImageEntry, publish_image, remove_stale_images
from tests.images_support import image_deck, image_slide, photo_like, save, to_bytes

NAME = re.compile(r"^images/[0-9a-f]{16}-\d+\.(avif|webp|jpg)$")


def deck_with_photo(tmp_path, size, fmt="JPEG", name="images/01.jpg"):
    deck = image_deck(tmp_path / "deck", [image_slide(name)])
    save(deck.folder, name, to_bytes(photo_like(size), fmt))
    return deck


@pytest.mark.parametrize(
    ("source", "widths"),
    [((2000, 1000), [480, 960, 1600]), ((1000, 700), [480, 960]), ((300, 200), [300])],
)
def test_widths_never_upscale_and_at_least_one(tmp_path, source, widths):
    deck = deck_with_photo(tmp_path, source)
    entry = publish_image(deck, 1, tmp_path / "out")
    assert sorted({v.width for v in entry.variants}) == widths
    assert entry.width == widths[-1]
    assert entry.height == round(source[1] * widths[-1] / source[0])
    for variant in entry.variants:
        assert NAME.match(variant.file)
        with Image.open(tmp_path / "out" / variant.file) as image:
            assert image.size == (variant.width, variant.height)
            assert image.format.lower() == variant.format
            assert Image.MIME[image.format] == variant.mime


@pytest.mark.parametrize("orientation", [1, 6])
def test_reduced_jpeg_decoding_keeps_exact_sizes_and_orientation(tmp_path, orientation):
    source = photo_like((1800, 900))
    source.paste((255, 0, 0), (0, 0, 200, 200))  # stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    deck = image_deck(tmp_path / "deck", [image_slide()])
    save(deck.folder, "images/01.jpg", to_bytes(source, "JPEG", exif=exif))
    entry = publish_image(deck, 1, tmp_path / "out", widths=(200, 400))
    upright = (900, 1800) if orientation == 6 else (1800, 900)
    assert (entry.width, entry.height) == (400, 400 * upright[1] // upright[0])
    with Image.open(tmp_path / "out" / entry.variants[-1].file) as image:
        assert image.size == (entry.width, entry.height)
        corner = (image.width - 5, 5) if orientation == 6 else (5, 5)
        assert image.convert("RGB").getpixel(corner)[0] > 180


def test_every_width_has_three_formats(tmp_path):
    entry = publish_image(deck_with_photo(tmp_path, (1000, 700)), 1, tmp_path / "out")
    formats = {(v.width, v.format) for v in entry.variants}
    assert formats == {(w, f) for w in (480, 960) for f in ("avif", "webp", "jpeg")}
    assert len({v.file for v in entry.variants}) == 6


def test_second_run_is_cached_and_touches_nothing(tmp_path):
    deck = deck_with_photo(tmp_path, (1000, 700))
    first = publish_image(deck, 1, tmp_path / "out")
    stamps = {v.file: (tmp_path / "out" / v.file).stat().st_mtime_ns for v in first.variants}
    second = publish_image(deck, 1, tmp_path / "out")
    assert (first.cached, second.cached) == (False, True)
    assert second.variants == first.variants
    assert {v.file: (tmp_path / "out" / v.file).stat().st_mtime_ns for v in second.variants} == (
        stamps
    )


def test_changed_source_or_widths_get_new_names(tmp_path):
    deck = deck_with_photo(tmp_path, (1000, 700))
    first = publish_image(deck, 1, tmp_path / "out")
    narrower = publish_image(deck, 1, tmp_path / "out", widths=(480,))
    save(deck.folder, "images/01.jpg", to_bytes(photo_like((1000, 700), seed=8), "JPEG"))
    changed = publish_image(deck, 1, tmp_path / "out")
    assert not changed.cached and not narrower.cached
    names = [{v.file.split("-")[0] for v in e.variants} for e in (first, narrower, changed)]
    assert len(set.union(*names)) == 3


def test_a_missing_variant_is_rebuilt(tmp_path):
    deck = deck_with_photo(tmp_path, (1000, 700))
    first = publish_image(deck, 1, tmp_path / "out")
    (tmp_path / "out" / first.variants[0].file).unlink()
    again = publish_image(deck, 1, tmp_path / "out")
    assert not again.cached
    assert (tmp_path / "out" / first.variants[0].file).is_file()


def test_960_variant_of_a_photograph_fits_the_budget(tmp_path):
    deck = deck_with_photo(tmp_path, (2400, 1600), "JPEG", "images/01.jpg")
    entry = publish_image(deck, 1, tmp_path / "out")
    at_960 = [v for v in entry.variants if v.width == 960]
    assert len(at_960) == 3
    for variant in at_960:
        size = (tmp_path / "out" / variant.file).stat().st_size
        assert size <= 120 * 1024, f"{variant.file}: {size} bytes"


def test_manifest_form_is_plain_json(tmp_path):
    entry = publish_image(deck_with_photo(tmp_path, (600, 400)), 1, tmp_path / "out")
    data = json.loads(json.dumps(entry.to_manifest()))
    assert data["width"] == 480 and data["placeholder"] is False and data["cached"] is False
    assert data["variants"][0] == {
        "file": entry.variants[0].file,
        "width": 480,
        "height": 320,
        "format": "avif",
        "mime": "image/avif",
    }
    assert isinstance(entry, ImageEntry)


def test_stand_in_card_is_drawn_when_the_file_is_absent(make_deck, tmp_path):
    deck = load_deck(make_deck())  # slide 2: images/harbour.jpg, placeholder = true, absent
    entry = publish_image(deck, 2, tmp_path / "out")
    assert entry.placeholder is True
    assert (entry.width, entry.height) == (1600, 1067)
    assert sorted({v.width for v in entry.variants}) == [480, 960, 1600]
    with Image.open(tmp_path / "out" / entry.variants[-1].file) as card:
        assert card.size == (1600, 1067)
    assert publish_image(deck, 2, tmp_path / "out").cached


def test_real_file_takes_precedence_over_the_stand_in(make_deck, tmp_path):
    folder = make_deck()
    save(folder, "images/harbour.jpg", to_bytes(photo_like((800, 600)), "JPEG"))
    entry = publish_image(load_deck(folder), 2, tmp_path / "out")
    assert entry.placeholder is False
    assert (entry.width, entry.height) == (480, 360)


def test_stand_in_name_follows_its_text(tmp_path):
    slides = [image_slide("images/a.jpg", placeholder=True, alt=alt) for alt in ("One", "Two")]
    deck = image_deck(tmp_path / "deck", slides)
    first, second = (publish_image(deck, n, tmp_path / "out") for n in (1, 2))
    assert first.variants[0].file != second.variants[0].file


def test_remove_stale_images_keeps_named_and_foreign_files(tmp_path):
    out = tmp_path / "out"
    entry = publish_image(deck_with_photo(tmp_path, (600, 400)), 1, out)
    stale = save(out, "images/0123456789abcdef-480.jpg", b"old")
    leftover = save(out, "images/.glimpse-1-abc.tmp", b"half")
    foreign = save(out, "images/readme.txt", b"mine")
    removed = remove_stale_images(out, {v.file for v in entry.variants})
    assert removed == ["images/.glimpse-1-abc.tmp", "images/0123456789abcdef-480.jpg"]
    assert not stale.exists() and not leftover.exists() and foreign.exists()
    assert all((out / v.file).is_file() for v in entry.variants)


def test_remove_stale_images_without_folder_is_a_no_op(tmp_path):
    assert remove_stale_images(tmp_path, set()) == []
