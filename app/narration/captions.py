"""WebVTT captions (one cue per displayed sentence) and the timing record kept beside a clip.

The record (`<clip>.json`) lets a warm rebuild report every sentence's times, the clip's
loudness and pace without synthesizing or decoding anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .encode import atomic_target


def timestamp(seconds: float) -> str:
    """Return a WebVTT time stamp (hh:mm:ss.mmm) for `seconds`."""
    ms = max(0, round(seconds * 1000))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def cue_text(text: str) -> str:
    """Return `text` safe inside a cue: one line, and `&`, `<`, `>` escaped as WebVTT asks."""
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def captions_vtt(sentences: list[dict]) -> str:
    """Return a WebVTT file with one cue per sentence record (`start`, `end`, `text`)."""
    cues = [
        f"{timestamp(s['start'])} --> {timestamp(s['end'])}\n{cue_text(s['text'])}"
        for s in sentences
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically."""
    with atomic_target(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def record_path(out_dir: Path, clip_file: str) -> Path:
    """Return where the timing record of `clip_file` lives."""
    return (out_dir / clip_file).with_suffix(".json")


def captions_file(clip_file: str) -> str:
    """Return the captions file name for `clip_file` (relative to the output folder)."""
    return clip_file.removesuffix(".mp3") + ".vtt"


def read_record(out_dir: Path, clip_file: str) -> dict | None:
    """Return a clip's timing record, or None when it (or its captions or audio) is missing."""
    path = record_path(out_dir, clip_file)
    if not ((out_dir / clip_file).is_file() and (out_dir / captions_file(clip_file)).is_file()):
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_record(out_dir: Path, clip_file: str, record: dict) -> None:
    """Write a clip's captions, then its record (last: its presence means the clip is whole)."""
    write_text(out_dir / captions_file(clip_file), captions_vtt(record["sentences"]))
    write_text(record_path(out_dir, clip_file), json.dumps(record, ensure_ascii=False))
