"""Every published variant looks at least as good as JPEG q80 by SSIM: smaller files never cost
visible quality. Judged on the tests' synthetic photograph and on real camera photographs that
scikit-image ships (lossless PNGs), published through the real pipeline."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.images import publish_image
from app.images.encode import resize
from tests.images_support import image_deck, image_slide, photo_like, save, to_bytes
from tests.photo_samples import jpeg_floor, rgb, skimage_photo, ssim

SOURCES = {
    "synthetic": lambda: photo_like((1800, 1200)),
    "chelsea": lambda: rgb(skimage_photo("chelsea.png")),
    "coffee": lambda: rgb(skimage_photo("coffee.png")),
    "motorcycle": lambda: rgb(skimage_photo("motorcycle_left.png")),
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_variant_is_at_least_jpeg_q80_quality(tmp_path, name):
    source = SOURCES[name]()
    deck = image_deck(tmp_path / "deck", [image_slide("images/01.png")])
    save(deck.folder, "images/01.png", to_bytes(source, "PNG"))
    entry = publish_image(deck, 1, tmp_path / "out")
    assert entry is not None
    assert {v.format for v in entry.variants} == {"avif", "webp", "jpeg"}
    for variant in entry.variants:
        reference = resize(source, (variant.width, variant.height))
        data = (tmp_path / "out" / variant.file).read_bytes()
        with Image.open(io.BytesIO(data)) as decoded:
            assert decoded.size == reference.size
        score, floor = ssim(reference, data), jpeg_floor(reference)
        assert score >= floor, f"{name} {variant.file}: SSIM {score:.4f} < floor {floor:.4f}"


def test_the_floor_catches_a_worse_encoder():
    """The check can fail: a JPEG at q60 falls below the q80 floor on a real photograph."""
    reference = rgb(skimage_photo("chelsea.png"))
    assert ssim(reference, to_bytes(reference, "JPEG", quality=60)) < jpeg_floor(reference)
