"""Loudness levelling and a true-peak-aware limiter (measured block by block: see meter.py).

Piper peak-normalises every sentence, so loudness jumps between sentences: each piece is levelled
to the target before joining, then the clip is brought to the target and limited so that its
true peak (estimated at 4x oversampling with soxr) stays under the ceiling.
"""

from __future__ import annotations

import math

import numpy as np
import soxr
from scipy.ndimage import minimum_filter1d, uniform_filter1d

from .meter import chunks, measure

CEILING = -1.5
"""dBTP the limiter aims at: 0.5 dB under the -1 dBTP budget, room for the MP3 encoder."""

OVERSAMPLE = 4
BLOCK = 1 << 16  # samples per block: memory stays flat however long the clip
RELEASE = 0.005  # seconds: the limiter's gain reaches its minimum this long before a peak
SHORT = 0.4  # seconds: BS.1770 needs one 400 ms block; shorter pieces are measured by RMS
TOLERANCE = 0.15  # LU: close enough to the target
SILENT = -70.0  # LUFS: BS.1770's absolute gate; quieter than this is silence


def loudness(samples: np.ndarray, rate: int) -> float:
    """Return integrated loudness in LUFS (RMS-based for pieces shorter than 400 ms)."""
    if len(samples) < SHORT * rate + 1:
        power = float(np.mean(np.square(samples, dtype=np.float64))) if len(samples) else 0.0
        return -0.691 + 10 * math.log10(power) if power > 0 else -math.inf
    return measure(chunks(samples), rate, peaks=False).loudness()


def gain(samples: np.ndarray, db: float) -> np.ndarray:
    """Return `samples` scaled by `db` decibels, as float32."""
    return (samples * np.float32(10 ** (db / 20))).astype(np.float32, copy=False)


def level(samples: np.ndarray, rate: int, target: float) -> np.ndarray:
    """Return `samples` with their loudness moved to `target` LUFS (silence is left alone)."""
    measured = loudness(samples, rate)
    return gain(samples, target - measured) if measured > SILENT else samples


def _peaks(samples: np.ndarray, rate: int, start: int, stop: int) -> np.ndarray:
    """Return, for each sample in [start, stop), the largest |value| of the 4x oversampled signal."""
    margin = 64
    lo, hi = max(0, start - margin), min(len(samples), stop + margin)
    up = soxr.resample(samples[lo:hi].astype(np.float32), rate, rate * OVERSAMPLE, quality="HQ")
    up = np.abs(up[(start - lo) * OVERSAMPLE : (stop - lo) * OVERSAMPLE])
    up = np.pad(up, (0, (stop - start) * OVERSAMPLE - len(up)))
    peaks = np.abs(samples[start:stop])
    for phase in range(OVERSAMPLE):  # strided maxima: far faster than max(axis=1) on 4 columns
        np.maximum(peaks, up[phase::OVERSAMPLE], out=peaks)
    return peaks


def true_peak(samples: np.ndarray, rate: int) -> float:
    """Return the true peak in dBTP (4x oversampled), -inf for silence."""
    return measure(chunks(samples), rate, loudness=False).true_peak()


def _limit_block(
    samples: np.ndarray, rate: int, start: int, stop: int, ceiling: float
) -> np.ndarray:
    """Return the gain for samples [start, stop): smooth, and low enough before every peak."""
    radius = max(1, round(RELEASE * rate))
    lo, hi = max(0, start - 2 * radius), min(len(samples), stop + 2 * radius)
    peaks = _peaks(samples, rate, lo, hi)
    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-9)).astype(np.float32)
    # A centred moving average of a moving minimum of the same radius never exceeds the need.
    smooth = uniform_filter1d(minimum_filter1d(need, 2 * radius + 1), 2 * radius + 1)
    return np.minimum(smooth, need)[start - lo : stop - lo]


def limit(
    samples: np.ndarray,
    rate: int,
    ceiling_db: float = CEILING,
    detector: np.ndarray | None = None,
    in_place: bool = False,
) -> np.ndarray:
    """Return `samples` with true peaks held under `ceiling_db` dBTP, block by block.

    `detector` (same length) is where peaks are looked for when not in `samples` itself: the
    decoded MP3, whose encoder can raise a peak that the input did not have.
    """
    ceiling = 10 ** (ceiling_db / 20)
    out = samples.astype(np.float32, copy=not in_place)
    for _ in range(3):  # resampling ripple can leave a peak a hair over: check and go again
        watched = out if detector is None else detector
        if true_peak(watched, rate) <= ceiling_db:
            break
        for start in range(0, len(out), BLOCK):
            stop = min(start + BLOCK, len(out))
            reduction = _limit_block(watched, rate, start, stop, ceiling)
            out[start:stop] *= reduction
            if detector is not None:
                detector[start:stop] *= reduction
    return out


def finish(samples: np.ndarray, rate: int, target: float) -> np.ndarray:
    """Bring a clip to `target` LUFS with its true peak under the ceiling.

    The limiter takes a little loudness away; each pass gives it back, so the clip converges on
    the target within a few tenths of a LU.
    """
    out, offset = samples, 0.0
    for _ in range(4):
        measured = loudness(out, rate)
        if measured <= SILENT:
            return out
        if out is not samples and abs(measured - target) < TOLERANCE:
            break
        offset += target - measured
        out = None  # free the last pass before making the next: memory stays at two copies
        out = limit(gain(samples, offset), rate, in_place=True)
    return out
