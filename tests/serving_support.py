"""A small deck built for real (Piper narration, stand-in images), shared by the serving tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from app import create_app
from app.build import NarrationOptions, build
from app.publish.layout import MEDIA
from tests.conftest import BASE_DECK, write_deck
from tests.publish_support import current_manifest

AE_BR = {"Accept-Encoding": "gzip, deflate, br"}
AE_GZIP = {"Accept-Encoding": "gzip"}


def build_site(root: Path, **overrides: Any) -> dict[str, Path]:
    """Write the base deck as content/small (with overrides), build it, return the config."""
    data = copy.deepcopy(BASE_DECK)
    data.update(overrides)
    write_deck(root / "content" / "small", data)
    config = {"CONTENT_DIR": root / "content", "OUTPUT_DIR": root / "audio"}
    report = build(config, NarrationOptions(progress=False))
    assert report.ok, report.errors
    return config


def site_app(config: dict[str, Path], **extra: Any):
    """Return the app on a built site."""
    return create_app({"TESTING": True, **config, **extra})


def manifest(config: dict[str, Path]) -> dict[str, Any]:
    """Return the current generation's manifest of the small deck."""
    return current_manifest(config["OUTPUT_DIR"] / "small")


def media_path(config: dict[str, Path], name: str) -> Path:
    """Return where a published file of the small deck is on disk."""
    return config["OUTPUT_DIR"] / "small" / MEDIA / name


def media_files(config: dict[str, Path]) -> dict[str, str]:
    """Return the largest published file of each extension (mp3, vtt, avif, webp, jpg...)."""
    found: dict[str, str] = {}
    for name in sorted(
        manifest(config)["files"], key=lambda n: media_path(config, n).stat().st_size
    ):
        found[name.rsplit(".", 1)[-1]] = name
    return found
