"""Defaults for a fresh checkout, each overridable by a GLIMPSE_* environment variable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    # Decks to serve: content/<slug>/deck.toml.
    "CONTENT_DIR": PROJECT_ROOT / "content",
    # Published media (narration, image variants) and each deck's manifest: audio/<slug>/.
    "OUTPUT_DIR": PROJECT_ROOT / "audio",
    # Front-end packages installed from the npm registry at set-up time (htmx).
    "NODE_MODULES_DIR": PROJECT_ROOT / "node_modules",
    # Narration engine when a deck names none: offline by default.
    "ENGINE": "piper",
    # The site as a podcast show (app.takeaway): name, summary, author, language.
    "SITE_TITLE": "Glimpse",
    "SITE_DESCRIPTION": "Photo essays as accessible, audio-described slideshows, narrated.",
    "SITE_AUTHOR": "Glimpse",
    "SITE_LANGUAGE": "en",
    # Where readers reach the site, e.g. https://example.org/essays/ (empty: local runs only).
    # Its host is trusted (app.hosts), its path is the app's root, redirects point there, and
    # the feed's absolute links use it; without it the feed is served only to trusted hosts.
    "PUBLIC_URL": "",
    # Publisher's cover art (PNG or JPEG, at least 1400x1400); empty: drawn from SITE_TITLE.
    "PODCAST_COVER": "",
}


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return DEFAULTS with GLIMPSE_<KEY> overrides applied (paths become Path objects)."""
    environ = dict(os.environ if environ is None else environ)
    config = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        value = environ.get(f"GLIMPSE_{key}")
        if value:
            config[key] = Path(value) if isinstance(default, Path) else value
    return config


# WSGI environ key the static export sets on every page it renders: pages then leave out what
# only a live server can answer (a feed's absolute URLs would name the exporting machine).
EXPORTING = "glimpse.exporting"
