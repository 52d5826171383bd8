"""Streaming narration: a clip spooled on disk comes out as the in-memory path made it, leaves
no file behind on success or failure, and the renderer's memory does not grow with the text."""

from __future__ import annotations

import errno
import math
import os
import subprocess
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from app.narration.encode import AIM, mp3_blocks, mp3_duration, read_mp3, write_measured
from app.narration.essay import Chapter, build_essay
from app.narration.interface import SAMPLE_RATE, Clip
from app.narration.loudness import CEILING, finish, loudness, true_peak
from app.narration.piper import PiperEngine
from app.narration.render import (
    CLAUSE_GAP,
    LEAD_IN,
    PART_GAP,
    SENTENCE_GAP,
    TAIL,
    _piece,
    render,
)
from app.narration.script import Sentence
from app.narration.sentences import split_long
from app.takeaway.overlay import cbr_mp3
from tests.test_build_output import mount_tmpfs

RATE = SAMPLE_RATE
TEXTS = [
    ("caption", "The guard walked past the old wall near the station, while people waited."),
    (
        "caption",
        "A long grey column of soldiers marched past the reviewing stand; nobody spoke, and the "
        "band played on and on without a pause for breath or a change of tune.",
    ),
    ("caption", "Nobody was allowed to take pictures here!"),
    (
        "description",
        "The photographer kept the camera low, pretending to check its settings, and shot from "
        "the hip as the bus rolled on.",
    ),
    ("description", "It was a quiet morning."),
]
SENTENCES = [Sentence(part, text, tuple(split_long(text, 12))) for part, text in TEXTS]


class Replay:
    """A real engine heard once per text: both paths get the very same pieces."""

    name, voice, phonemes = "replay", "joe", True

    def __init__(self, engine):
        self.engine = engine
        self.heard: dict[str, Clip] = {}

    def identity(self) -> dict:
        return {"engine": "replay"}

    def synthesize(self, text: str) -> Clip:
        if text not in self.heard:
            self.heard[text] = self.engine.synthesize(text)
        return self.heard[text]


@pytest.fixture(scope="module")
def piper() -> Replay:
    return Replay(PiperEngine(noise=0.0))


def in_memory(engine, sentences: list[Sentence], target: float):
    """The previous path: the whole clip joined in memory, then loudness.finish on all of it."""
    parts, times, position = [np.zeros(round(LEAD_IN * RATE), np.float32)], [], 0
    position = len(parts[0])
    for index, sentence in enumerate(sentences):
        if index:
            gap = PART_GAP if sentence.part != sentences[index - 1].part else SENTENCE_GAP
            parts.append(np.zeros(round(gap * RATE), np.float32))
            position += len(parts[-1])
        start = position
        for number, text in enumerate(sentence.pieces):
            if number:
                parts.append(np.zeros(round(CLAUSE_GAP * RATE), np.float32))
                position += len(parts[-1])
            parts.append(_piece(engine, text, target))
            position += len(parts[-1])
        times.append((start / RATE, position / RATE))
    parts.append(np.zeros(round(TAIL * RATE), np.float32))
    return finish(np.concatenate(parts), RATE, target), times


