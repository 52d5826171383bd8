"""The export recipe: render, collect, compress, then sync into the target folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import create_app
from ..publish import published_slugs
from ..views import all_decks
from .compress import siblings
from .files import asset_files, media_files
from .hosting import headers_file, site_url
from .pages import render_pages
from .sync import Source, sync


@dataclass
class ExportReport:
    """What an export holds and what it changed on disk."""

    pages: int = 0
    media: int = 0
    assets: int = 0
    compressed: int = 0
    files: int = 0
    bytes: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.files} files, {self.bytes / 1024:.1f} KiB ({self.pages} pages, "
            f"{self.media} media, {self.assets} assets, {self.compressed} precompressed): "
            f"{len(self.written)} written, {self.unchanged} unchanged, {len(self.removed)} removed"
        )


def export_site(config: dict[str, Any], target: Path, base_url: str | None = None) -> ExportReport:
    """Write the published snapshot as a static site into `target`, under `base_url`.

    `base_url` defaults to the path of PUBLIC_URL when that is set, else `/`.
    """
    base, at = site_url(config, base_url)
    app = create_app(dict(config))
    report = ExportReport(warnings=_unbuilt(app))
    pages, left_out = render_pages(app, at)
    report.warnings += [f"not exported: {reason}" for reason in left_out]
    files: dict[str, Source] = {page.file: page.body for page in pages}
    assets, media = asset_files(app), media_files(app)
    files |= assets | media
    compressed: dict[str, Source] = {}
    for name, source in files.items():
        compressed |= siblings(name, source if isinstance(source, bytes) else source.read_bytes())
    files |= compressed
    files["_headers"] = headers_file(base).encode()
    done = sync(Path(target), files)
    report.pages, report.assets, report.media = len(pages), len(assets), len(media)
    report.compressed, report.files = len(compressed), len(files)
    report.bytes = sum(len(s) if isinstance(s, bytes) else s.stat().st_size for s in files.values())
    report.written, report.removed, report.unchanged = done.written, done.removed, done.unchanged
    return report


def _unbuilt(app) -> list[str]:
    """Warn about decks exported as text only, because they have no published generation."""
    built = set(published_slugs(Path(app.config["OUTPUT_DIR"])))
    with app.app_context():
        slugs = [deck.slug for deck in all_decks()]
    return [
        f"{slug}: never built, exported as text without media"
        for slug in slugs
        if slug not in built
    ]
