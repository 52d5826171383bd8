"""`glimpse import`: turn a saved web page or a Markdown file into `content/<slug>/`.

Pictures are copied byte for byte (never re-encoded: the build strips their metadata when it
publishes), and the deck file is written last, so a failed import leaves no deck behind.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..deck import DECK_FILE, SLUG_PATTERN
from ..deck_errors import DeckError
from .candidates import suffix_of
from .figures import Essay, Skipped
from .html import read_html
from .markdown import read_markdown
from .writer import render_deck

READERS = {".html": read_html, ".htm": read_html, ".md": read_markdown, ".markdown": read_markdown}


@dataclass
class ImportReport:
    """What an import found: figures, how many lack alt text, what was skipped or left remote."""

    deck_file: Path
    figures: int = 0
    with_alt: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    remote: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the report as the command prints it."""
        lines = [
            f"Imported {self.figures} figures into {self.deck_file}: {self.with_alt} with alt text,"
            f" {self.figures - self.with_alt} without."
        ]
        if self.figures > self.with_alt:
            lines.append(
                'Write each missing alt text (alt = "") before publishing: glimpse check lists them.'
            )
        lines += [f"skipped {s.image}: {s.reason}" for s in self.skipped]
        lines += [f"slide {n}: not downloaded: {url}" for n, url in self.remote]
        return lines


def import_essay(
    source: Path, slug: str, content_dir: Path, *, force: bool = False
) -> ImportReport:
    """Import `source` as deck `slug`; raise DeckError for anything a person must fix first."""
    reader = READERS.get(source.suffix.lower())
    if reader is None:
        raise DeckError(source, None, None, "import reads .html, .htm, .md or .markdown files")
    if not source.is_file():
        raise DeckError(source, None, None, "file not found")
    if not SLUG_PATTERN.match(slug):
        raise DeckError(slug, None, None, "a slug is lowercase letters, digits and hyphens")
    folder = content_dir / slug
    shown = Path(content_dir.name) / slug / DECK_FILE
    if (folder / DECK_FILE).exists() and not force:
        raise DeckError(shown, None, None, "already exists; use --force to replace it")
    essay = reader(source)
    if not essay.figures:
        raise DeckError(source, None, None, "no pictures of the essay found (nothing to import)")
    images = _store_images(essay, folder)
    _write_atomically(folder / DECK_FILE, render_deck(essay, images, source.name))
    return ImportReport(
        deck_file=shown,
        figures=len(essay.figures),
        with_alt=sum(1 for f in essay.figures if f.alt),
        skipped=essay.skipped,
        remote=[(n, f.remote) for n, f in enumerate(essay.figures, start=1) if f.remote],
    )


def _store_images(essay: Essay, folder: Path) -> list[str]:
    """Copy each local picture to images/NN.ext (bytes unchanged); return the deck paths."""
    names = []
    for number, figure in enumerate(essay.figures, start=1):
        suffix = figure.local.suffix.lower() if figure.local else suffix_of(figure.remote or "")
        name = f"images/{number:02d}{'.jpg' if suffix == '.jpeg' else suffix}"
        if figure.local:
            (folder / "images").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(figure.local, folder / name)
        names.append(name)
    return names


def _write_atomically(target: Path, text: str) -> None:
    """Write `text` beside `target`, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)
