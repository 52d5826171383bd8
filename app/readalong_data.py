"""The read-along data a page carries: when each sentence is spoken and where it is shown.

The page already shows every sentence (the caption, the description, the transcript), so the
data names places instead of repeating text: each sentence is `[start, part, from, to]`
(`[..., slide]` on the listen page), seconds into the audio and UTF-16 offsets (what JavaScript
strings count) into the text of the page's `[data-part]` elements of that part (and slide),
joined in document order. readalong.js turns the offsets into a Range. A sentence whose text is
not found is sent as `[start, null, 0, 0]`: timed (Previous/Next sentence still reach it), never
highlighted. No end times: a sentence lasts until the next one starts (the pause after it still
belongs to it). The manifest keeps text and end times (its contract); only the page is shorter.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from markupsafe import Markup

# What an HTML parser does to line breaks in text: the page's text never holds a "\r".
_LINE_BREAKS = re.compile(r"\r\n?")


def shown(text: str) -> str:
    """Return text as a browser's DOM holds it after parsing the page."""
    return _LINE_BREAKS.sub("\n", text)


def utf16_length(text: str) -> int:
    """Return the length of text in UTF-16 code units, as JavaScript counts."""
    return len(text.encode("utf-16-le")) // 2


def _find(haystack: str, needle: str, cursor: int) -> tuple[int, int] | None:
    """Return (start, end) of needle at or after cursor, else anywhere, else up to whitespace."""
    for start_at in (cursor, 0):
        at = haystack.find(needle, start_at)
        if at >= 0:
            return at, at + len(needle)
    words = needle.split()
    if not words:
        return None
    loose = re.compile(r"\s+".join(re.escape(word) for word in words))
    match = loose.search(haystack, cursor) or loose.search(haystack)
    return match.span() if match else None


def sentence_places(
    sentences: list[dict[str, Any]], texts: dict[tuple[str, int | None], str]
) -> list[list[Any]]:
    """Return each timed sentence as [start, part, from, to(, slide)] into `texts`.

    `texts` maps (part, slide or None) to the text the page shows for it. Each sentence is
    looked for after the previous one of the same key, so a repeated sentence maps to its own
    occurrence.
    """
    cursors: dict[tuple[str, int | None], int] = {}
    places = []
    for sentence in sentences:
        key = (sentence["part"], sentence.get("slide"))
        text = shown(texts.get(key, ""))
        span = _find(text, shown(sentence["text"]).strip(), cursors.get(key, 0))
        start = round(sentence["start"], 3)
        if span is None:
            places.append([start, None, 0, 0])
            continue
        cursors[key] = span[1]
        place = [start, key[0], utf16_length(text[: span[0]]), utf16_length(text[: span[1]])]
        places.append([*place, key[1]] if key[1] is not None else place)
    return places


def slide_texts(slide: Any, image: Any, narration: Any) -> dict[tuple[str, int | None], str]:
    """Return what a slide page shows in each [data-part] element (templates/_slide.html).

    The alt text is shown only while the picture is not built; the narration script only when
    the slide says something other than its text.
    """
    texts: dict[tuple[str, int | None], str] = {}
    if slide.caption:
        texts["caption", None] = slide.caption
    if slide.quote:
        texts["quote", None] = slide.quote.text
    if slide.description:
        texts["description", None] = slide.description
    if slide.image and not image and slide.alt:
        texts["alt", None] = slide.alt
    if slide.narration and narration:
        texts["narration", None] = narration.text
    return texts


def transcript_texts(chapters: list[Any]) -> dict[tuple[str, int | None], str]:
    """Return what the listen page's transcript shows per (part, slide): its paragraphs joined."""
    texts: dict[tuple[str, int | None], str] = {}
    for chapter in chapters:
        for paragraph in chapter.paragraphs:
            key = (paragraph.part, chapter.slide)
            texts[key] = texts.get(key, "") + paragraph.text
    return texts


def as_attribute(places: list[list[Any]]) -> Markup:
    """Return the places as compact JSON safe inside a single-quoted attribute."""
    text = json.dumps(places, separators=(",", ":"), ensure_ascii=False)
    return Markup(text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;"))


def init_app(app: Flask) -> None:
    """Give templates the functions that write the data attribute."""
    app.jinja_env.globals.update(
        readalong_places=lambda sentences, texts: as_attribute(sentence_places(sentences, texts)),
        slide_texts=slide_texts,
        transcript_texts=transcript_texts,
    )
