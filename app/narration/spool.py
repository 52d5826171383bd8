"""Audio on disk: a clip too long to hold is written once, then read back block by block.

A spool is an anonymous temporary file (O_TMPFILE where the file system has it) in the output
folder: it has no name, so nothing is left behind on success, on an exception, or when the
build is killed; the kernel frees it when it is closed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

BLOCK = 1 << 16  # samples read at a time: ~3 s at 22.05 kHz, 256 KB as float32


class Spool:
    """Mono float32 samples written in order to a nameless file; read back as often as needed.

    `gain` (linear) scales every block as it is read, so a level change costs no extra pass.
    """

    def __init__(self, folder: Path, rate: int):
        folder.mkdir(parents=True, exist_ok=True)
        # The spool is the context manager: the file lives as long as it does.
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".spool-")  # noqa: SIM115
        self.rate = rate
        self.frames = 0
        self.gain = 1.0

    @property
    def duration(self) -> float:
        return self.frames / self.rate

    def write(self, block: np.ndarray) -> None:
        """Append `block` (any float dtype; stored as float32)."""
        data = np.asarray(block, dtype=np.float32)
        self._file.write(data.tobytes())
        self.frames += len(data)

    def blocks(self, size: int = BLOCK) -> Iterator[np.ndarray]:
        """Yield every sample in order, `size` at a time (the last block may be shorter)."""
        self._file.flush()
        self._file.seek(0)
        left = self.frames
        scale = np.float32(self.gain)
        while left > 0:
            block = np.fromfile(self._file, dtype=np.float32, count=min(size, left))
            if not len(block):
                raise OSError(f"spool ended {left} samples early")
            left -= len(block)
            yield block if self.gain == 1.0 else np.multiply(block, scale, out=block)

    def close(self) -> None:
        """Free the file (its space on disk comes back at once); closing twice is harmless."""
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    def of(cls, samples: np.ndarray, folder: Path, rate: int) -> Spool:
        """Return a spool holding `samples` (for callers that already have a clip in memory)."""
        spool = cls(folder, rate)
        for start in range(0, len(samples), BLOCK):
            spool.write(samples[start : start + BLOCK])
        return spool


def fixed(blocks: Iterable[np.ndarray], size: int = BLOCK) -> Iterator[np.ndarray]:
    """Yield the samples of `blocks` again in blocks of exactly `size` (the last may be shorter)."""
    held: list[np.ndarray] = []
    count = 0
    for block in blocks:
        held.append(block)
        count += len(block)
        while count >= size:
            joined = np.concatenate(held)
            yield joined[:size]
            held, count = [joined[size:]], count - size
    if count:
        yield np.concatenate(held)


def windows(blocks: Iterable[np.ndarray], context: int) -> Iterator[tuple[np.ndarray, slice]]:
    """Yield (window, part) per block: the block with up to `context` samples of each neighbour.

    `window[part]` is the block itself. Blocks must be at least `context` long, but the last.
    """
    empty = np.zeros(0, np.float32)
    before, current = empty, None
    for block in blocks:
        if current is not None:
            yield _window(before, current, block, context)
            before = current
        current = block
    if current is not None:
        yield _window(before, current, empty, context)


def _window(
    before: np.ndarray, current: np.ndarray, after: np.ndarray, context: int
) -> tuple[np.ndarray, slice]:
    lead = before[len(before) - min(context, len(before)) :]
    window = np.concatenate([lead, current, after[:context]]).astype(np.float32, copy=False)
    return window, slice(len(lead), len(lead) + len(current))
