"""Serve published media and front-end packages from our own origin (no CDN, no tracking)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, send_from_directory, url_for
from werkzeug.wrappers import Response

from .manifest import Manifest, read_manifest
from .readalong import clip_sentences

bp = Blueprint("media", __name__)

ONE_YEAR = 365 * 24 * 3600
HTMX_FILE = Path("htmx.org") / "dist" / "htmx.min.js"
# Width the slide image takes: full viewport on small screens, at most the 60rem content column.
IMAGE_SIZES = "(max-width: 60rem) 100vw, 60rem"


def deck_output(slug: str) -> Path:
    """Return the folder a deck's build writes into."""
    return Path(current_app.config["OUTPUT_DIR"]) / slug


def deck_manifest(slug: str) -> Manifest | None:
    """Return the deck's current manifest, or None when it has not been built."""
    return read_manifest(deck_output(slug), slug)


@bp.get("/<slug>/media/<path:name>")
def published(slug: str, name: str) -> Response:
    """Serve a built file the manifest names, with Range support and immutable caching.

    File names carry a hash of their content's inputs, so they can be cached forever.
    """
    manifest = deck_manifest(slug) if slug in current_app.extensions["glimpse.decks"] else None
    if manifest is None or name not in manifest.files:
        abort(404)
    response = send_from_directory(deck_output(slug), name, conditional=True, max_age=ONE_YEAR)
    response.cache_control.immutable = True
    return response


@cache
def _htmx_version(node_modules: Path) -> str | None:
    package = node_modules / "htmx.org" / "package.json"
    try:
        return json.loads(package.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


@bp.get("/vendor/htmx-<version>.min.js")
def htmx_script(version: str) -> Response:
    """Serve the htmx build installed from the npm registry (pinned in package-lock.json)."""
    node_modules = Path(current_app.config["NODE_MODULES_DIR"])
    if version != _htmx_version(node_modules):
        abort(404)
    response = send_from_directory(node_modules, str(HTMX_FILE), max_age=ONE_YEAR)
    response.cache_control.immutable = True
    return response


def htmx_script_url() -> str | None:
    """Return the versioned htmx URL, or None when htmx is not installed (pages still work)."""
    version = _htmx_version(Path(current_app.config["NODE_MODULES_DIR"]))
    return url_for("media.htmx_script", version=version) if version else None


@dataclass(frozen=True)
class PublishedImage:
    """A slide image as the template needs it: sizes, srcsets per format, fallback URL."""

    slug: str
    entry: dict[str, Any]

    @property
    def width(self) -> int:
        return self.entry["width"]

    @property
    def height(self) -> int:
        return self.entry["height"]

    @property
    def placeholder(self) -> bool:
        return bool(self.entry.get("placeholder"))

    def _url(self, name: str) -> str:
        return url_for("media.published", slug=self.slug, name=name)

    def srcset(self, image_format: str) -> str:
        """Return the srcset for one format ('avif', 'webp', 'jpeg'), widest last."""
        variants = [v for v in self.entry["variants"] if v["format"] == image_format]
        return ", ".join(f"{self._url(v['file'])} {v['width']}w" for v in variants)

    @property
    def preferred_url(self) -> str:
        """Return the 960 px AVIF (what most browsers pick at the default size), else the JPEG."""
        avif = [v for v in self.entry["variants"] if v["format"] == "avif"]
        if not avif:
            return self.fallback_url
        return self._url(min(avif, key=lambda v: abs(v["width"] - 960))["file"])

    @property
    def fallback_url(self) -> str:
        """Return the JPEG closest to 960 px: the one every browser can show."""
        jpegs = [v for v in self.entry["variants"] if v["format"] == "jpeg"]
        best = min(jpegs, key=lambda v: abs(v["width"] - 960))
        return self._url(best["file"])


@dataclass(frozen=True)
class PublishedClip:
    """A slide narration as the template needs it."""

    url: str
    duration: float
    text: str
    sentences: list[dict[str, Any]] = field(default_factory=list)  # timed, for the read-along

    @property
    def duration_text(self) -> str:
        seconds = round(self.duration)
        return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} seconds"


@dataclass(frozen=True)
class SlideMedia:
    """What was published for one slide; either part may be missing."""

    image: PublishedImage | None
    narration: PublishedClip | None


def slide_media(slug: str, manifest: Manifest | None, number: int) -> SlideMedia:
    """Return the published image and narration of slide `number`, as far as they exist."""
    if manifest is None:
        return SlideMedia(None, None)
    image = manifest.image(number)
    clip = manifest.clip(number)
    clip_ok = clip and (deck_output(slug) / clip["file"]).is_file()
    return SlideMedia(
        image=PublishedImage(slug, image) if image and image.get("variants") else None,
        narration=PublishedClip(
            url_for("media.published", slug=slug, name=clip["file"]),
            clip["duration"],
            clip["text"],
            clip_sentences(clip),
        )
        if clip_ok
        else None,
    )


def init_app(app: Flask) -> None:
    """Register the media routes and the htmx URL for templates."""
    app.register_blueprint(bp)
    app.context_processor(
        lambda: {"htmx_script_url": htmx_script_url(), "image_sizes": IMAGE_SIZES}
    )
