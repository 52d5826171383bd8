"""Cover art drawn from a title: the show's square card (when the publisher gives none) and the
talking book's portrait cover.

Podcast directories ask for at least 1400×1400 px (Apple: 1400 to 3000, RGB, PNG or JPEG).
"""

from __future__ import annotations

import io
import textwrap
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

COVER_SIZE = 1400
BOOK_COVER_SIZE = (1600, 2400)
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
    return title_card(title, subtitle, (size, size))


@cache
def book_cover_png(title: str, credit: str) -> bytes:
    """Return the talking book's cover: a portrait card (1:1.5, as reading apps show covers)."""
    return title_card(title, credit, BOOK_COVER_SIZE)


def title_card(title: str, subtitle: str, size: tuple[int, int]) -> bytes:
    """Draw the title large and centred, an accent rule, and the subtitle under it, as PNG."""
    width, height = size
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = width // 10
    font_size = width // 9
    lines = _lines(title, draw, font_size, width - 2 * margin)
    while len(lines) > 5 and font_size > width // 30:
        font_size = font_size * 4 // 5
        lines = _lines(title, draw, font_size, width - 2 * margin)
    font = _font(font_size)
    line_height = round(font_size * 1.2)
    top = (height - line_height * len(lines)) // 2 - height // 20
    for index, line in enumerate(lines):
        draw.text(
            (width // 2, top + index * line_height), line, font=font, fill=FOREGROUND, anchor="mt"
        )
    rule_y = top + len(lines) * line_height + width // 30
    draw.rectangle(
        (width // 2 - width // 8, rule_y, width // 2 + width // 8, rule_y + width // 140),
        fill=ACCENT,
    )
    small = _font(width // 24)
    for index, line in enumerate(_lines(subtitle, draw, width // 24, width - 2 * margin)[:3]):
        draw.text(
            (width // 2, rule_y + width // 20 + index * round(width // 24 * 1.3)),
            line,
            font=small,
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
