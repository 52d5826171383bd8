"""Read a Markdown essay into an `Essay`: `![alt](file "title")` pictures with their captions.

A caption is the image title, or an italic line right after the image (in the same paragraph
or the next one). The first `#` heading is the title; a "By ..." line under it is the byline.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .candidates import Candidate, choose
from .credits import split_credit
from .figures import Essay, Figure, Skipped, clean
from .skip import file_words, skip_reason

_BYLINE = re.compile(r"^by\s+(?P<name>.+)$", re.IGNORECASE)
_BREAKS = {"softbreak", "hardbreak"}


def read_markdown(path: Path) -> Essay:
    """Return the essay a Markdown file holds, figures in reading order."""
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    essay = Essay()
    heading: str | None = None
    waiting: Figure | None = None  # a figure that ended its paragraph without a caption
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener, children = tokens[index - 1], token.children or []
        if opener.type == "heading_open":
            if opener.tag == "h1" and essay.title is None:
                essay.title = clean(_plain(children))
            else:
                heading = clean(_plain(children))
            waiting = None
            continue
        if waiting is not None and _emphasis_only(children):
            waiting.caption, waiting.credit = split_credit(_plain(children))
            waiting = None
            continue
        waiting = None
        if not any(child.type == "image" for child in children):
            _text_paragraph(essay, _plain(children))
            continue
        for position, child in enumerate(children):
            if child.type == "image":
                figure = _figure(essay, path.parent, child, children[position + 1 :])
                if figure is not None:
                    figure.heading, heading = heading, None
                    waiting = figure if figure.caption is None and figure.credit is None else None
    return essay


def _text_paragraph(essay: Essay, text: str) -> None:
    """Take a byline or the intro from a paragraph of text before the first figure."""
    match = _BYLINE.match(text.strip())
    if match and essay.author is None and not essay.figures:
        essay.author = clean(match.group("name"))
    elif essay.intro is None and not essay.figures:
        essay.intro = clean(text)


def _figure(essay: Essay, base: Path, image: Token, after: list[Token]) -> Figure | None:
    """Build the figure for one image, or record why it was skipped."""
    url = str(image.attrGet("src") or "")
    choice = choose([Candidate(url)], base)
    reason = skip_reason(file_words(url), choice.size if choice else None)
    if choice is None:
        reason = reason or "no picture file beside the Markdown file, and not a web address"
    if reason:
        essay.skipped.append(Skipped(url, reason))
        return None
    title = image.attrGet("title")
    caption, credit = split_credit(str(title) if title else _italic_after(after))
    figure = Figure(
        alt=clean(_plain(image.children or [])),
        caption=caption,
        credit=credit,
        local=choice.local,
        remote=None if choice.local else choice.url,
        origin=choice.url,
    )
    essay.figures.append(figure)
    return figure


def _italic_after(after: list[Token]) -> str | None:
    """Return an italic line that follows an image in the same paragraph, if that is all."""
    rest = list(after)
    while rest and rest[0].type in _BREAKS:
        rest.pop(0)
    line = []
    for token in rest:
        if token.type in _BREAKS or token.type == "image":
            break
        line.append(token)
    return _plain(line) if line and _emphasis_only(line) else None


def _emphasis_only(children: list[Token]) -> bool:
    """Say whether inline tokens are one emphasised run and nothing else."""
    kept = [
        c
        for c in children
        if not (c.type in _BREAKS or (c.type == "text" and not c.content.strip()))
    ]
    return (
        len(kept) >= 3
        and kept[0].type == "em_open"
        and kept[-1].type == "em_close"
        and not any(c.type == "em_open" for c in kept[1:-1])
    )


def _plain(children: list[Token]) -> str:
    """Return the text of inline tokens, without their markup."""
    parts = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child.children or []))
    return "".join(parts)
