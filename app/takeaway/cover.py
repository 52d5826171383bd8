"""The show's cover art: a square card drawn from the site title when the publisher gives none.

Podcast directories ask for at least 1400×1400 px (Apple: 1400 to 3000, RGB, PNG or JPEG).
"""

from __future__ import annotations

import io
import textwrap
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

COVER_SIZE = 1400
BACKGROUND = (20, 33, 61)  # deep blue; the text on it is white: contrast about 15:1
FOREGROUND = (255, 255, 255)
ACCENT = (255, 224, 102)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return DejaVu Sans Bold when installed, else Pillow's own scalable default font."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def _lines(title: str, draw: ImageDraw.ImageDraw, size: int, width: int) -> list[str]:
    """Wrap the title to lines no wider than `width` pixels at font `size`."""
    font = _font(size)
    for chars in range(28, 4, -2):
        lines = textwrap.wrap(title, chars) or [title]
        if all(draw.textlength(line, font=font) <= width for line in lines):
            return lines
    return textwrap.wrap(title, 6) or [title]


@cache
def cover_png(
    title: str, subtitle: str = "Photo essays, narrated", size: int = COVER_SIZE
) -> bytes:
    """Return a square PNG with the title large and centred; same title, same bytes."""
    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = size // 10
    font_size = size // 9
    lines = _lines(title, draw, font_size, size - 2 * margin)
    while len(lines) > 5 and font_size > size // 30:
        font_size = font_size * 4 // 5
        lines = _lines(title, draw, font_size, size - 2 * margin)
    font = _font(font_size)
    line_height = round(font_size * 1.2)
    top = (size - line_height * len(lines)) // 2 - size // 20
    for index, line in enumerate(lines):
        draw.text(
            (size // 2, top + index * line_height), line, font=font, fill=FOREGROUND, anchor="mt"
        )
    rule_y = top + len(lines) * line_height + size // 30
    draw.rectangle(
        (size // 2 - size // 8, rule_y, size // 2 + size // 8, rule_y + size // 140), fill=ACCENT
    )
    draw.text(
        (size // 2, rule_y + size // 20),
        subtitle,
        font=_font(size // 24),
        fill=FOREGROUND,
        anchor="mt",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def publisher_cover(path: Path) -> bytes:
    """Return the publisher's cover as PNG; ValueError if unreadable, not square or too small."""
    try:
        with Image.open(path) as source:
            image = source.convert("RGB")
    except (OSError, UnidentifiedImageError) as error:
        raise ValueError(f"not a readable image ({error})") from None
    width, height = image.size
    if width != height or width < COVER_SIZE:
        raise ValueError(f"must be square and at least {COVER_SIZE} px, is {width}x{height}")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
