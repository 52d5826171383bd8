"""Our CSS and JS (minified, some bundled) and htmx under content-hashed names, immutable.

Templates call `asset_url(name)`; the name in the URL is a hash of the bytes served, so a
browser never keeps a stale script and never revalidates a current one. Each asset is one or
more sources from app/static, minified by esbuild (app/minify.py) and joined in order, made once
per version of its sources and kept in memory; the unminified sources stay in the repository.
`hashed_assets()` gives the same bytes to anything that writes files (a static export).

Bundles: every page's script starts with htmx's settings (htmx-config.js, run after htmx and
before htmx reads them). A slide page makes one request for all of its own script (then
glimpse.js, the read-along loader, prefetch.js, in that order, as their `defer` tags ran), which
saves a response's headers and compresses better; other pages fetch the settings and glimpse.js.
readalong.js itself is fetched by the loader when a reader first uses the read-along (and
directly by the listen page).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, request, url_for
from werkzeug.wrappers import Response

from .minify import minified_or_source

bp = Blueprint("assets", __name__)

STATIC_DIR = Path(__file__).parent / "static"
HASH_LENGTH = 10

# Logical name -> the sources it is made of, in execution order.
BUNDLES: dict[str, tuple[str, ...]] = {
    "glimpse.css": ("glimpse.css",),
    "glimpse.js": ("htmx-config.js", "glimpse.js"),
    "slide.js": ("htmx-config.js", "glimpse.js", "readalong-loader.js", "prefetch.js"),
    "readalong.js": ("readalong.js",),
}
HTMX = "htmx.min.js"  # already minified by its authors: served as published
MIMETYPES = {"css": "text/css", "js": "text/javascript"}


@dataclass(frozen=True)
class Asset:
    """One served file: its logical name, its bytes, and its published (hashed) name."""

    name: str
    data: bytes
    hashed: str

    @property
    def digest(self) -> str:
        return self.hashed.split(".")[1]

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.name.rsplit(".", 1)[1]]


def _sources() -> dict[str, list[Path]]:
    """Return logical name -> source files for every asset this app serves."""
    node_modules = Path(current_app.config["NODE_MODULES_DIR"])
    found = {name: [STATIC_DIR / part for part in parts] for name, parts in BUNDLES.items()}
    found[HTMX] = [node_modules / "htmx.org" / "dist" / HTMX]
    return found


_cache: dict[tuple, Asset] = {}
_lock = threading.Lock()


def _made(name: str, paths: list[Path]) -> Asset | None:
    """Return the asset made from its sources' current bytes, or None if one is missing."""
    try:
        key = (name, *((p, p.stat().st_mtime_ns, p.stat().st_size) for p in paths))
    except OSError:
        return None
    with _lock:
        if key not in _cache:
            _cache[key] = _make(name, paths)
        return _cache[key]


def bundle(parts: tuple[str, ...], node_modules: Path) -> bytes:
    """Return sources of app/static (all CSS or all JS) minified and joined in order."""
    loader = parts[0].rsplit(".", 1)[1]
    return b"\n".join(minified_or_source(STATIC_DIR / part, loader, node_modules) for part in parts)


def _make(name: str, paths: list[Path]) -> Asset:
    """Minify each source (htmx as published) and join them; name the result by its hash."""
    if name == HTMX:
        data = paths[0].read_bytes()
    else:
        data = bundle(BUNDLES[name], Path(current_app.config["NODE_MODULES_DIR"]))
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    stem, _, extension = name.partition(".")
    return Asset(name, data, f"{stem}.{digest}.{extension}")


def hashed_assets() -> dict[str, Asset]:
    """Return every asset whose sources exist, by logical name (e.g. 'glimpse.css')."""
    found = {}
    for name, paths in _sources().items():
        asset = _made(name, paths)
        if asset:
            found[name] = asset
    return found


def asset_url(name: str) -> str | None:
    """Return the hashed URL of an asset, or None when it is not installed (pages still work)."""
    asset = hashed_assets().get(name)
    return url_for("assets.asset", filename=asset.hashed) if asset else None


@bp.get("/static/<filename>")
def asset(filename: str) -> Response:
    """Serve an asset by its hashed name (app.headers makes it immutable); others are 404.

    Its ETag is the hash already in its name; no Last-Modified, Expires or Content-Disposition:
    an immutable URL is never revalidated by date, and Cache-Control says how long to keep it.
    """
    for found in hashed_assets().values():
        if found.hashed == filename:
            response = Response(found.data, mimetype=found.mimetype)
            response.set_etag(found.digest)
            return response.make_conditional(request)
    abort(404)


def init_app(app: Flask) -> None:
    """Register the asset route and `asset_url` for templates."""
    app.register_blueprint(bp)
    app.context_processor(lambda: {"asset_url": asset_url})
