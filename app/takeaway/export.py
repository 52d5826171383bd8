"""Write each published deck's EPUB to a folder: what `glimpse epub` does.

Reads the published generation (`app.publish`), never content/, so the book matches what the
site serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..deck import discover_decks
from ..narration.encode import atomic_target
from ..publish import load_published, published_slugs
from .epub import write_epub
from .errors import TakeawayError


@dataclass
class EpubExport:
    """The books written, and each deck that could not make one (with why)."""

    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def export_epubs(config: dict[str, Any], out_dir: Path) -> EpubExport:
    """Write `<slug>.epub` into `out_dir` for every deck with a published generation.

    A deck in content/ that was never built is reported, so a missing book is never silent.
    """
    output = Path(config["OUTPUT_DIR"])
    report = EpubExport()
    slugs = published_slugs(output)
    content, _ = discover_decks(Path(config["CONTENT_DIR"]))
    report.errors += [
        f"{slug}: not built yet (run `glimpse build` first)"
        for slug in content
        if slug not in slugs
    ]
    for slug in slugs:
        published = load_published(output, slug)
        if published is None or published.manifest is None:
            report.errors.append(f"{slug}: published output unreadable (run `glimpse build`)")
            continue
        target = out_dir / f"{slug}.epub"
        try:  # streamed to disk: a book's audio is never whole in memory
            with atomic_target(target) as temporary, temporary.open("wb") as out:
                write_epub(
                    published.deck, published.manifest, published.media_dir, out, None, out_dir
                )
        except TakeawayError as error:
            report.errors.append(str(error))
            continue
        report.written.append(target)
    return report
