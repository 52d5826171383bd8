"""Integrated loudness (ITU-R BS.1770) and true peak, measured block by block.

pyloudnorm measures a whole array at once and first copies it (~375 MB for a 23-minute clip,
on top of the clip itself). This meter runs pyloudnorm's own K-weighting filters through
scipy's `sosfilt`, carrying the filter state from block to block, keeps only the energy of
each 100 ms hop (gating blocks are 400 ms with 75% overlap: four hops), and gates those as
BS.1770 does. True peak comes from a 4x oversampling soxr stream. Memory stays flat whatever
the length; a test holds it to pyloudnorm within 0.05 LU.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pyloudnorm
import soxr
from scipy.signal import sosfilt

HOP = 0.1  # seconds: the step between BS.1770 gating blocks
HOPS_PER_BLOCK = 4  # a gating block is 400 ms
ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU under the absolutely gated loudness
OVERSAMPLE = 4
CHUNK = 1 << 16  # samples measured at a time when the whole array is at hand


def k_weighting(rate: int) -> tuple[np.ndarray, float]:
    """Return pyloudnorm's K-weighting (high shelf, then high pass) as second-order sections."""
    stages = [
        pyloudnorm.IIRfilter(4.0, 1 / math.sqrt(2), 1500.0, rate, "high_shelf"),
        pyloudnorm.IIRfilter(0.0, 0.5, 38.0, rate, "high_pass"),
    ]
    sos = np.array([np.concatenate([s.b / s.a[0], s.a / s.a[0]]) for s in stages])
    return sos, math.prod(s.passband_gain for s in stages)


def gated(energies: np.ndarray) -> float:
    """Return integrated loudness (LUFS) from gating-block mean squares, as BS.1770 gates them."""
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(energies)
    kept = energies[levels >= ABSOLUTE_GATE]
    if not len(kept):
        return -math.inf
    relative = -0.691 + 10 * math.log10(float(kept.mean())) + RELATIVE_GATE
    kept = energies[(levels > relative) & (levels > ABSOLUTE_GATE)]
    mean = float(kept.mean()) if len(kept) else 0.0
    return -0.691 + 10 * math.log10(mean) if mean > 0 else -math.inf


class TruePeak:
    """Feed mono blocks in order; read the true peak (4x oversampled) after the last."""

    def __init__(self, rate: int):
        self._stream = soxr.ResampleStream(rate, rate * OVERSAMPLE, 1, quality="HQ")
        self._peak = 0.0

    def feed(self, block: np.ndarray, last: bool = False) -> None:
        """Look for peaks in the next `block` (float32) and between its samples."""
        for found in (block, self._stream.resample_chunk(block, last=last)):
            if len(found):
                self._peak = max(self._peak, float(np.max(np.abs(found))))

    def result(self) -> float:
        """Return the true peak in dBTP (-inf for silence); ends the stream."""
        if self._stream is not None:
            self.feed(np.zeros(0, np.float32), last=True)
            self._stream = None
        return 20 * math.log10(self._peak) if self._peak > 0 else -math.inf


class Meter:
    """Feed mono blocks in order; read integrated loudness and true peak at any point after."""

    def __init__(self, rate: int, peaks: bool = True, loudness: bool = True):
        self.rate = rate
        self.hop = round(HOP * rate)
        self.count = 0
        self._sos, self._gain = k_weighting(rate)
        self._state = np.zeros((len(self._sos), 2))
        self._hops: list[np.ndarray] = []
        self._rest = np.zeros(0)
        self._loudness = loudness
        self._peaks = TruePeak(rate) if peaks else None

    def feed(self, block: np.ndarray) -> None:
        """Measure the next `block` of samples."""
        block = np.asarray(block, dtype=np.float32)
        if not len(block):
            return
        self.count += len(block)
        if self._peaks is not None:
            self._peaks.feed(block)
        if not self._loudness:
            return
        filtered, self._state = sosfilt(self._sos, block, zi=self._state)
        power = np.concatenate([self._rest, np.square(filtered * self._gain)])
        whole = len(power) // self.hop * self.hop
        self._hops.append(power[:whole].reshape(-1, self.hop).sum(axis=1))
        self._rest = power[whole:]

    def loudness(self) -> float:
        """Return the integrated loudness in LUFS of everything fed (-inf for silence)."""
        seconds = self.count / self.rate
        blocks = round((seconds - HOP * HOPS_PER_BLOCK) / HOP) + 1
        if blocks < 1:
            return -math.inf
        hops = np.concatenate([*self._hops, [self._rest.sum()]])
        hops = np.pad(hops, (0, max(0, blocks + HOPS_PER_BLOCK - 1 - len(hops))))
        sums = np.convolve(hops, np.ones(HOPS_PER_BLOCK), mode="valid")[:blocks]
        return gated(sums / (HOP * HOPS_PER_BLOCK * self.rate))

    def true_peak(self) -> float:
        """Return the true peak in dBTP of everything fed (-inf for silence); ends the stream."""
        return self._peaks.result() if self._peaks is not None else math.nan


def measure(
    blocks: Iterable[np.ndarray], rate: int, peaks: bool = True, loudness: bool = True
) -> Meter:
    """Return a meter that has measured `blocks` in order (loudness, true peak or both)."""
    meter = Meter(rate, peaks, loudness)
    for block in blocks:
        meter.feed(block)
    return meter


def chunks(samples: np.ndarray, size: int = CHUNK) -> Iterable[np.ndarray]:
    """Yield `samples` in views of `size` samples (no copies)."""
    for start in range(0, len(samples), size):
        yield samples[start : start + size]
