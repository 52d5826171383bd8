"""One figure of a saved web page: its image candidates, alt text, caption and credit.

A "unit" is the images that show one picture: an `<img>` with its `<noscript>` fallback, or
everything inside one `<figure>` or WordPress caption box.
"""

from __future__ import annotations

import copy
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from bs4 import Tag

from .candidates import IMAGE_SUFFIXES, Candidate, Choice, parse_srcset
from .credits import is_credit_class, split_credit
from .figures import Figure, clean
from .skip import file_words, words

SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-original", "data-orig-file", "data-full-url")
SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")
CONTAINER_CLASSES = {"wp-caption", "gallery-item", "blocks-gallery-item", "tiled-gallery-item"}
CAPTION_CLASSES = ["wp-caption-text", "gallery-caption", "blocks-gallery-item__caption"]
WRAPPERS = {"a", "picture", "source", "span", "div", "p", "noscript"}


def tokens(tag: Tag) -> set[str]:
    """Return an element's class names and id as a set of words."""
    return words(" ".join(tag.get_attribute_list("class") or []), tag.get("id"))


def container(img: Tag, root: Tag) -> Tag | None:
    """Return the closest `<figure>` or caption box holding `img`, below `root`."""
    for parent in img.parents:
        if parent is root or parent.name in {"body", "html", "[document]"}:
            return None
        classes = set(parent.get_attribute_list("class") or [])
        if parent.name == "figure" or classes & CONTAINER_CLASSES:
            return parent
    return None


def candidates(imgs: list[Tag]) -> list[Candidate]:
    """List every URL the unit's images name, in page order."""
    found: list[Candidate] = []
    for img in imgs:
        found += [Candidate(img[a]) for a in SRC_ATTRS if isinstance(img.get(a), str) and img[a]]
        for attr in SRCSET_ATTRS:
            found += parse_srcset(img.get(attr))
        picture = img.find_parent("picture")  # lxml nests <source> elements: search below it
        if picture is not None:
            for source in picture.find_all("source"):
                found += parse_srcset(source.get("srcset")) + parse_srcset(
                    source.get("data-srcset")
                )
        link = img.find_parent("a")
        href = link.get("href") if link is not None else None
        if (
            isinstance(href, str)
            and PurePosixPath(urlsplit(href).path).suffix.lower() in IMAGE_SUFFIXES
        ):
            found.append(Candidate(href))  # a gallery's link to the full-size picture
    return found


def unit_words(imgs: list[Tag], choice: Choice | None) -> tuple[set[str], set[str]]:
    """Return (the words of the images and the chosen file, the words of their containers)."""
    own = file_words(choice.url) if choice else set()
    around: set[str] = set()
    for img in imgs:
        own |= tokens(img)
        for parent in img.parents:
            if parent.name in {"body", "article", "main"}:
                break
            around |= tokens(parent)
    return own, around


def declared_size(img: Tag) -> tuple[int, int] | None:
    """Return the `width`/`height` attributes as pixels, when both are plain numbers."""
    width, height = img.get("width"), img.get("height")
    if isinstance(width, str) and isinstance(height, str) and width.isdigit() and height.isdigit():
        return int(width), int(height)
    return None


def alt_of(imgs: list[Tag]) -> str | None:
    """Return the first non-blank alt text of the unit, verbatim but for white space."""
    for img in imgs:
        alt = clean(img.get("alt") if isinstance(img.get("alt"), str) else None)
        if alt:
            return alt
    return None


def text_of(tag: Tag) -> tuple[str | None, str | None]:
    """Return (caption, credit) of a caption element; credit elements inside are kept apart."""
    tag = copy.copy(tag)
    credits = []
    for part in tag.find_all(True):
        if not part.decomposed and is_credit_class(tokens(part)):
            credits.append(clean(part.get_text()))
            part.decompose()
    for line_break in tag.find_all("br"):
        line_break.replace_with(" ")
    caption, credit = split_credit(tag.get_text())
    credits.append(credit)
    return caption, "; ".join(c for c in credits if c) or None


def _anchor(img: Tag) -> Tag:
    """Climb from `img` through wrappers that hold nothing else (link, picture, div, p)."""
    anchor = img
    while anchor.parent is not None and anchor.parent.name in WRAPPERS:
        if len(anchor.parent.find_all("img")) > 1 or clean(anchor.parent.get_text()):
            break
        anchor = anchor.parent
    return anchor


def caption_parts(img: Tag, box: Tag | None) -> tuple[str | None, str | None]:
    """Return (caption, credit): figcaption, a CMS caption class, or caption-like next siblings."""
    if box is not None:
        found = box.find("figcaption") or box.find(class_=CAPTION_CLASSES)
        if found is not None:
            return text_of(found)
    caption, credits = None, []
    for sibling in _anchor(img).find_next_siblings(limit=2):
        words_here = tokens(sibling)
        if is_credit_class(words_here):
            credits.append(clean(sibling.get_text()))
        elif caption is None and any("caption" in word for word in words_here):
            caption, credit = text_of(sibling)
            credits.append(credit)
        else:
            break
    return caption, "; ".join(c for c in credits if c) or None


def make_figure(imgs: list[Tag], box: Tag | None, choice: Choice) -> Figure:
    """Build the figure for one unit whose picture was chosen."""
    caption, credit = caption_parts(imgs[0], box)
    return Figure(
        alt=alt_of(imgs),
        caption=caption,
        credit=credit,
        local=choice.local,
        remote=None if choice.local else choice.url,
        origin=choice.url,
    )
