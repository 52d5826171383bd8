"""Resize decoded pixels and encode them as AVIF, WebP and JPEG with no metadata at all.

JPEG q80 is the quality readers accept; AVIF and WebP are set to the fewest bytes whose SSIM
against the resized source stays at or above JPEG q80's on real photographs (scikit-image's
coffee, astronaut, chelsea, motorcycle) and on the tests' synthetic one: AVIF q58 at speed 8 fell
below it on every real photograph. Numbers: benchmarks/images.py; floor: tests/test_images_quality.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image


@dataclass(frozen=True)
class OutputFormat:
    """One encoding: Pillow format name, file extension, MIME type and encoder options."""

    name: str
    ext: str
    mime: str
    options: dict[str, Any]


FORMATS = (
    OutputFormat("AVIF", "avif", "image/avif", {"quality": 62, "speed": 6}),
    OutputFormat("WEBP", "webp", "image/webp", {"quality": 82, "method": 6}),
    OutputFormat(
        "JPEG", "jpg", "image/jpeg", {"quality": 80, "optimize": True, "progressive": True}
    ),
)
ALPHA_FORMATS = {"AVIF", "WEBP"}
# Keys under which Pillow reports metadata it read from a file; an output must have none.
METADATA_KEYS = {"exif", "xmp", "icc_profile", "comment", "photoshop", "iptc", "XML:com.adobe.xmp"}


def plan_widths(source_width: int, widths: tuple[int, ...]) -> list[int]:
    """Return the widths to publish: never larger than the source, and at least one."""
    fitting = sorted({w for w in widths if w <= source_width})
    return fitting or [source_width]


def scaled_height(source: tuple[int, int], width: int) -> int:
    """Return the height that keeps the source's aspect ratio at `width`."""
    return max(1, round(source[1] * width / source[0]))


def resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Resize with Lanczos; `reducing_gap` makes large reductions fast at no visible cost."""
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def clean_copy(image: Image.Image, fmt: OutputFormat) -> Image.Image:
    """Return pixels only, in a mode the format keeps: alpha flattened onto white for JPEG.

    Pillow's encoders read some metadata from `image.info` (the JPEG comment, AVIF's ICC
    profile), so the copy's info is emptied.
    """
    if image.mode == "RGBA" and fmt.name not in ALPHA_FORMATS:
        white = Image.new("RGB", image.size, (255, 255, 255))
        white.paste(image, mask=image.getchannel("A"))
        image = white
    else:
        image = image.copy()
    image.info = {}
    return image


def encode(image: Image.Image, fmt: OutputFormat) -> bytes:
    """Encode one variant in memory and prove it carries no metadata."""
    buffer = io.BytesIO()
    clean_copy(image, fmt).save(buffer, fmt.name, **fmt.options)
    data = buffer.getvalue()
    leaked = metadata_in(data)
    if leaked:  # a Pillow change must never publish a photographer's data
        raise RuntimeError(f"{fmt.name} output still carries {sorted(leaked)}")
    return data


def metadata_in(data: bytes) -> set[str]:
    """Return the metadata kinds Pillow finds in encoded image bytes (empty when clean)."""
    with Image.open(io.BytesIO(data)) as image:
        found = {key for key in image.info if key in METADATA_KEYS}
        if image.getexif():
            found.add("exif")
    return found
