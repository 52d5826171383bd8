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
from .loudness import CEILING, limit, loudness, true_peak

MP3_SETTINGS = {"format": "MP3", "compression_level": 0.5, "bitrate_mode": "VARIABLE"}
"""LAME -V 5 here: about 46 kbps for speech; the LAME/Xing header carries the exact length."""


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
    """Encode `clip` to `path` atomically, with optional ID3 tags."""
    samples = np.clip(clip.resampled(SAMPLE_RATE).samples, -1.0, 1.0)
    with atomic_target(path) as temporary:
        sf.write(temporary, samples, SAMPLE_RATE, **MP3_SETTINGS)
        if tags is not None:
            tags.save(temporary)


BUDGET = -1.0
"""dBTP no published file may exceed, measured on the decoded MP3."""


def write_measured(clip: Clip, path: Path, tags: ID3 | None = None) -> tuple[float, float]:
    """Encode `clip`, then measure the decoded file: return (LUFS, dBTP) as listeners get them.

    The encoder can push a peak up by a dB or more; when the decoded file breaks the budget, the
    clip is limited further by the excess and encoded again.
    """
    for _ in range(3):
        write_mp3(clip, path, tags)
        heard = read_mp3(path)
        peak = true_peak(heard.samples, heard.sample_rate)
        if peak <= BUDGET or len(heard.samples) != len(clip.samples):
            break
        detector = heard.samples.copy()  # lower the input where the decoded file peaks
        clip = Clip(
            limit(clip.samples, clip.sample_rate, CEILING - 0.5, detector), clip.sample_rate
        )
    return loudness(heard.samples, heard.sample_rate), peak


def mp3_duration(path: Path) -> float:
    """Return the duration in seconds that the MP3's header states."""
    return float(MP3(path).info.length)


def read_mp3(path: Path) -> Clip:
    """Decode an MP3 file to a mono clip (to join cached clips into the essay)."""
    samples, rate = sf.read(path, dtype="float32", always_2d=True)
    return Clip(samples.mean(axis=1).astype(np.float32), rate)
