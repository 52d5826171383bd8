"""Draw the stand-in card shown when a deck's photograph may not be shipped.

The card says plainly that it stands in for the original photograph, names who made it, and
shows the slide's alt text large, so sighted readers get what a screen reader user hears.
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

CARD_VERSION = "1"  # bump when the drawing changes, so cached cards are redrawn
LABEL = "Stand-in for the original photograph"
BACKGROUND = (24, 26, 31)
FOREGROUND = (255, 255, 255)  # 17:1 against the background
MUTED = (205, 208, 214)  # still over 11:1: secondary, not faint
ACCENT = (255, 196, 0)
LARGEST_TEXT, SMALLEST_TEXT = 76, 26

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def card_font(size: int) -> Font:
    """Return Pillow's bundled scalable font: present wherever Pillow is, unlike system fonts."""
    return ImageFont.load_default(size=size)


def wrap(text: str, font: Font, width: float) -> list[str]:
    """Break `text` into lines no wider than `width`, splitting words only when they must."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if font.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while font.getlength(word) > width:  # a word longer than the line: break it
                cut = max(1, int(len(word) * width / font.getlength(word)))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fit_text(text: str, box: tuple[float, float], unit: float) -> tuple[Font, list[str], float]:
    """Return the largest font (and its lines and line height) that fits `text` in `box`."""
    size = LARGEST_TEXT
    while True:
        font = card_font(max(1, round(size * unit)))
        lines = wrap(text, font, box[0])
        line_height = size * unit * 1.35
        if len(lines) * line_height <= box[1] or size <= SMALLEST_TEXT:
            return font, lines, line_height
        size -= 2


def draw_stand_in(alt: str, credit: str, size: tuple[int, int] = (1600, 1067)) -> Image.Image:
    """Draw a labelled card showing `alt`, for a photograph that is not ours to publish."""
    width, height = size
    unit = width / 1600  # every measure scales with the card
    margin = round(96 * unit)
    card = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(card)
    inset = round(24 * unit)
    draw.rectangle(
        (inset, inset, width - inset - 1, height - inset - 1),
        outline=MUTED,
        width=max(2, round(3 * unit)),
    )
    top = margin
    draw.rectangle((margin, top, margin + round(12 * unit), top + round(96 * unit)), fill=ACCENT)
    text_left = margin + round(40 * unit)
    draw.text((text_left, top - 4 * unit), LABEL, font=card_font(round(44 * unit)), fill=FOREGROUND)
    draw.text((text_left, top + 58 * unit), credit, font=card_font(round(34 * unit)), fill=MUTED)
    body_top = top + round(176 * unit)
    box = (width - 2 * margin, height - body_top - margin)
    font, lines, line_height = fit_text(alt, box, unit)
    y = body_top + max(0.0, (box[1] - len(lines) * line_height) / 2)
    for line in lines:
        draw.text((margin, y), line, font=font, fill=FOREGROUND)
        y += line_height
    return card
