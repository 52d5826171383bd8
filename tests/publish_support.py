"""Helpers for the publishing tests: fast fake engines and reading a deck's current generation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from app.narration import Clip

SECONDS_PER_CHARACTER = 0.05


class Tone:
    """A fast fake engine whose clip length follows the text, so audio can be matched to text.

    With `noise`, every synthesis differs slightly (like Piper): same inputs, different bytes.
    """

    name, voice = "tone", "sine"

    def __init__(self, noise: bool = False):
        self.noise = noise
        self.calls: list[str] = []

    def identity(self) -> dict:
        return {"engine": "tone"}

    def synthesize(self, text: str) -> Clip:
        self.calls.append(text)
        t = np.arange(int(22050 * SECONDS_PER_CHARACTER * len(text))) / 22050
        samples = 0.3 * np.sin(2 * np.pi * 220 * t)
        if self.noise:
            samples = samples + np.random.default_rng().normal(0, 0.01, len(t))
        return Clip(samples.astype(np.float32), 22050)


def current_manifest(deck_out: Path) -> dict:
    """Return the manifest of the generation `current.json` names."""
    generation = json.loads((deck_out / "current.json").read_text())["generation"]
    return json.loads((deck_out / "generations" / generation / "manifest.json").read_text())
