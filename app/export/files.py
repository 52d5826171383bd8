"""The files the export copies: hashed assets, and the published media of kept generations.

Media of every generation the build keeps are exported, not only the current one: readers hold
pages open across a republish, and a host that mirrors the export (deleting what it no longer
holds) would otherwise break their pictures and sound, exactly as the live server avoids by
serving kept generations (design.md section 6). Names are content hashes, so the extra
generations cost only the files that changed; `prune` bounds them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from ..assets import hashed_assets
from ..publish import load_published, published_slugs
from ..publish.layout import GENERATION_PATTERN, GENERATIONS, MEDIA
from ..publish.snapshot import Damaged, read_generation
from .errors import ExportError

log = logging.getLogger(__name__)


def asset_files(app: Flask) -> dict[str, bytes]:
    """Return export path -> bytes of our CSS and JS and htmx, as the live server sends them."""
    adapter = app.url_map.bind("localhost")
    with app.app_context():
        assets = hashed_assets()
    return {
        adapter.build("assets.asset", {"filename": a.hashed}).lstrip("/"): a.data
        for a in assets.values()
    }


def media_files(app: Flask) -> dict[str, Path]:
    """Return export path -> published file for every file a kept generation names."""
    output_dir = Path(app.config["OUTPUT_DIR"])
    adapter = app.url_map.bind("localhost")
    found: dict[str, Path] = {}
    for slug in published_slugs(output_dir):
        current = load_published(output_dir, slug)
        if current is None:  # damaged output: the app serves it as unbuilt, with no media
            continue
        needed = set(current.manifest.files) if current.manifest else set()
        for name in sorted(needed | _kept_files(output_dir / slug)):
            path = output_dir / slug / MEDIA / name
            if not path.is_file():
                if name in needed:
                    raise ExportError(f"{path}: named by the current generation but missing")
                continue
            url = adapter.build("media.published", {"slug": slug, "name": name})
            found[url.lstrip("/")] = path
    return found


def _kept_files(deck_out: Path) -> set[str]:
    """Return the files named by any readable generation the build has kept."""
    folder = deck_out / GENERATIONS
    names: set[str] = set()
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not GENERATION_PATTERN.match(entry.name):
            continue
        try:
            names |= set(read_generation(deck_out, entry.name).files)
        except Damaged as error:
            log.warning("%s: left out of the export: %s", deck_out.name, error)
    return names
