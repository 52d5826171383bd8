"""Routes for the take-away formats: the podcast feed and its cover art.

The EPUB, chapters and transcript are published files the manifest names, so the media route
serves them (immutable, with Range); only the site-wide feed is rendered here.
"""

from __future__ import annotations

from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, request, url_for
from werkzeug.wrappers import Response

from ..config import EXPORTING
from ..publish import load_published, published_slugs
from .cover import cover_png, publisher_cover
from .podcast import Episode, Show, feed_xml

bp = Blueprint("takeaway", __name__)
FEED_MIME = "application/rss+xml; charset=utf-8"
FEED_MAX_AGE = 300  # decks are republished; podcast apps poll


def _loopback(host_url: str) -> bool:
    """Say whether the request came to a loopback name (a local preview, not a spoofable host)."""
    name = urlsplit(host_url).hostname or ""
    if name == "localhost":
        return True
    try:
        return ip_address(name).is_loopback
    except ValueError:
        return False


def public_base() -> str | None:
    """Return the base URL for absolute links: PUBLIC_URL, else a Host header we can trust."""
    configured = urlsplit(str(current_app.config.get("PUBLIC_URL") or "").strip())
    if configured.netloc:  # its path is the app's root (app.hosts), which url_for already adds
        return f"{configured.scheme}://{configured.netloc}"
    if request.environ.get(EXPORTING):  # a static copy must not name the machine it was made on
        return None
    if current_app.config.get("TRUSTED_HOSTS") or _loopback(request.host_url):
        return request.host_url.rstrip("/")
    return None


def feed_link() -> str | None:
    """Return the feed's URL for pages to link, or None where no feed can be served from here."""
    return url_for("takeaway.feed") if public_base() else None


def _episode(base: str, slug: str) -> Episode | None:
    """Return a deck's episode from its published generation; None when it has no essay."""
    published = load_published(Path(current_app.config["OUTPUT_DIR"]), slug)
    manifest = published.manifest if published else None
    if published is None or manifest is None or not manifest.essay:
        return None
    if not published.path(manifest.essay["file"]).is_file():
        return None

    def media(key: str) -> str | None:
        name = (manifest.takeaway.get(key) or {}).get("file")
        return base + url_for("media.published", slug=slug, name=name) if name else None

    return Episode(
        deck=published.deck,
        manifest=manifest,
        media_dir=published.media_dir,
        page_url=base + url_for("views.contents", slug=slug),
        audio_url=base + url_for("media.published", slug=slug, name=manifest.essay["file"]),
        chapters_url=media("podcast_chapters"),
        transcript_url=media("transcript"),
    )


def site_feed(base: str) -> bytes:
    """Return the site's feed with absolute URLs under `base` (needs an app request context)."""
    config = current_app.config
    show = Show(
        title=config["SITE_TITLE"],
        description=config["SITE_DESCRIPTION"],
        language=config["SITE_LANGUAGE"],
        author=config["SITE_AUTHOR"],
        link=base + url_for("views.index"),
        feed_url=base + url_for("takeaway.feed"),
        cover_url=base + url_for("takeaway.cover"),
    )
    slugs = published_slugs(Path(current_app.config["OUTPUT_DIR"]))
    episodes = [episode for slug in slugs if (episode := _episode(base, slug))]
    return feed_xml(show, episodes)


@bp.get("/feed.xml")
def feed() -> Response:
    """Serve the podcast feed; 404 when no trustworthy public URL is known (see PUBLIC_URL)."""
    base = public_base()
    if base is None:
        current_app.logger.warning("feed.xml: set GLIMPSE_PUBLIC_URL to serve the podcast feed")
        abort(404)
    response = current_app.response_class(site_feed(base), mimetype="application/rss+xml")
    response.headers["Content-Type"] = FEED_MIME
    response.cache_control.max_age = FEED_MAX_AGE
    return response


def cover_bytes() -> bytes:
    """Return the publisher's cover art as PNG when usable, else the one drawn from the title."""
    given = str(current_app.config.get("PODCAST_COVER") or "")
    if given:
        try:
            return publisher_cover(Path(given))
        except ValueError as problem:
            current_app.logger.error("PODCAST_COVER %s: %s; drawing one instead", given, problem)
    return cover_png(current_app.config["SITE_TITLE"])


@bp.get("/podcast-cover.png")
def cover() -> Response:
    """Serve the show's cover art (at least 1400x1400)."""
    response = current_app.response_class(cover_bytes(), mimetype="image/png")
    response.cache_control.max_age = FEED_MAX_AGE
    return response


def write_feed(out_dir: Path, base: str) -> list[Path]:
    """Write feed.xml and podcast-cover.png for a static export (inside an app context)."""
    with current_app.test_request_context(base_url=base):
        files = {"feed.xml": site_feed(base.rstrip("/")), "podcast-cover.png": cover_bytes()}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
    return [out_dir / name for name in files]


def init_app(app: Flask) -> None:
    """Register the feed routes."""
    app.register_blueprint(bp)
    app.context_processor(lambda: {"feed_link": feed_link})
