"""The whole essay as one MP3 with ID3 chapters, plus a WebVTT chapters file for the web player.

The clips are decoded one block at a time into a spool on disk (measured on the way), then the
spool is encoded at the essay's gain: memory stays flat however long the essay.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags

from .captions import captions_vtt, write_text
from .encode import mp3_blocks, mp3_duration, write_measured
from .interface import SAMPLE_RATE
from .loudness import CEILING
from .meter import Meter
from .spool import Spool

ESSAY_VERSION = 3  # 2: levelled to the deck's loudness; sentence captions; 3: LAME -V 5.5
SLIDE_GAP = 1.0  # seconds of silence between slides
NO_OFFSET = 0xFFFFFFFF  # ID3 CHAP: "byte offsets not given; use the times"


@dataclass(frozen=True)
class EssayEntry:
    """The essay MP3 and its WebVTT chapters, paths relative to the output folder."""

    file: str
    chapters: str
    duration: float
    captions: str | None = None
    sentences: list[dict] = field(default_factory=list)
    chapter_starts: list[dict] = field(default_factory=list)
    loudness: float | None = None
    true_peak: float | None = None


@dataclass(frozen=True)
class Chapter:
    """One spoken slide in the essay: its title, clip file and timing record (with `samples`)."""

    title: str
    file: str
    slide: int = 0
    record: dict = field(default_factory=dict)


def essay_name(deck_title: str, chapters: list[Chapter], target: float = -16.0) -> str:
    """Return the essay's base name: a hash of the clip names, chapter titles and loudness."""
    key = [ESSAY_VERSION, SLIDE_GAP, target, deck_title, [(c.title, c.file) for c in chapters]]
    digest = hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()
    return f"essay-{digest[:16]}"


def _timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def chapter_times(lengths: list[int], rate: int = SAMPLE_RATE) -> list[tuple[int, int]]:
    """Return contiguous (start ms, end ms) per clip; each chapter keeps the pause after it."""
    gap = round(SLIDE_GAP * rate)
    starts, position = [], 0
    for length in lengths:
        starts.append(position)
        position += length + gap
    total = position - gap if lengths else 0
    bounds = [*starts[1:], total]
    return [
        (round(s * 1000 / rate), round(e * 1000 / rate))
        for s, e in zip(starts, bounds, strict=True)
    ]


def _tags(deck_title: str, titles: list[str], times: list[tuple[int, int]]) -> ID3:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[deck_title]))
    ids = [f"chp{n}" for n in range(1, len(titles) + 1)]
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=[deck_title])],
        )
    )
    for element_id, title, (start, end) in zip(ids, titles, times, strict=True):
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=start,
                end_time=end,
                start_offset=NO_OFFSET,
                end_offset=NO_OFFSET,
                sub_frames=[TIT2(encoding=3, text=[title])],
            )
        )
    return tags


def webvtt(titles: list[str], times: list[tuple[int, int]]) -> str:
    """Return a WebVTT chapters track: one cue per chapter."""
    cues = [
        f"{_timestamp(s)} --> {_timestamp(e)}\n{t}" for t, (s, e) in zip(titles, times, strict=True)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _sentences(chapters: list[Chapter], times: list[tuple[int, int]]) -> list[dict]:
    """Return every clip's sentences with times moved to where the clip starts in the essay."""
    found = []
    for chapter, (start_ms, _) in zip(chapters, times, strict=True):
        offset = start_ms / 1000
        for sentence in chapter.record.get("sentences", []):
            start, end = sentence["start"] + offset, sentence["end"] + offset
            found.append({**sentence, "start": round(start, 3), "end": round(end, 3)})
            found[-1]["slide"] = chapter.slide
    return found


def _level(loudness: float, peak: float, target: float) -> float:
    """Return the gain (dB) that moves the joined essay to `target` LUFS (so chapters stay where
    they are); never raise it past the true-peak ceiling (its clips are already at the target)."""
    change = target - loudness
    if change > 0:
        change = max(0.0, min(change, CEILING - peak))
    return change


def _clip_blocks(out_dir: Path, chapter: Chapter, length: int):
    """Yield a chapter's samples, exactly `length` of them (cut, or padded with silence)."""
    left = length
    for block in mp3_blocks(out_dir / chapter.file):
        if left <= 0:
            break
        yield block[:left]
        left -= len(block[:left])
    if left > 0:
        yield np.zeros(left, np.float32)


def _join(out_dir: Path, chapters: list[Chapter], lengths: list[int], joined: Spool) -> Meter:
    """Write the clips with a pause between them to `joined`; return a meter that measured it."""
    meter = Meter(SAMPLE_RATE)
    pause = np.zeros(round(SLIDE_GAP * SAMPLE_RATE), np.float32)
    for index, (chapter, length) in enumerate(zip(chapters, lengths, strict=True)):
        parts = _clip_blocks(out_dir, chapter, length)
        for block in [pause, *parts] if index else parts:
            joined.write(block)
            meter.feed(block)
    return meter


def _encode(out_dir: Path, base: Path, deck_title: str, chapters: list[Chapter], target: float):
    """Join the clips once, level the whole, and write the MP3, its chapters and its record."""
    lengths = [int(c.record["samples"]) for c in chapters]
    times = chapter_times(lengths)
    titles = [c.title for c in chapters]
    with Spool(base.parent, SAMPLE_RATE) as joined:
        meter = _join(out_dir, chapters, lengths, joined)
        joined.gain = 10 ** (_level(meter.loudness(), meter.true_peak(), target) / 20)
        tags = _tags(deck_title, titles, times)
        heard = write_measured(joined, base.with_suffix(".mp3"), tags)
    record = {
        "loudness": round(heard[0], 2),
        "true_peak": round(heard[1], 2),
        "times": times,
    }
    write_text(base.with_suffix(".vtt"), webvtt(titles, times))
    write_text(base.with_suffix(".captions.vtt"), captions_vtt(_sentences(chapters, times)))
    write_text(base.with_suffix(".json"), json.dumps(record))


def build_essay(
    out_dir: Path, deck_title: str, chapters: list[Chapter], target: float = -16.0
) -> EssayEntry | None:
    """Encode the essay once from every clip's samples; reuse it when no clip changed."""
    if not chapters:
        return None
    name = essay_name(deck_title, chapters, target)
    base = out_dir / "narration" / name
    files = [base.with_suffix(s) for s in (".mp3", ".vtt", ".captions.vtt", ".json")]
    if not all(path.is_file() for path in files):
        _encode(out_dir, base, deck_title, chapters, target)
    record = json.loads(files[3].read_text(encoding="utf-8"))
    times = [(int(s), int(e)) for s, e in record["times"]]
    starts = [
        {"slide": c.slide, "title": c.title, "start": s / 1000, "end": e / 1000}
        for c, (s, e) in zip(chapters, times, strict=True)
    ]
    relative = [f"narration/{path.name}" for path in files]
    return EssayEntry(
        relative[0],
        relative[1],
        mp3_duration(files[0]),
        captions=relative[2],
        sentences=_sentences(chapters, times),
        chapter_starts=starts,
        loudness=record["loudness"],
        true_peak=record["true_peak"],
    )
