"""Serve published media from our own origin (no CDN, no tracking), and describe it for pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, request, send_from_directory, url_for
from werkzeug.wrappers import Response

from .deck import SLUG_PATTERN
from .publish import Published
from .publish.layout import MEDIA
from .ranges import apply_rfc9110
from .readalong import clip_sentences

bp = Blueprint("media", __name__)

# Published names are a hash of the bytes: nothing else in the media folder is ever served.
PUBLISHED_NAME = re.compile(r"^[0-9a-f]{20}\.[a-z0-9]{2,5}$")
# Width the slide image takes: full viewport on small screens, at most the 60rem content column.
IMAGE_SIZES = "(max-width: 60rem) 100vw, 60rem"


@bp.get("/<slug>/media/<name>")
def published(slug: str, name: str) -> Response:
    """Serve a published file, with Range support, cached forever (its name is its content hash).

    Files of earlier generations are served too while the build keeps them, so pages readers
    opened before a republish keep their pictures and sound.
    """
    if not SLUG_PATTERN.match(slug) or not PUBLISHED_NAME.match(name):
        abort(404)
    folder = Path(current_app.config["OUTPUT_DIR"]) / slug / MEDIA
    apply_rfc9110(request.environ, folder / name)  # name matched PUBLISHED_NAME: no traversal
    # The name is the content hash: it is the ETag. app.headers sets Cache-Control (a year,
    # immutable); Expires, Last-Modified and Content-Disposition would only add bytes to it.
    response = send_from_directory(folder, name, conditional=True, etag=name.split(".")[0])
    for header in ("Expires", "Last-Modified", "Content-Disposition"):
        response.headers.pop(header, None)
    return response


def media_url(slug: str, file: str) -> str:
    """Return the URL of a published file of a deck."""
    return url_for("media.published", slug=slug, name=file)


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

    def srcset(self, image_format: str) -> str:
        """Return the srcset for one format ('avif', 'webp', 'jpeg'), widest last."""
        variants = [v for v in self.entry["variants"] if v["format"] == image_format]
        return ", ".join(f"{media_url(self.slug, v['file'])} {v['width']}w" for v in variants)

    @property
    def preferred_url(self) -> str:
        """Return the 960 px AVIF (what most browsers pick at the default size), else the JPEG."""
        avif = [v for v in self.entry["variants"] if v["format"] == "avif"]
        if not avif:
            return self.fallback_url
        return media_url(self.slug, min(avif, key=lambda v: abs(v["width"] - 960))["file"])

    @property
    def fallback_url(self) -> str:
        """Return the JPEG closest to 960 px (the one every browser can show), else any variant."""
        jpegs = [v for v in self.entry["variants"] if v["format"] == "jpeg"] or self.entry[
            "variants"
        ]
        best = min(jpegs, key=lambda v: abs(v["width"] - 960))
        return media_url(self.slug, best["file"])


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


def slide_media(published: Published, number: int) -> SlideMedia:
    """Return the published image and narration of slide `number`, as far as they exist."""
    manifest = published.manifest
    if manifest is None:
        return SlideMedia(None, None)
    image = manifest.image(number)
    clip = manifest.clip(number)
    clip_ok = clip and published.path(clip["file"]).is_file()
    return SlideMedia(
        image=PublishedImage(published.slug, image) if image else None,
        narration=PublishedClip(
            media_url(published.slug, clip["file"]),
            clip["duration"],
            clip["text"],
            clip_sentences(clip),
        )
        if clip_ok
        else None,
    )


def next_image_url(published: Published, number: int) -> str | None:
    """Return the URL of the next slide's likeliest image variant, to prefetch it."""
    manifest = published.manifest
    entry = manifest.image(number + 1) if manifest else None
    return PublishedImage(published.slug, entry).preferred_url if entry else None


def init_app(app: Flask) -> None:
    """Register the media route and the image sizes for templates."""
    app.register_blueprint(bp)
    app.context_processor(lambda: {"image_sizes": IMAGE_SIZES})
