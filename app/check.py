"""`glimpse check`: every problem in every deck, as errors (exit 1) and warnings (exit 0)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .alt_text import lint_alt
from .deck import DeckError, discover_decks
from .images import check_image
from .speech_check import check_speech


@dataclass
class CheckResult:
    """Counts and messages, each message located as `content/<deck>/deck.toml: slide N: field`."""

    decks: int = 0
    slides: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    voices: list[str] = field(default_factory=list)


def check_decks(config: dict[str, Any]) -> CheckResult:
    """Validate schema, images and alt text of every deck; never writes anything."""
    content_dir = Path(config["CONTENT_DIR"])
    decks, deck_errors = discover_decks(content_dir)
    result = CheckResult(errors=[str(error) for error in deck_errors])
    for deck in decks.values():
        display = Path(content_dir.name) / deck.slug / "deck.toml"
        result.decks += 1
        result.slides += len(deck.slides)
        for number in range(1, len(deck.slides) + 1):
            try:
                found = check_image(deck, number, display_path=display)
            except DeckError as error:
                result.errors.append(str(error))
                continue
            result.warnings += [f"{display}: slide {number}: image: {w}" for w in found]
        speech = check_speech(deck)
        result.voices.append(f"{display}: spoken by {speech.voice}")
        result.errors += [f"{display}: {line}" for line in speech.errors]
        result.warnings += [f"{display}: {line}" for line in speech.warnings]
        for finding in lint_alt(deck):
            line = f"{display}: slide {finding.slide}: {finding.field}: {finding.message}"
            (result.errors if finding.severity == "error" else result.warnings).append(line)
    return result
