"""Write an imported essay as `deck.toml` text, with comments where a person must decide.

Values go through tomli-w, so any text the page held is quoted correctly; the comments say
where each value came from and what is still missing (an `alt = ""` fails `glimpse check`).
"""

from __future__ import annotations

from typing import Any

import tomli_w

from .figures import Essay, Figure, clean

MISSING_ALT = (
    "# alt: the page gives no text alternative. Describe what the picture shows for someone who\n"
    "# cannot see it (or set decorative = true if it adds nothing); `glimpse check` fails until then."
)


def value(key: str, data: Any) -> str:
    """Return one `key = value` line, quoted by tomli-w."""
    return tomli_w.dumps({key: data}).strip()


def comment(text: str) -> str:
    """Return a one-line TOML comment; line breaks in page text cannot end it early."""
    return f"# {clean(text) or ''}"


def render_deck(essay: Essay, images: list[str], source_name: str) -> str:
    """Return the deck file for `essay`, whose figures are stored at `images` (in order)."""
    lines = [
        comment(f"Imported by `glimpse import` from {source_name}."),
        "# Alt text is kept exactly as the page wrote it and never invented; captions likewise.",
        "",
        *_metadata(essay),
    ]
    for number, (figure, image) in enumerate(zip(essay.figures, images, strict=True), start=1):
        lines += [
            "",
            comment(f"{number}: {figure.origin}"),
            "[[slides]]",
            *_slide(number, figure, image),
        ]
    return "\n".join(lines) + "\n"


def _metadata(essay: Essay) -> list[str]:
    """Return the deck's top-level fields, each missing one commented."""
    lines = []
    if not essay.title:
        lines.append("# title: the page has no headline; write the essay's title.")
    lines.append(value("title", essay.title or ""))
    if not essay.language:
        lines.append("# language: the page does not say; check that this is right.")
    lines.append(value("language", essay.language or "en"))
    if essay.date:
        lines.append(value("date", essay.date))
    if essay.source:
        lines.append(value("source", essay.source))
    credit = essay.credit()
    if not credit:
        lines.append("# credit: the page names nobody; write who made the pictures.")
    elif not any(f.credit for f in essay.figures):
        lines.append("# credit: from the page's byline; check that it names who made the pictures.")
    lines.append(value("credit", credit or ""))
    if essay.intro:
        lines.append(value("intro", essay.intro))
    return lines


def _slide(number: int, figure: Figure, image: str) -> list[str]:
    """Return one slide's fields: heading, image, alt (or its comment), caption, credit note."""
    lines = []
    if not figure.heading:
        lines.append("# heading: the page has none for this picture; write a short one.")
    lines += [value("heading", figure.heading or f"Picture {number}"), value("image", image)]
    if figure.remote:
        lines += [
            comment(f"Not downloaded: save {figure.remote} as {image}, then delete the next line."),
            value("placeholder", True),
        ]
    if not figure.alt:
        lines.append(MISSING_ALT)
    lines.append(value("alt", figure.alt or ""))
    if figure.caption:
        lines.append(value("caption", figure.caption))
    if figure.credit:
        lines.append(comment(f"Credit on the page: {figure.credit}"))
    return lines
