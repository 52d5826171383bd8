"""Pages: the deck list, a deck's contents (its transcript), and one page per slide."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, render_template
from flask_htmx import HTMX
from jinja2_fragments.flask import render_blocks
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from .deck import Deck
from .manifest import Manifest
from .media import PublishedImage, deck_manifest, slide_media
from .readalong import listen_page, timestamp

bp = Blueprint("views", __name__)
htmx = HTMX()

# Blocks of slide.html that make up the HTMX response: the new <title>, the slide, the announcement.
FRAGMENT_BLOCKS = ["head_title", "slide", "announcement"]


def decks() -> dict[str, Deck]:
    """Return the decks that loaded at start-up, by slug."""
    return current_app.extensions["glimpse.decks"]


def get_deck(slug: str) -> Deck:
    """Return the deck or answer 404 (unknown or broken decks look the same to readers)."""
    deck = decks().get(slug)
    if deck is None:
        abort(404)
    return deck


@bp.get("/")
def index() -> str:
    """List every deck that loaded."""
    return render_template("index.html", decks=list(decks().values()))


@bp.get("/accessibility")
def accessibility() -> str:
    """Show the accessibility statement."""
    return render_template("accessibility.html")


@bp.get("/<slug>/")
def contents(slug: str) -> str:
    """List every slide as a link with its full text: the contents page doubles as transcript."""
    deck = get_deck(slug)
    manifest = deck_manifest(slug)
    return render_template(
        "contents.html",
        deck=deck,
        page_lang=deck.model.language,
        manifest=manifest,
        narration=manifest.narration if manifest else {},
    )


@bp.get("/<slug>/slides/<int:number>")
def slide(slug: str, number: int) -> Response:
    """Render one slide: the full page, or only the slide fragment for an HTMX request.

    A history-restore request (Back/Forward with an empty htmx cache) needs the whole page.
    """
    deck = get_deck(slug)
    try:
        current = deck.slide(number)
    except IndexError:
        abort(404)
    manifest = deck_manifest(slug)
    context = {
        "deck": deck,
        "slide": current,
        "number": number,
        "total": len(deck.slides),
        "media": slide_media(slug, manifest, number),
        "next_image": _next_image_url(slug, manifest, number, len(deck.slides)),
        "page_lang": deck.model.language,
    }
    if htmx and not htmx.history_restore_request:
        body = render_blocks("slide.html", FRAGMENT_BLOCKS, **context)
    else:
        body = render_template("slide.html", **context)
    response = current_app.make_response(body)
    response.vary.add("HX-Request")
    return response


@bp.get("/<slug>/listen/")
def listen(slug: str) -> str:
    """The whole essay's audio with its chapters and its transcript, followed as it plays."""
    deck = get_deck(slug)
    manifest = deck_manifest(slug)
    page = listen_page(deck, manifest)
    if page is None:
        abort(404)
    return render_template(
        "listen.html",
        deck=deck,
        listen=page,
        timestamp=timestamp,
        page_lang=deck.model.language,
        narration=manifest.narration if manifest else {},
    )


def _next_image_url(slug: str, manifest: Manifest | None, number: int, total: int) -> str | None:
    """Return the URL of the next slide's likeliest image variant, to prefetch it."""
    entry = manifest.image(number + 1) if manifest and number < total else None
    return PublishedImage(slug, entry).preferred_url if entry and entry.get("variants") else None


def not_found(error: HTTPException) -> tuple[str, int]:
    """Answer any 404 with an accessible page in the site layout."""
    return render_template("404.html"), 404


def init_app(app: Flask) -> None:
    """Register the pages, the htmx request helper, and the 404 page."""
    htmx.init_app(app)
    app.register_blueprint(bp)
    app.register_error_handler(404, not_found)
