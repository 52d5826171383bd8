"""Levelling and limiting a clip on disk: loudness.py's finish and limit, one block at a time.

A clip of any length is read from its spool in blocks; each block is limited together with
CONTEXT samples of its neighbours (further than the limiter's gain smoothing and the true-peak
oversampler look), so the result matches limiting the whole array within a hair, while memory
holds a few blocks whatever the length.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from .loudness import BLOCK as LIMIT_BLOCK
from .loudness import CEILING, SILENT, TOLERANCE, limit
from .meter import Meter
from .spool import BLOCK, Spool, fixed, windows

CONTEXT = 4096  # samples of each neighbour a block is limited with (the limiter reaches ~900)
STEP = LIMIT_BLOCK - 2 * CONTEXT  # so a block with its context is one limiter block: no seams


def limit_blocks(
    blocks: Iterable[np.ndarray],
    rate: int,
    ceiling_db: float = CEILING,
    detector: Iterable[np.ndarray] | None = None,
) -> Iterator[np.ndarray]:
    """Yield `blocks` with true peaks under `ceiling_db`, looking for peaks in `detector`.

    `detector` (same length, e.g. the decoded MP3) is where peaks are looked for when not in
    the samples themselves; see loudness.limit.
    """
    own = windows(fixed(blocks, STEP), CONTEXT)
    if detector is None:
        for window, part in own:
            yield limit(window, rate, ceiling_db, in_place=True)[part]
        return
    for (window, part), (watched, _) in zip(
        own, windows(fixed(detector, STEP), CONTEXT), strict=True
    ):
        yield limit(window, rate, ceiling_db, detector=watched, in_place=True)[part]


def copy_limited(
    source: Spool, folder: Path, ceiling_db: float = CEILING, detector=None
) -> tuple[Spool, Meter]:
    """Return a new spool with `source` (at its gain) limited, and a meter that measured it."""
    out = Spool(folder, source.rate)
    meter = Meter(source.rate, peaks=False)
    try:
        for block in limit_blocks(source.blocks(BLOCK), source.rate, ceiling_db, detector):
            out.write(block)
            meter.feed(block)
    except BaseException:
        out.close()
        raise
    return out, meter


def finish_spool(source: Spool, folder: Path, target: float, measured: float) -> Spool:
    """Return `source` brought to `target` LUFS with its true peak under the ceiling.

    `measured` is the loudness of `source` as it is. As loudness.finish: each pass starts from
    `source` with a new gain and limits it; the limiter takes a little loudness away, the next
    pass gives it back. The caller keeps owning `source`; the result may be `source` itself
    (silence) and is otherwise a new spool that the caller must close.
    """
    out, offset = source, 0.0
    try:
        for _ in range(4):
            if measured <= SILENT:
                return out
            if out is not source and abs(measured - target) < TOLERANCE:
                break
            offset += target - measured
            if out is not source:
                out.close()  # free the last pass before making the next
            source.gain = 10 ** (offset / 20)
            out, meter = copy_limited(source, folder)
            measured = meter.loudness()
    except BaseException:
        if out is not source:
            out.close()
        raise
    finally:
        source.gain = 1.0
    return out
