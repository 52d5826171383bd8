"""The block-by-block meter agrees with pyloudnorm and soxr measuring the whole array at once."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm
import pytest
import soxr

from app.narration.encode import read_mp3, write_measured
from app.narration.interface import Clip
from app.narration.loudness import finish, loudness, true_peak
from app.narration.meter import chunks, measure
from app.narration.piper import PiperEngine

RATE = 22050


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    """Two real Piper sentences, one quiet, with a pause: gating has something to drop."""
    engine = PiperEngine(noise=0.0)
    loud = engine.synthesize("The guard walked past the old wall near the station.").samples
    quiet = engine.synthesize("People waited in the cold, quietly.").samples * np.float32(0.1)
    return np.concatenate([loud, np.zeros(RATE, np.float32), quiet, loud])


def _signals(speech: np.ndarray) -> list[tuple[int, np.ndarray]]:
    rng = np.random.default_rng(7)
    return [
        (RATE, speech),
        (RATE, speech[: round(0.45 * RATE)]),  # barely one gating block
        (48000, (rng.standard_normal(48000 * 3) * 0.1).astype(np.float32)),
        (16000, (0.5 * np.sin(np.arange(16000 * 2) * 0.2)).astype(np.float32)),
    ]


@pytest.mark.parametrize("block", [65536, 1000, 2205])
def test_loudness_matches_pyloudnorm(speech, block):
    for rate, samples in _signals(speech):
        reference = pyloudnorm.Meter(rate).integrated_loudness(samples)
        measured = measure(chunks(samples, block), rate, peaks=False).loudness()
        assert measured == pytest.approx(reference, abs=0.05), (rate, len(samples))


def test_gating_drops_silence_like_pyloudnorm(speech):
    padded = np.concatenate(
        [np.zeros(5 * RATE, np.float32), speech, np.zeros(5 * RATE, np.float32)]
    )
    reference = pyloudnorm.Meter(RATE).integrated_loudness(padded)
    assert loudness(padded, RATE) == pytest.approx(reference, abs=0.05)
    assert loudness(padded, RATE) == pytest.approx(loudness(speech, RATE), abs=0.5)
    assert loudness(np.zeros(RATE, np.float32), RATE) == -math.inf


def test_true_peak_matches_whole_array_oversampling(speech):
    for rate, samples in _signals(speech):
        up = soxr.resample(samples, rate, rate * 4, quality="HQ")
        reference = 20 * math.log10(max(np.abs(up).max(), np.abs(samples).max()))
        assert true_peak(samples, rate) == pytest.approx(reference, abs=0.05)
    # An inter-sample peak: a sine at a quarter of the rate, sampled off its crests.
    tone = (0.5 * np.sin(np.pi / 2 * np.arange(RATE) + np.pi / 4)).astype(np.float32)
    assert 20 * math.log10(np.abs(tone).max()) < -8.9
    assert true_peak(tone, RATE) == pytest.approx(20 * math.log10(0.5), abs=0.2)


def test_decoded_mp3_within_budget_and_target(speech, tmp_path):
    clip = Clip(finish(speech, RATE, -16.0), RATE)
    heard_loudness, heard_peak = write_measured(clip, tmp_path / "a.mp3")
    decoded = read_mp3(tmp_path / "a.mp3").samples
    assert heard_peak <= -1.0
    assert true_peak(decoded, RATE) == pytest.approx(heard_peak, abs=0.01)
    assert heard_loudness == pytest.approx(-16.0, abs=1.0)
    reference = pyloudnorm.Meter(RATE).integrated_loudness(decoded)
    assert heard_loudness == pytest.approx(reference, abs=0.05)
