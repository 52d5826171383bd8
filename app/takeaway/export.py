"""Write each built deck's EPUB to a folder: what `glimpse epub` does.

Reads what the last build published (manifest and files), never the deck's source images or
audio, so the book matches what the site serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..deck import discover_decks
from ..manifest import read_manifest
from ..narration.encode import atomic_target
from .epub import build_epub
from .errors import TakeawayError


@dataclass
class EpubExport:
    """The books written, and each deck that could not make one (with why)."""

    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def export_epubs(config: dict[str, Any], out_dir: Path) -> EpubExport:
    """Write `<slug>.epub` into `out_dir` for every deck with a published build."""
    decks, problems = discover_decks(Path(config["CONTENT_DIR"]))
    report = EpubExport(errors=[str(problem) for problem in problems])
    for slug, deck in decks.items():
        media_dir = Path(config["OUTPUT_DIR"]) / slug
        manifest = read_manifest(media_dir, slug)
        if manifest is None:
            report.errors.append(f"{slug}: not built yet (run `glimpse build` first)")
            continue
        try:
            data = build_epub(deck, manifest, media_dir)
        except TakeawayError as error:
            report.errors.append(str(error))
            continue
        target = out_dir / f"{slug}.epub"
        with atomic_target(target) as temporary:
            temporary.write_bytes(data)
        report.written.append(target)
    return report
