"""The engine interface, the clip type and the errors: what every engine and caller shares.

This module imports no engine, so engines can import it without a cycle; engines are listed and
chosen in `engine.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import soxr

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
        """Return this clip at `rate` Hz through soxr (band-limited: no aliasing below Nyquist)."""
        if rate == self.sample_rate or len(self.samples) == 0:
            return self
        samples = soxr.resample(self.samples.astype(np.float32, copy=False), self.sample_rate, rate)
        return Clip(np.asarray(samples, dtype=np.float32), rate)

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
    """A speech engine; `identity()` names everything that shapes its output (for the cache).

    `phonemes` is True when the engine reads `[[...]]` in its input as raw phonemes (Piper).
    """

    name: str
    voice: str
    phonemes: bool

    def identity(self) -> dict: ...

    def synthesize(self, text: str) -> Clip: ...
