"""MP3 encoding and decoding: mono, 22.05 kHz, VBR through libsndfile/LAME, written atomically.

Both directions go block by block, so no clip is ever whole in memory (see spool.py).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from .interface import SAMPLE_RATE, Clip
from .loudness import CEILING
from .meter import Meter, chunks
from .spool import BLOCK, Spool
from .stream import copy_limited

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
    write_blocks(chunks(clip.resampled(SAMPLE_RATE).samples), path, tags)


def write_blocks(
    blocks: Iterable[np.ndarray], path: Path, tags: ID3 | None = None, settings: dict | None = None
) -> None:
    """Encode mono `blocks` at 22.05 kHz to `path` atomically (MP3_SETTINGS unless given)."""
    with atomic_target(path) as temporary:
        with sf.SoundFile(temporary, "w", SAMPLE_RATE, 1, **(settings or MP3_SETTINGS)) as stream:
            for block in blocks:
                stream.write(np.clip(block, -1.0, 1.0))
        if tags is not None:
            tags.save(temporary)


BUDGET = -1.0
"""dBTP no published file may exceed, measured on the decoded MP3."""
AIM = BUDGET - 0.1
"""dBTP a decoded file is encoded again above: another decoder or meter may read a hair higher."""


def write_measured(audio: Clip | Spool, path: Path, tags: ID3 | None = None) -> tuple[float, float]:
    """Encode `audio`, then measure the decoded file: return (LUFS, dBTP) as listeners get them.

    The encoder can push a peak up by a fraction of a dB; when the decoded file breaks the
    budget, the audio is limited further where the decoded file peaks and encoded again.
    A spool is read at its gain and left open (the caller owns it); the limited versions are
    spooled beside `path` and freed here.
    """
    folder = path.parent
    if isinstance(audio, Clip):
        source = Spool.of(audio.resampled(SAMPLE_RATE).samples, folder, SAMPLE_RATE)
    else:
        source = audio
    try:
        for attempt in range(1, 6):
            write_blocks(source.blocks(BLOCK), path, tags)
            meter = Meter(SAMPLE_RATE)
            for block in mp3_blocks(path):
                meter.feed(block)
            peak = meter.true_peak()
            if peak <= AIM or meter.count != source.frames:
                break
            ceiling = CEILING - 0.25 * attempt  # each encode differs: aim a little lower each time
            limited, _ = copy_limited(source, folder, ceiling, mp3_blocks(path))
            if source is not audio:
                source.close()
            source = limited
    finally:
        if source is not audio:
            source.close()
    return meter.loudness(), peak


def mp3_duration(path: Path) -> float:
    """Return the duration in seconds that the MP3's header states."""
    return float(MP3(path).info.length)


class _Forward(sf.SoundFile):
    """A sound file read strictly forward.

    python-soundfile seeks to the current position around every read; libsndfile's MP3
    decoder restarts at a seek without its bit reservoir and garbles the next few frames (and
    libmpg123 prints errors). Saying the file cannot seek makes soundfile read without seeking.
    """

    def seekable(self) -> bool:
        return False


def mp3_blocks(path: Path, size: int = BLOCK) -> Iterator[np.ndarray]:
    """Yield the mono samples of an audio file at 22.05 kHz, `size` at a time, in order."""
    with _Forward(path) as stream:
        resampler = None
        if stream.samplerate != SAMPLE_RATE:
            resampler = soxr.ResampleStream(stream.samplerate, SAMPLE_RATE, 1, dtype="float32")
        buffer = np.empty((size, stream.channels), np.float32)
        while True:
            read = len(stream.read(size, out=buffer))
            mono = buffer[:read].mean(axis=1, dtype=np.float32)
            if resampler is not None:
                mono = resampler.resample_chunk(mono, last=read == 0)
            if len(mono):
                yield mono
            if not read:
                return


def read_mp3(path: Path) -> Clip:
    """Decode a (short) MP3 file to a mono clip in memory; long ones go through mp3_blocks."""
    samples, rate = sf.read(path, dtype="float32", always_2d=True)
    mono = samples[:, 0] if samples.shape[1] == 1 else samples.mean(axis=1, dtype=np.float32)
    return Clip(np.ascontiguousarray(mono), rate)
