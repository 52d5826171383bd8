"""Our CSS and JS and htmx under content-hashed names, cached for a year as immutable.

Templates call `asset_url(name)`; the name in the URL changes whenever the bytes do, so a
browser never keeps a stale script and never revalidates a current one. `hashed_assets()`
lists the same names for anything that writes files (a static export).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, send_file, url_for
from werkzeug.wrappers import Response

bp = Blueprint("assets", __name__)

ONE_YEAR = 365 * 24 * 3600
STATIC_DIR = Path(__file__).parent / "static"
HASH_LENGTH = 10


@dataclass(frozen=True)
class Asset:
    """One front-end file: where it is and its published (hashed) name."""

    name: str
    path: Path
    hashed: str


def _sources() -> dict[str, Path]:
    """Return logical name -> file for every asset this app serves."""
    node_modules = Path(current_app.config["NODE_MODULES_DIR"])
    return {
        "glimpse.css": STATIC_DIR / "glimpse.css",
        "glimpse.js": STATIC_DIR / "glimpse.js",
        "readalong.js": STATIC_DIR / "readalong.js",
        "prefetch.js": STATIC_DIR / "prefetch.js",
        "htmx.min.js": node_modules / "htmx.org" / "dist" / "htmx.min.js",
    }


_cache: dict[tuple[Path, int, int], str] = {}


def _hashed(name: str, path: Path) -> str | None:
    """Return `stem.<hash>.ext` for the file's current bytes, or None if it is missing."""
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
        stem, _, extension = name.partition(".")
        _cache[key] = f"{stem}.{digest}.{extension}"
    return _cache[key]


def hashed_assets() -> dict[str, Asset]:
    """Return every asset that exists, by logical name (e.g. 'glimpse.css')."""
    found = {}
    for name, path in _sources().items():
        hashed = _hashed(name, path)
        if hashed:
            found[name] = Asset(name, path, hashed)
    return found


def asset_url(name: str) -> str | None:
    """Return the hashed URL of an asset, or None when it is not installed (pages still work)."""
    asset = hashed_assets().get(name)
    return url_for("assets.asset", filename=asset.hashed) if asset else None


@bp.get("/static/<filename>")
def asset(filename: str) -> Response:
    """Serve an asset by its hashed name, immutable for a year; any other name is 404."""
    for found in hashed_assets().values():
        if found.hashed == filename:
            response = send_file(found.path, max_age=ONE_YEAR, conditional=True)
            response.cache_control.immutable = True
            response.cache_control.public = True
            return response
    abort(404)


def init_app(app: Flask) -> None:
    """Register the asset route and `asset_url` for templates."""
    app.register_blueprint(bp)
    app.context_processor(lambda: {"asset_url": asset_url})
