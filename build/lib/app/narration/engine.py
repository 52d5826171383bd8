"""The engine interface: text in, a mono clip of float samples out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

SAMPLE_RATE = 22050
"""One rate for every clip of a deck, so clips can be joined into the essay without resampling."""


class EngineUnavailable(Exception):
    """The engine cannot be reached or loaded (network down, model file missing or corrupt)."""


class SynthesisError(Exception):
    """The engine was reached but failed to turn this text into audio."""


@dataclass(frozen=True, eq=False)
class Clip:
    """Mono audio: float32 samples in [-1, 1] at `sample_rate` Hz."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    def resampled(self, rate: int = SAMPLE_RATE) -> Clip:
        """Return this clip at `rate` Hz by linear interpolation (adequate for speech)."""
        if rate == self.sample_rate or len(self.samples) == 0:
            return self
        count = round(len(self.samples) * rate / self.sample_rate)
        positions = np.arange(count) * (self.sample_rate / rate)
        samples = np.interp(positions, np.arange(len(self.samples)), self.samples)
        return Clip(samples.astype(np.float32), rate)

    @staticmethod
    def silence(seconds: float, rate: int = SAMPLE_RATE) -> Clip:
        """Return `seconds` of silence."""
        return Clip(np.zeros(round(seconds * rate), dtype=np.float32), rate)

    @staticmethod
    def join(clips: list[Clip], gap: float, rate: int = SAMPLE_RATE) -> Clip:
        """Concatenate clips at `rate` Hz with `gap` seconds of silence between them."""
        pause = Clip.silence(gap, rate).samples
        parts: list[np.ndarray] = []
        for index, clip in enumerate(clips):
            if index:
                parts.append(pause)
            parts.append(clip.resampled(rate).samples)
        samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
        return Clip(samples.astype(np.float32, copy=False), rate)


class Engine(Protocol):
    """A speech engine; `identity()` names everything that shapes its output (for the cache)."""

    name: str
    voice: str

    def identity(self) -> dict: ...

    def synthesize(self, text: str) -> Clip: ...


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
        from .piper import PiperEngine

        return PiperEngine(voice=voice, speed=speed, noise=noise, language=language)
    if name == "gtts":
        from .gtts import GttsEngine

        return GttsEngine(language=language, tld=tld, speed=speed)
    raise ValueError(f"unknown narration engine {name!r} (use 'piper' or 'gtts')")
