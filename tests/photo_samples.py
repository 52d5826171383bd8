"""Real photographs shipped inside PyPI packages, and the SSIM the image pipeline is judged by.

No binary files in the repo and no downloads at run time: scikit-image's wheel carries a few
camera photographs (lossless PNG, all under 960 px wide) and imgaug's wheel carries one JPEG
exactly 960 px wide (`quokka.jpg`), the only real photograph of that width found in a package.
imgaug is never imported (it predates NumPy 2); its file is located through its metadata.
"""

from __future__ import annotations

import importlib.metadata
import io
from pathlib import Path

import numpy as np
import skimage
from PIL import Image
from skimage.metrics import structural_similarity

from app.images.encode import OutputFormat, encode

SKIMAGE_PHOTOS = ("coffee.png", "motorcycle_left.png", "astronaut.png", "chelsea.png")
# The quality readers accept, fixed here (not read from FORMATS), so lowering a setting fails.
JPEG_Q80 = OutputFormat("JPEG", "jpg", "image/jpeg", {"quality": 80, "optimize": True})

FLOOR_MARGIN = 0.002


def skimage_photo(name: str) -> Path:
    """Return the path of one photograph in scikit-image's installed data folder."""
    return Path(skimage.__file__).parent / "data" / name


def quokka() -> Path:
    """Return imgaug's 960 x 643 JPEG photograph, without importing imgaug."""
    return Path(str(importlib.metadata.distribution("imgaug").locate_file("imgaug/quokka.jpg")))


def real_photographs() -> dict[str, Path]:
    """Return every real photograph we can measure on, by a short label."""
    found = {name.split(".")[0]: skimage_photo(name) for name in SKIMAGE_PHOTOS}
    found["quokka"] = quokka()
    return found


def rgb(path: Path) -> Image.Image:
    """Decode a photograph as plain RGB pixels."""
    with Image.open(path) as image:
        return image.convert("RGB")


def ssim(reference: Image.Image, encoded: bytes) -> float:
    """Return the mean SSIM over R, G and B of decoded `encoded` against `reference`."""
    with Image.open(io.BytesIO(encoded)) as image:
        decoded = np.asarray(image.convert("RGB"))
    return float(
        structural_similarity(np.asarray(reference), decoded, channel_axis=2, data_range=255)
    )


def jpeg_floor(reference: Image.Image) -> float:
    """Return the lowest SSIM a variant of `reference` may have: a JPEG q80 encode's, less a margin.

    The margin (0.002) is below what anyone sees, and keeps the floor from failing on the fourth
    decimal; dropping AVIF from q62 to q58 costs 0.01 on real photographs.
    """
    return ssim(reference, encode(reference, JPEG_Q80)) - FLOOR_MARGIN
