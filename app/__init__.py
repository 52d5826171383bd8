"""Glimpse: photo essays as accessible, audio-described slideshows."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from . import assets, compression, headers, hosts, media, page_cache, readalong_data, views
from .config import PROJECT_ROOT, from_environment
from .deck import discover_decks
from .markup import DedentedLoader
from .takeaway import routes as takeaway_routes

log = logging.getLogger(__name__)

TEMPLATES_DIR = PROJECT_ROOT / "templates"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, decks, header policy, hosts, compression, page cache, pages, media.

    Templates live at the project's top level (the design card says so), so Flask is told where.
    """
    # No default static route: app.assets serves our CSS and JS under content-hashed names.
    app = Flask(__name__, template_folder=str(TEMPLATES_DIR), static_folder=None)
    # Drop template-only whitespace: smaller pages and fragments, same DOM.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_loader = DedentedLoader(str(TEMPLATES_DIR))  # and no source indentation
    app.config.update(from_environment())
    if test_config:
        app.config.update(test_config)
    if not TEMPLATES_DIR.is_dir():
        raise RuntimeError(f"templates folder not found: {TEMPLATES_DIR}")
    load_decks(app)
    headers.init_app(app)
    page_cache.init_app(app)  # in front of Flask, behind the public-URL mount
    hosts.init_app(app)
    compression.init_app(app)
    views.init_app(app)
    media.init_app(app)
    assets.init_app(app)
    readalong_data.init_app(app)
    takeaway_routes.init_app(app)
    return app


def load_decks(app: Flask) -> None:
    """Load every deck; a broken deck is logged and skipped so the others keep serving."""
    decks, errors = discover_decks(app.config["CONTENT_DIR"])
    for error in errors:
        app.logger.error("deck skipped: %s", error)
    app.extensions["glimpse.decks"] = decks
    app.extensions["glimpse.deck_errors"] = errors
