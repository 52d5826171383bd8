"""MP3 encoding: mono, 22.05 kHz, VBR through libsndfile/LAME, written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import soundfile as sf
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from .interface import SAMPLE_RATE, Clip
from .loudness import CEILING, limit
from .meter import chunks, measure

MP3_SETTINGS = {"format": "MP3", "compression_level": 0.55, "bitrate_mode": "VARIABLE"}
"""LAME -V 5.5 here: about 44 kbps for speech; the LAME/Xing header carries the exact length.

-V 5 measured 6.02 KB per second on the bundled deck once clips gained a lead-in, a tail and
-16 LUFS; -V 5.5 is 8% smaller (budget: 6 KB/s) at 0.5-1 dB less SNR, no change in bandwidth.
"""


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success rename it to `path`, else delete it.

    Readers see either the old file or the complete new one, never a partial or 0-byte file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(0o644)  # mkstemp makes 0600; the web server must read these
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_mp3(clip: Clip, path: Path, tags: ID3 | None = None) -> None:
    """Encode `clip` to `path` atomically, block by block, with optional ID3 tags."""
    samples = clip.resampled(SAMPLE_RATE).samples
    with atomic_target(path) as temporary:
        with sf.SoundFile(temporary, "w", SAMPLE_RATE, 1, **MP3_SETTINGS) as stream:
            for block in chunks(samples):  # clipped a block at a time: no copy of a long clip
                stream.write(np.clip(block, -1.0, 1.0))
        if tags is not None:
            tags.save(temporary)


BUDGET = -1.0
"""dBTP no published file may exceed, measured on the decoded MP3."""
AIM = BUDGET - 0.1
"""dBTP a decoded file is encoded again above: another decoder or meter may read a hair higher."""


def write_measured(clip: Clip, path: Path, tags: ID3 | None = None) -> tuple[float, float]:
    """Encode `clip`, then measure the decoded file: return (LUFS, dBTP) as listeners get them.

    The encoder can push a peak up by a fraction of a dB; when the decoded file breaks the
    budget, `clip` is limited further (in place) where the decoded file peaks and encoded again.
    The file is decoded whole (one copy): libsndfile's MP3 decoder garbles the first frames of
    every read after the first, so it cannot be read a block at a time.
    """
    for attempt in range(1, 6):
        write_mp3(clip, path, tags)
        heard = read_mp3(path).samples
        meter = measure(chunks(heard), SAMPLE_RATE)
        peak = meter.true_peak()
        if peak <= AIM or len(heard) != len(clip.samples):
            break
        ceiling = CEILING - 0.25 * attempt  # each encode differs: aim a little lower each time
        limited = limit(clip.samples, clip.sample_rate, ceiling, heard, in_place=True)
        clip = Clip(limited, clip.sample_rate)
        del heard
    return meter.loudness(), peak


def mp3_duration(path: Path) -> float:
    """Return the duration in seconds that the MP3's header states."""
    return float(MP3(path).info.length)


def read_mp3(path: Path) -> Clip:
    """Decode an MP3 file to a mono clip (to join cached clips into the essay)."""
    samples, rate = sf.read(path, dtype="float32", always_2d=True)
    mono = samples[:, 0] if samples.shape[1] == 1 else samples.mean(axis=1, dtype=np.float32)
    return Clip(np.ascontiguousarray(mono), rate)


def read_into(path: Path, out: np.ndarray) -> None:
    """Decode one of our (mono) MP3 files straight into `out`, up to the length of either."""
    with sf.SoundFile(path) as stream:
        stream.read(out=out[: stream.frames])
