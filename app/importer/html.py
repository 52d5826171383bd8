"""Read a saved web page (an HTML file with its pictures beside it) into an `Essay`.

BeautifulSoup with lxml gives the structure; figures keep the link between a picture and its
caption, which article extractors lose. Page metadata comes from the usual meta tags.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

from .candidates import choose, is_remote
from .figures import Essay, Skipped, clean, parse_date
from .html_figures import candidates, container, declared_size, make_figure, tokens, unit_words
from .skip import skip_reason

FURNITURE = {"nav", "aside", "footer"}
NOT_INTRO = {"byline", "author", "date", "dateline", "caption", "credit", "meta", "kicker"}


def read_html(path: Path) -> Essay:
    """Return the essay a saved page shows: metadata, figures in reading order, skips."""
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    root = soup.find("article") or soup.find("main") or soup.body or soup
    essay = Essay(
        title=_title(soup, root),
        author=_author(soup, root),
        date=parse_date(_meta(soup, "article:published_time") or _time(root)),
        source=_source(soup),
        language=clean(soup.html.get("lang"))
        if soup.html and isinstance(soup.html.get("lang"), str)
        else None,
    )
    used: set[int] = set()
    first: Tag | None = None
    for imgs, box in _units(soup, root):
        choice = choose(candidates(imgs), path.parent)
        size = (choice.size if choice else None) or declared_size(imgs[0])
        own, around = unit_words(imgs, choice)
        reason = _placement(imgs[0], root) or skip_reason(own, size, around)
        if choice is None:
            reason = reason or "no picture file or web address (only an embedded placeholder)"
        if reason:
            named = choice.url if choice else str(imgs[0].get("src") or "")
            essay.skipped.append(Skipped(_short(named), reason))
            continue
        figure = make_figure(imgs, box, choice)
        figure.heading = _heading(imgs[0], root, used)
        essay.figures.append(figure)
        first = first or imgs[0]
    essay.intro = _intro(root, first) or _meta(soup, "description", "og:description")
    return essay


def _units(soup: BeautifulSoup, root: Tag) -> list[tuple[list[Tag], Tag | None]]:
    """Group the page's images by picture: one `<figure>` or caption box, or an image and its
    `<noscript>` fallback, make one unit."""
    units: list[tuple[list[Tag], Tag | None]] = []
    for img in soup.find_all("img"):
        box = container(img, root)
        last = units[-1] if units else None
        noscript = img.find_parent("noscript")
        same_box = last is not None and box is not None and last[1] is box
        fallback = last is not None and noscript is not None and _follows(noscript, last[0][-1])
        if last is not None and (same_box or fallback):
            last[0].append(img)
        else:
            units.append(([img], box))
    return units


def _follows(noscript: Tag, img: Tag) -> bool:
    """Say whether a `<noscript>` comes right after `img` (or after the element holding it)."""
    previous = noscript.find_previous_sibling()
    return previous is not None and (
        previous is img or any(i is img for i in previous.find_all("img"))
    )


def _inside(tag: Tag, root: Tag) -> bool:
    return any(parent is root for parent in tag.parents)


def _placement(img: Tag, root: Tag) -> str | None:
    """Return why an image's place on the page shows it is not part of the essay."""
    if root.name != "body" and not _inside(img, root):
        return "outside the article"
    if any(parent.name in FURNITURE for parent in img.parents):
        return "in navigation, a sidebar or a footer"
    return None


def _heading(img: Tag, root: Tag, used: set[int]) -> str | None:
    """Return the section heading just before a figure, unless an earlier figure took it."""
    heading = img.find_previous(["h2", "h3", "h4"])
    if heading is None or not _inside(heading, root) or id(heading) in used:
        return None
    used.add(id(heading))
    return clean(heading.get_text())


def _title(soup: BeautifulSoup, root: Tag) -> str | None:
    heading = root.find("h1") or soup.find("h1")
    if heading is not None and clean(heading.get_text()):
        return clean(heading.get_text())
    return _meta(soup, "og:title") or (clean(soup.title.get_text()) if soup.title else None)


def _author(soup: BeautifulSoup, root: Tag) -> str | None:
    found = _meta(soup, "author")
    if not found:
        tag = root.find(attrs={"rel": "author"}) or root.find(class_=["author", "byline"])
        found = clean(tag.get_text()) if tag is not None else None
    return found[3:] if found and found.lower().startswith("by ") else found


def _time(root: Tag) -> str | None:
    tag = root.find("time", attrs={"datetime": True})
    return str(tag["datetime"]) if tag is not None else None


def _source(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical")
    url = str(link.get("href") or "") if link is not None else _meta(soup, "og:url") or ""
    return url if is_remote(url) else None


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    """Return the first `<meta>` content among `name=` or `property=` `names`."""
    for name in names:
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if tag is not None and clean(str(tag.get("content") or "")):
            return clean(str(tag["content"]))
    return None


def _intro(root: Tag, first: Tag | None) -> str | None:
    """Return the first paragraph of the essay's text before its first figure."""
    paragraphs = reversed(first.find_all_previous("p")) if first is not None else root.find_all("p")
    for paragraph in paragraphs:
        if not _inside(paragraph, root) or tokens(paragraph) & NOT_INTRO:
            continue
        if any(
            parent.name in {"figure", "header", "footer", "aside", "nav"}
            for parent in paragraph.parents
        ):
            continue
        if paragraph.find("img") is None and clean(paragraph.get_text()):
            return clean(paragraph.get_text())
    return None


def _short(url: str) -> str:
    """Shorten embedded data URIs for the report ("data:image/gif;base64,..." -> "data:image/gif")."""
    return url.split(";", 1)[0].split(",", 1)[0] if url.startswith("data:") else url
