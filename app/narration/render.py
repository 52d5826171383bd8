"""Speak one slide sentence by sentence: level each piece, add breathing room, time each sentence.

Every piece is synthesized on its own, trimmed to its speech and levelled to the target, then
the pieces are laid out with fixed pauses, so each displayed sentence's start and end in the
clip are known to the sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .interface import SAMPLE_RATE, Clip, Engine
from .loudness import finish, level
from .script import Sentence
from .sentences import word_count

LEAD_IN = 0.2  # seconds of silence before the first word (150-250 ms: players start late)
TAIL = 0.4  # seconds of silence after the last word
CLAUSE_GAP = 0.25  # between pieces of one long sentence cut at a clause
SENTENCE_GAP = 0.35  # between sentences
PART_GAP = 0.6  # between caption, quotation and description
TRIM_DB = -50.0  # dB under a piece's peak that counts as silence at its ends
MARGIN = 0.01  # seconds kept outside the first and last sound above that threshold


@dataclass(frozen=True)
class Timed:
    """A displayed sentence and where it is spoken in the clip (seconds)."""

    sentence: Sentence
    start: float
    end: float


@dataclass(frozen=True)
class Rendered:
    """A slide's finished clip and its sentences' times."""

    clip: Clip
    timings: list[Timed]

    @property
    def wpm(self) -> float:
        """Words per minute from the first word to the last (pauses included, not the edges)."""
        words = sum(word_count(t.sentence.text) for t in self.timings)
        span = self.timings[-1].end - self.timings[0].start if self.timings else 0.0
        return 60 * words / span if span > 0 else 0.0


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    """Return `samples` without the near-silence at either end (keeping a 10 ms margin)."""
    if not len(samples):
        return samples
    peak = float(np.max(np.abs(samples)))
    loud = np.flatnonzero(np.abs(samples) > peak * 10 ** (TRIM_DB / 20))
    if peak == 0 or not len(loud):
        return samples[:0]
    margin = round(MARGIN * rate)
    return samples[max(0, loud[0] - margin) : loud[-1] + 1 + margin]


def _piece(engine: Engine, text: str, target: float) -> np.ndarray:
    clip = engine.synthesize(text).resampled(SAMPLE_RATE)
    return level(trim(clip.samples, SAMPLE_RATE), SAMPLE_RATE, target)


def render(engine: Engine, sentences: list[Sentence], target: float) -> Rendered:
    """Synthesize `sentences` piece by piece and lay them out with pauses; time each sentence."""
    rate = SAMPLE_RATE
    chunks: list[np.ndarray] = [np.zeros(round(LEAD_IN * rate), np.float32)]
    position = len(chunks[0])
    timings: list[Timed] = []
    for index, sentence in enumerate(sentences):
        if index:
            gap = PART_GAP if sentence.part != sentences[index - 1].part else SENTENCE_GAP
            chunks.append(np.zeros(round(gap * rate), np.float32))
            position += len(chunks[-1])
        start = position
        for number, text in enumerate(sentence.pieces):
            if number:
                chunks.append(np.zeros(round(CLAUSE_GAP * rate), np.float32))
                position += len(chunks[-1])
            chunks.append(_piece(engine, text, target))
            position += len(chunks[-1])
        timings.append(Timed(sentence, start / rate, position / rate))
    chunks.append(np.zeros(round(TAIL * rate), np.float32))
    samples = np.concatenate(chunks)
    del chunks
    return Rendered(Clip(finish(samples, rate, target), rate), timings)
