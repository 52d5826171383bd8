"""The engines Glimpse can speak with, and the one place that chooses between them."""

from __future__ import annotations

from pathlib import Path

from .gtts import GttsEngine
from .interface import Engine
from .piper import PiperEngine

ENGINES = ("piper", "gtts")
"""Every engine name a deck may give in `[narration] engine`."""


def make_engine(
    name: str,
    *,
    voice: str | Path | None = None,
    language: str = "en",
    speed: float = 1.0,
    tld: str = "com",
    noise: float | None = None,
) -> Engine:
    """Build the engine called `name` ('piper' or 'gtts'); ValueError for an unknown name."""
    if name == "piper":
        return PiperEngine(voice=voice, speed=speed, noise=noise, language=language)
    if name == "gtts":
        return GttsEngine(language=language, tld=tld, speed=speed)
    raise ValueError(f"unknown narration engine {name!r} (use 'piper' or 'gtts')")
