"""The whole essay as one MP3 with ID3 chapters, plus a WebVTT chapters file for the web player."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags

from .encode import atomic_target, mp3_duration, read_mp3, write_mp3
from .engine import SAMPLE_RATE, Clip

ESSAY_VERSION = 1
SLIDE_GAP = 1.0  # seconds of silence between slides
NO_OFFSET = 0xFFFFFFFF  # ID3 CHAP: "byte offsets not given; use the times"


@dataclass(frozen=True)
class EssayEntry:
    """The essay MP3 and its WebVTT chapters, paths relative to the output folder."""

    file: str
    chapters: str
    duration: float


@dataclass(frozen=True)
class Chapter:
    """One spoken slide in the essay: its title and clip, and the audio if already in memory."""

    title: str
    file: str
    clip: Clip | None = None


def essay_name(deck_title: str, chapters: list[Chapter]) -> str:
    """Return the essay's base name: a hash of the clip names and chapter titles."""
    key = [ESSAY_VERSION, SLIDE_GAP, deck_title, [(c.title, c.file) for c in chapters]]
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


def build_essay(out_dir: Path, deck_title: str, chapters: list[Chapter]) -> EssayEntry | None:
    """Encode the essay once from every clip's samples; reuse it when no clip changed."""
    if not chapters:
        return None
    name = essay_name(deck_title, chapters)
    mp3, vtt = out_dir / "narration" / f"{name}.mp3", out_dir / "narration" / f"{name}.vtt"
    if not (mp3.is_file() and vtt.is_file()):
        clips = [c.clip or read_mp3(out_dir / c.file) for c in chapters]
        clips = [clip.resampled(SAMPLE_RATE) for clip in clips]
        times = chapter_times([len(clip.samples) for clip in clips])
        titles = [c.title for c in chapters]
        write_mp3(Clip.join(clips, SLIDE_GAP), mp3, _tags(deck_title, titles, times))
        with atomic_target(vtt) as temporary:
            temporary.write_text(webvtt(titles, times), encoding="utf-8")
    relative = f"narration/{mp3.name}", f"narration/{vtt.name}"
    return EssayEntry(relative[0], relative[1], mp3_duration(mp3))
