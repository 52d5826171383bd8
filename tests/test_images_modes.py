"""Colour modes, profiles, transparency and animation are converted, not rejected."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageCms

from app.images import ANIMATED_WARNING, publish_image
from tests.images_support import image_deck, image_slide, save, swapped_primaries_icc, to_bytes

SIZE = (64, 48)


def publish_bytes(tmp_path, data: bytes, name: str = "images/01.png"):
    """Publish `data` as slide 1; return the entry and {format: decoded RGB(A) image}."""
    deck = image_deck(tmp_path / "deck", [image_slide(name)])
    save(deck.folder, name, data)
    entry = publish_image(deck, 1, tmp_path / "out")
    outputs = {}
    for variant in entry.variants:
        with Image.open(tmp_path / "out" / variant.file) as image:
            outputs[variant.format] = image.copy()
    return entry, outputs


def near(pixel, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    cmyk = Image.new("CMYK", SIZE, (0, 255, 255, 0))  # no cyan, full magenta and yellow: red
    entry, outputs = publish_bytes(tmp_path, to_bytes(cmyk, "JPEG"), "images/01.jpg")
    assert entry.warnings == []
    for fmt, image in outputs.items():
        assert image.mode == "RGB", fmt
        assert near(image.getpixel((32, 24)), (237, 28, 36), 50), fmt


def test_sixteen_bit_grayscale_is_scaled_not_clipped(tmp_path):
    values = np.full((SIZE[1], SIZE[0]), 0x8080, dtype=np.uint16)
    values[:, SIZE[0] // 2 :] = 0xFFFF
    source = Image.fromarray(values)
    assert source.mode == "I;16"
    _, outputs = publish_bytes(tmp_path, to_bytes(source, "PNG"))
    for fmt, image in outputs.items():
        gray = image.convert("L")
        assert abs(gray.getpixel((8, 24)) - 128) <= 4, fmt  # clipping would give 255
        assert gray.getpixel((56, 24)) >= 250, fmt


def transparent_palette() -> Image.Image:
    image = Image.new("P", SIZE, 0)
    image.putpalette([0, 0, 0, 255, 0, 0])
    image.paste(1, (0, 0, SIZE[0] // 2, SIZE[1]))
    image.info["transparency"] = 0
    return image


def transparent_rgba() -> Image.Image:
    image = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, SIZE[0] // 2, SIZE[1]))
    return image


def transparent_la() -> Image.Image:
    image = Image.new("LA", SIZE, (0, 0))
    image.paste((76, 255), (0, 0, SIZE[0] // 2, SIZE[1]))  # gray 76 is red's luma
    return image


@pytest.mark.parametrize("make", [transparent_palette, transparent_rgba, transparent_la])
def test_alpha_is_kept_for_webp_and_avif_and_flattened_on_white_for_jpeg(tmp_path, make):
    _, outputs = publish_bytes(tmp_path, to_bytes(make(), "PNG"))
    opaque, clear = (8, 24), (56, 24)
    for fmt in ("webp", "avif"):
        image = outputs[fmt]
        assert image.mode == "RGBA", fmt
        assert image.getpixel(opaque)[3] == 255 and image.getpixel(clear)[3] <= 8, fmt
    jpeg = outputs["jpeg"]
    assert jpeg.mode == "RGB"
    assert near(jpeg.getpixel(clear), (255, 255, 255), 8)
    assert not near(jpeg.getpixel(opaque), (255, 255, 255), 60)


def test_opaque_palette_image_becomes_rgb(tmp_path):
    image = transparent_palette()
    del image.info["transparency"]
    _, outputs = publish_bytes(tmp_path, to_bytes(image, "PNG"))
    assert {image.mode for image in outputs.values()} == {"RGB"}
    assert near(outputs["webp"].getpixel((8, 24)), (255, 0, 0))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_embedded_profile_is_converted_to_srgb(tmp_path, fmt):
    red = Image.new("RGB", SIZE, (255, 0, 0))
    data = to_bytes(red, fmt, icc_profile=swapped_primaries_icc())
    entry, outputs = publish_bytes(tmp_path, data, f"images/01.{fmt.lower()}")
    assert entry.warnings == []
    for out_fmt, image in outputs.items():
        red_level, green_level, _ = image.getpixel((32, 24))[:3]
        assert green_level > 200 and red_level < 70, out_fmt  # the pixel is really green


def test_srgb_profile_leaves_colours_alone(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = to_bytes(Image.new("RGB", SIZE, (255, 0, 0)), "PNG", icc_profile=srgb)
    _, outputs = publish_bytes(tmp_path, data)
    for out_fmt, image in outputs.items():
        assert near(image.getpixel((32, 24))[:3], (255, 0, 0), 30), out_fmt


def test_broken_profile_is_a_warning_not_an_error(tmp_path):
    data = to_bytes(Image.new("RGB", SIZE, (255, 0, 0)), "PNG", icc_profile=b"not a profile")
    entry, outputs = publish_bytes(tmp_path, data)
    assert any("colour profile" in warning for warning in entry.warnings)
    assert near(outputs["jpeg"].getpixel((32, 24)), (255, 0, 0), 30)


def test_animated_gif_publishes_first_frame_with_a_warning(tmp_path):
    frames = [Image.new("RGB", SIZE, colour) for colour in ((255, 0, 0), (0, 0, 255))]
    data = to_bytes(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    entry, outputs = publish_bytes(tmp_path, data, "images/01.gif")
    assert ANIMATED_WARNING in entry.warnings
    for fmt, image in outputs.items():
        assert getattr(image, "n_frames", 1) == 1, fmt
        assert near(image.convert("RGB").getpixel((32, 24)), (255, 0, 0)), fmt


def test_animated_webp_publishes_first_frame_with_a_warning(tmp_path):
    frames = [Image.new("RGB", SIZE, colour) for colour in ((0, 200, 0), (0, 0, 255))]
    data = to_bytes(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)
    entry, outputs = publish_bytes(tmp_path, data, "images/01.webp")
    assert ANIMATED_WARNING in entry.warnings
    assert near(outputs["jpeg"].getpixel((32, 24)), (0, 200, 0))