def spool_fds(folder: Path) -> list[str]:
    """Return the open files of this process that live in `folder` (a spool left open)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


@pytest.mark.parametrize("target", [-16.0, -12.0])  # -12 LUFS drives the limiter hard
def test_streamed_clip_matches_the_in_memory_path(piper, tmp_path, target):
    reference, times = in_memory(piper, SENTENCES, target)
    with render(piper, SENTENCES, target, tmp_path) as rendered:
        streamed = np.concatenate(list(rendered.audio.blocks(5000)))
        timings = [(t.start, t.end) for t in rendered.timings]
    assert len(streamed) == len(reference) > 8 * 65536  # many blocks, not one
    assert timings == times
    assert loudness(streamed, RATE) == pytest.approx(loudness(reference, RATE), abs=0.02)
    assert true_peak(streamed, RATE) <= CEILING + 0.01
    assert true_peak(streamed, RATE) == pytest.approx(true_peak(reference, RATE), abs=0.05)
    residual = np.sqrt(np.mean((streamed - reference) ** 2) / np.mean(reference**2))
    assert 20 * math.log10(residual) < -40  # the same signal, but for the limiter's seams
    if target == -12.0:  # the limiter really worked: it took loudness away
        assert loudness(streamed, RATE) < target - 0.3


def test_streamed_mp3_measures_like_the_in_memory_clip(piper, tmp_path):
    reference, _ = in_memory(piper, SENTENCES, -16.0)
    expected = write_measured(Clip(reference, RATE), tmp_path / "memory.mp3")
    with render(piper, SENTENCES, -16.0, tmp_path) as rendered:
        heard = write_measured(rendered.audio, tmp_path / "stream.mp3")
        frames = rendered.audio.frames
    assert heard[0] == pytest.approx(expected[0], abs=0.05)
    assert heard[1] == pytest.approx(expected[1], abs=0.1) and heard[1] <= AIM
    assert len(read_mp3(tmp_path / "stream.mp3").samples) == frames == len(reference)
    assert mp3_duration(tmp_path / "stream.mp3") == mp3_duration(tmp_path / "memory.mp3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.mp3", "stream.mp3"]
    assert spool_fds(tmp_path) == []


@pytest.mark.parametrize("size", [1000, 1152, 65536])
def test_mp3_blocks_decode_like_one_whole_read(piper, tmp_path, size, capfd):
    samples, _ = in_memory(piper, SENTENCES[:2], -16.0)
    path = tmp_path / "a.mp3"
    write_measured(Clip(samples, RATE), path)
    whole, _ = sf.read(path, dtype="float32")
    blocks = list(mp3_blocks(path, size))
    assert {len(b) for b in blocks[:-1]} == {size}
    assert np.max(np.abs(np.concatenate(blocks) - whole)) < 1e-6
    assert len(np.concatenate(blocks)) == len(whole)
    assert "libmpg123" not in capfd.readouterr().err  # a seek between reads garbles frames


class Failing:
    """Speaks a few pieces, then fails like an engine that crashed mid-clip."""

    name, voice, phonemes = "failing", "none", False

    def __init__(self, engine, after: int):
        self.engine, self.after, self.calls = engine, after, 0

    def synthesize(self, text: str) -> Clip:
        self.calls += 1
        if self.calls > self.after:
            raise RuntimeError("engine crashed")
        return self.engine.synthesize(text)


def test_a_failed_clip_leaves_no_spool_behind(piper, tmp_path):
    with pytest.raises(RuntimeError, match="engine crashed"):
        render(Failing(piper, after=4), SENTENCES, -16.0, tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert spool_fds(tmp_path) == []


def test_a_failed_measurement_frees_its_spools(piper, tmp_path, monkeypatch):
    samples, _ = in_memory(piper, SENTENCES[:1], -16.0)

    def unreadable(path, size=0):
        raise OSError(5, "Input/output error")
        yield

    monkeypatch.setattr("app.narration.encode.mp3_blocks", unreadable)
    with pytest.raises(OSError, match="Input/output"):
        write_measured(Clip(samples, RATE), tmp_path / "a.mp3")  # spooled here, then encoded
    assert spool_fds(tmp_path) == []
    assert [p.name for p in tmp_path.iterdir()] == ["a.mp3"]


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 3 MB tmpfs (needs root, as CI runs): the kernel itself says the disk is full."""
    folder = tmp_path / "small"
    mount_tmpfs(folder, "3m")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_while_spooling_gives_the_space_back(piper, small_disk):
    long = Long(piper.synthesize(TEXTS[1][1]))  # 6 x 9 s: a 2 MB spool, then its levelled copy
    sentences = [Sentence("caption", f"Line {n}.", (f"Line {n}.",)) for n in range(6)]
    free = os.statvfs(small_disk).f_bfree
    with pytest.raises(OSError) as raised:
        render(long, sentences, -16.0, small_disk)
    assert raised.value.errno == errno.ENOSPC
    assert list(small_disk.iterdir()) == [] and spool_fds(small_disk) == []
    assert os.statvfs(small_disk).f_bfree == free  # the nameless spools are really gone


class Long:
    """Every piece is the same few seconds of real speech: length without synthesis time."""

    name, voice, phonemes = "long", "joe", True

    def __init__(self, speech: Clip):
        self.speech = speech

    def synthesize(self, text: str) -> Clip:
        return self.speech


def _peak_traced(step) -> int:
    """Return the peak of memory traced by tracemalloc (numpy buffers included) during `step`."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_working_memory_does_not_grow_with_length(piper, tmp_path):
    speech = Long(piper.synthesize(TEXTS[1][1]))  # ~9 s of real speech per piece
    peaks, seconds = {}, {}
    for count in (6, 60):
        folder = tmp_path / str(count)
        sentences = [
            Sentence("caption", f"Sentence {n}.", (f"Sentence {n}.",)) for n in range(count)
        ]

        def clip(sentences=sentences, folder=folder, count=count):
            with render(speech, sentences, -16.0, folder) as rendered:
                write_measured(rendered.audio, folder / "clip.mp3")
                seconds[count] = rendered.duration

        peaks[f"clip {count}"] = _peak_traced(clip)
        chapter = Chapter("One", "clip.mp3", 1, {"samples": round(seconds[count] * RATE)})
        peaks[f"essay {count}"] = _peak_traced(lambda f=folder, c=chapter: build_essay(f, "T", [c]))
        peaks[f"epub {count}"] = _peak_traced(
            lambda f=folder: cbr_mp3(f / "clip.mp3", f / "overlay.mp3")
        )
    long_clip = seconds[60] * RATE * 4  # bytes of the long clip as float32
    assert seconds[60] > 9 * seconds[6] and long_clip > 40e6
    for step in ("clip ", "essay ", "epub "):
        short, long = peaks[f"{step}6"], peaks[f"{step}60"]
        # Flat, not 10x: a few MB of blocks either way (the encode's second, limited pass may
        # run for one length and not the other: a step of ~2 MB, whatever the length).
        assert long < short + 3e6, (step, short, long)
        assert long < long_clip / 4, (step, long)  # the in-memory path held 2-3 copies
