"""Speak one slide sentence by sentence: level each piece, add breathing room, time each sentence.

Every piece is synthesized on its own, trimmed to its speech and levelled to the target, then
the pieces are laid out with fixed pauses, so each displayed sentence's start and end in the
clip are known to the sample. The clip goes to a spool on disk as it is spoken and is levelled
from there (stream.py): memory holds one piece, however long the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .interface import SAMPLE_RATE, Engine
from .loudness import finish
from .meter import Meter
from .script import Sentence
from .sentences import word_count
from .spool import Spool
from .stream import finish_spool

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
    """A slide's finished clip (on disk: close it, or use `with`) and its sentences' times."""

    audio: Spool
    timings: list[Timed]

    @property
    def duration(self) -> float:
        return self.audio.duration

    def __enter__(self) -> Rendered:
        return self

    def __exit__(self, *exc: object) -> None:
        self.audio.close()

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
    return finish(trim(clip.samples, SAMPLE_RATE), SAMPLE_RATE, target)


def _speak(engine: Engine, sentences: list[Sentence], target: float, raw: Spool) -> list[Timed]:
    """Write the pieces of `sentences` with their pauses to `raw`; return each sentence's times."""
    rate = raw.rate
    raw.write(np.zeros(round(LEAD_IN * rate), np.float32))
    timings: list[Timed] = []
    for index, sentence in enumerate(sentences):
        if index:
            gap = PART_GAP if sentence.part != sentences[index - 1].part else SENTENCE_GAP
            raw.write(np.zeros(round(gap * rate), np.float32))
        start = raw.frames
        for number, text in enumerate(sentence.pieces):
            if number:
                raw.write(np.zeros(round(CLAUSE_GAP * rate), np.float32))
            raw.write(_piece(engine, text, target))
        timings.append(Timed(sentence, start / rate, raw.frames / rate))
    raw.write(np.zeros(round(TAIL * rate), np.float32))
    return timings


class _Measured(Spool):
    """A spool that measures loudness as it is written (the first levelling pass needs it)."""

    def __init__(self, folder: Path, rate: int):
        super().__init__(folder, rate)
        self.meter = Meter(rate, peaks=False)

    def write(self, block: np.ndarray) -> None:
        super().write(block)
        self.meter.feed(block)


def render(engine: Engine, sentences: list[Sentence], target: float, folder: Path) -> Rendered:
    """Synthesize `sentences` piece by piece and lay them out with pauses; time each sentence.

    The clip is spooled in `folder` (the output folder: space for ~0.3 GB per hour of audio).
    """
    raw = _Measured(folder, SAMPLE_RATE)
    try:
        timings = _speak(engine, sentences, target, raw)
        finished = finish_spool(raw, folder, target, raw.meter.loudness())
    except BaseException:
        raw.close()
        raise
    if finished is not raw:  # silence comes back as it is
        raw.close()
    return Rendered(finished, timings)
