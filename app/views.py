"""Pages: the deck list, a deck's contents (its transcript), and one page per slide.

Every page is rendered from one published generation (`app.publish`), or from content/ for a
deck never built. Every request gets the same full page whatever its headers (htmx cuts the
slide out with hx-select), so a static export of these pages behaves the same.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

from .deck import Deck
from .headers import content_etag
from .media import next_image_url, slide_media
from .page_cache import cached_page
from .publish import Published, load_published, published_slugs
from .readalong import listen_page, timestamp
from .urls import slide_number

bp = Blueprint("views", __name__)


def _output_dir() -> Path:
    return Path(current_app.config["OUTPUT_DIR"])


def _content_decks() -> dict[str, Deck]:
    """Return the decks that loaded from content/ at start-up, by slug."""
    return current_app.extensions["glimpse.decks"]


def current(slug: str) -> Published:
    """Return what readers see of a deck now, or answer 404 (unknown and broken look the same)."""
    published = load_published(_output_dir(), slug)
    if published:
        return published
    deck = _content_decks().get(slug)
    if deck is None:
        abort(404)
    return Published.unbuilt(deck, _output_dir())


def all_decks() -> list[Deck]:
    """Return every deck readers can open: published ones as published, the rest from content/."""
    decks = []
    for slug in sorted(set(_content_decks()) | set(published_slugs(_output_dir()))):
        published = load_published(_output_dir(), slug)
        deck = published.deck if published else _content_decks().get(slug)
        if deck:
            decks.append(deck)
    return decks


def page(body: str) -> Response:
    """Answer with a page that any cache must revalidate: it changes when a build publishes.

    The ETag is the body's hash, so a revalidation costs a 304 until the next generation.
    """
    response = current_app.make_response(body)
    response.cache_control.no_cache = True
    response.set_etag(content_etag(response.get_data()))
    return response.make_conditional(request)


@bp.get("/")
@cached_page
def index() -> Response:
    """List every deck."""
    return page(render_template("index.html", decks=all_decks()))


@bp.get("/accessibility/")
@cached_page
def accessibility() -> Response:
    """Show the accessibility statement (a folder URL, so a static host serves it as a file)."""
    return page(render_template("accessibility.html"))


@bp.get("/accessibility")
def accessibility_without_slash() -> Response:
    """Send the statement's old URL to its canonical one for good (301)."""
    return redirect(url_for("views.accessibility"), 301)


@bp.get("/<slug>/")
@cached_page
def contents(slug: str) -> Response:
    """List every slide as a link with its full text: the contents page doubles as transcript."""
    published = current(slug)
    manifest = published.manifest
    return page(
        render_template(
            "contents.html",
            deck=published.deck,
            page_lang=published.deck.model.language,
            manifest=manifest,
            narration=manifest.narration if manifest else {},
        )
    )


@bp.get("/<slug>/slides/<number>/")
@cached_page
def slide(slug: str, number: str) -> Response:
    """Render one slide as a full page (htmx selects the slide region from it)."""
    published = current(slug)
    value, canonical = _slide_in_range(published, number)
    if not canonical:
        return redirect(url_for("views.slide", slug=slug, number=value), 301)
    deck = published.deck
    context = {
        "deck": deck,
        "slide": deck.slide(value),
        "number": value,
        "total": len(deck.slides),
        "media": slide_media(published, value),
        "next_image": next_image_url(published, value),
        "generation": published.content_id,
        "page_lang": deck.model.language,
    }
    return page(render_template("slide.html", **context))


@bp.get("/<slug>/listen/")
def listen(slug: str) -> Response:
    """The whole essay's audio with its chapters and its transcript, followed as it plays."""
    published = current(slug)
    listening = listen_page(published.deck, published.manifest)
    if listening is None or published.manifest is None:
        abort(404)
    return page(
        render_template(
            "listen.html",
            deck=published.deck,
            listen=listening,
            timestamp=timestamp,
            page_lang=published.deck.model.language,
            narration=published.manifest.narration,
        )
    )


@bp.get("/<slug>/slides/<number>")
def slide_without_slash(slug: str, number: str) -> Response:
    """Send an old or non-canonical slide URL to the canonical one for good (301)."""
    value, _ = _slide_in_range(current(slug), number)
    return redirect(url_for("views.slide", slug=slug, number=value), 301)


def _slide_in_range(published: Published, text: str) -> tuple[int, bool]:
    """Return (number, canonical) or answer 404 when it names no slide of the deck."""
    value, canonical = slide_number(text)
    if value is None or not 1 <= value <= len(published.deck.slides):
        abort(404)
    return value, canonical


def not_found(error: HTTPException) -> tuple[str, int]:
    """Answer any 404 with an accessible page in the site layout."""
    return render_template("404.html"), 404


def server_error(error: InternalServerError) -> tuple[str, int]:
    """Answer any 500 in the site layout; Flask has logged the cause, which is never shown."""
    return render_template("500.html"), 500


def init_app(app: Flask) -> None:
    """Register the pages and the error pages."""
    app.register_blueprint(bp)
    app.register_error_handler(404, not_found)
    app.register_error_handler(InternalServerError, server_error)
