"""Shared fixtures: the app on the bundled deck, a client, a CLI runner, and a deck factory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner

from app import create_app
from app.config import PROJECT_ROOT

BUNDLED_CONTENT = PROJECT_ROOT / "content"
BUNDLED_SLUG = "north-korea"

BASE_DECK: dict[str, Any] = {
    "title": "A small test deck",
    "language": "en",
    "credit": "Photographs by A. Tester",
    "slides": [
        {"heading": "Opening", "caption": "An opening line."},
        {
            "heading": "A harbour",
            "image": "images/harbour.jpg",
            "placeholder": True,
            "alt": "Fishing boats moored in a small harbour at dawn.",
            "caption": "Where the day begins.",
        },
        {"heading": "Closing", "caption": "A closing line."},
    ],
}


def write_deck(folder: Path, data: dict[str, Any]) -> Path:
    """Write `data` as folder/deck.toml and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    return folder


@pytest.fixture
def make_deck(tmp_path: Path):
    """Return a factory: make_deck(slug="test-deck", **overrides) writes content/<slug>/deck.toml."""

    def factory(slug: str = "test-deck", **overrides: Any) -> Path:
        data = copy.deepcopy(BASE_DECK)
        data.update(overrides)
        return write_deck(tmp_path / "content" / slug, data)

    return factory


@pytest.fixture
def app(tmp_path: Path):
    """The app on the bundled deck, publishing into a temporary folder (nothing built yet)."""
    return create_app(
        {"TESTING": True, "CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": tmp_path / "audio"}
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
