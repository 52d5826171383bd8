"""The book's content documents: a title page and one XHTML page per slide."""

from __future__ import annotations

from dataclasses import dataclass

from ..deck import Deck, Slide
from .spans import Span, part_text, section_id, spans_in
from .xhtml import document, el, fill, set_lang, sub


@dataclass(frozen=True)
class Picture:
    """A slide picture inside the book: its path in the package and its size."""

    href: str
    width: int
    height: int


def slide_href(number: int) -> str:
    """Return slide `number`'s content document path inside the package."""
    return f"slide-{number:03d}.xhtml"


def _field(parent, tag: str, slide: Slide, part: str, spans: list[Span], **attrs):
    """Append `tag` holding the slide field `part`, with its sentence spans."""
    element = sub(parent, tag, **attrs)
    text = part_text(slide, part) or ""
    fill(element, text, [(s.begin, s.end, s.id) for s in spans_in(spans, part)])
    return element


def _labelled(parent, label: str, slide: Slide, part: str, spans: list[Span], cls: str):
    """Append a paragraph with a bold label, then the field's text with its spans."""
    paragraph = sub(parent, "p", class_=cls)
    sub(paragraph, "strong", label).tail = " "
    inner = _field(paragraph, "span", slide, part, spans)
    return paragraph, inner


def slide_page(
    deck: Deck, number: int, picture: Picture | None, spans: list[Span], lang: str
) -> bytes:
    """Return slide `number`'s XHTML: heading, picture, caption, quote, description, note."""
    slide = deck.slide(number)
    body = el("body")
    section = sub(body, "section", id=section_id(number), aria_labelledby=f"h-{number}")
    sub(section, "h1", slide.heading, id=f"h-{number}")
    figure = sub(section, "figure") if picture or slide.caption else section
    if picture:
        alt = "" if slide.decorative else (slide.alt or "")
        sub(figure, "img", src=picture.href, alt=alt)
        figure[-1].set("width", str(picture.width))
        figure[-1].set("height", str(picture.height))
    if slide.caption:
        caption = _field(
            figure, "figcaption" if figure is not section else "p", slide, "caption", spans
        )
        set_lang(caption, slide.lang)
    if slide.quote:
        quote = sub(section, "blockquote")
        set_lang(_field(quote, "p", slide, "quote", spans), slide.quote.lang)
        sub(section, "p", f"— {slide.quote.by}", class_="quote-by")
    if slide.description:
        _labelled(section, "What the picture shows:", slide, "description", spans, "description")
    elif any(s.part == "alt" for s in spans):
        _labelled(section, "What the picture shows:", slide, "alt", spans, "description")
    if slide.narration:
        _labelled(section, "Narration:", slide, "narration", spans, "narration")
    if slide.note:
        note = sub(section, "p", class_="note")
        sub(note, "strong", "Editor’s note:").tail = f" {slide.note}"
    title = f"{slide.heading} – Slide {number} of {len(deck.slides)} – {deck.title}"
    return document(title, lang, body)


def title_page(deck: Deck, lang: str, narrated_by: str | None) -> bytes:
    """Return the title page: headline, credit, date, source, introduction, narrator."""
    model = deck.model
    body = el("body")
    section = sub(body, "section", id="title-page", aria_labelledby="book-title")
    sub(section, "h1", deck.title, id="book-title")
    sub(section, "p", f"{model.credit}.", class_="credit")
    if model.date:
        published = sub(section, "p", "Published ")
        sub(
            published,
            "time",
            f"{model.date.day} {model.date:%B %Y}",
            datetime=model.date.isoformat(),
        ).tail = "."
    if model.source:
        sub(section, "p", f"Source: {model.source}.")
    if model.intro:
        sub(section, "p", model.intro)
    if narrated_by:
        sub(
            section,
            "p",
            f"Narration: {narrated_by}. Turn on read aloud to hear each slide "
            "with its sentences highlighted as they are spoken.",
            class_="narrator",
        )
    return document(deck.title, lang, body)


def nav_page(deck: Deck, lang: str) -> bytes:
    """Return the navigation document: the table of contents and the landmarks."""
    body = el("body")
    toc = sub(body, "nav", id="toc", role="doc-toc", epub_type="toc", aria_labelledby="toc-title")
    sub(toc, "h1", "Contents", id="toc-title")
    items = sub(toc, "ol")
    sub(sub(items, "li"), "a", deck.title, href="title.xhtml")
    for number, slide in enumerate(deck.slides, start=1):
        sub(sub(items, "li"), "a", slide.heading, href=slide_href(number))
    landmarks = sub(body, "nav", id="landmarks", epub_type="landmarks", hidden="hidden")
    sub(landmarks, "h2", "Landmarks")
    marks = sub(landmarks, "ol")
    sub(sub(marks, "li"), "a", "Title page", href="title.xhtml", epub_type="titlepage")
    sub(sub(marks, "li"), "a", "Contents", href="nav.xhtml#toc", epub_type="toc")
    sub(sub(marks, "li"), "a", "Start of the essay", href=slide_href(1), epub_type="bodymatter")
    return document(f"Contents – {deck.title}", lang, body)
