"""XHTML helpers for the book: namespaced elements, text with sentence spans, serialisation."""

from __future__ import annotations

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NSMAP = {None: XHTML, "epub": OPS}


def el(tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """Return an XHTML element; `class_` stands for `class`, `epub_type` for `epub:type`."""
    element = etree.Element(f"{{{XHTML}}}{tag}", nsmap=NSMAP)
    for key, value in attributes.items():
        if key == "class_":
            key = "class"
        elif key == "epub_type":
            key = f"{{{OPS}}}type"
        element.set(key.replace("_", "-") if key.startswith("aria_") else key, value)
    if text is not None:
        element.text = text
    return element


def sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str):
    """Append a new element to `parent` and return it."""
    child = el(tag, text, **attributes)
    parent.append(child)
    return child


def set_lang(element: etree._Element, lang: str | None) -> None:
    """Mark a language change (both attributes, as EPUB reading systems differ)."""
    if lang:
        element.set("lang", lang)
        element.set(XML_LANG, lang)


def fill(element: etree._Element, text: str, spans: list[tuple[int, int, str]]) -> None:
    """Put `text` into `element`, wrapping each (begin, end, id) range in a span."""
    position, last = 0, None
    for begin, end, span_id in spans:
        before = text[position:begin]
        if last is None:
            element.text = (element.text or "") + before
        else:
            last.tail = before
        last = sub(element, "span", text[begin:end], id=span_id)
        position = end
    rest = text[position:]
    if last is None:
        element.text = (element.text or "") + rest
    else:
        last.tail = rest


def document(title: str, lang: str, body: etree._Element, css: str = "book.css") -> bytes:
    """Return a complete XHTML content document as UTF-8 bytes."""
    html = el("html")
    set_lang(html, lang)
    head = sub(html, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "title", title)
    sub(head, "link", rel="stylesheet", type="text/css", href=css)
    html.append(body)
    return etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
