"""Plan a deck's clips (named by a hash of their inputs) and synthesize the missing ones."""

from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ..deck import Deck
from .encode import MP3_SETTINGS, write_mp3
from .engine import SAMPLE_RATE, Clip, Engine, EngineUnavailable
from .result import NarrationError
from .script import spoken_segments, table_hash

FORMAT_VERSION = 1  # bump when anything below changes what a clip sounds like
SEGMENT_GAP = 0.6  # seconds between caption and description


@dataclass(frozen=True)
class Job:
    """One slide's clip: what to speak and where it goes (relative to the output folder)."""

    number: int
    segments: list[str]
    file: str


def clip_name(segments: list[str], identity: dict, pronunciations: str) -> str:
    """Return `narration/<hash>.mp3` from everything that shapes the clip."""
    key = {
        "version": FORMAT_VERSION,
        "mp3": MP3_SETTINGS,
        "rate": SAMPLE_RATE,
        "gap": SEGMENT_GAP,
        "engine": identity,
        "segments": segments,
        "pronunciations": pronunciations,
    }
    encoded = json.dumps(key, sort_keys=True, ensure_ascii=False).encode()
    return f"narration/{hashlib.sha256(encoded).hexdigest()[:16]}.mp3"


def plan(deck: Deck, engine: Engine) -> list[Job | None]:
    """Return one job per slide, None where nothing is spoken."""
    identity, table = engine.identity(), table_hash(deck.model.pronunciations)
    jobs: list[Job | None] = []
    for number, slide in enumerate(deck.slides, start=1):
        segments = spoken_segments(deck, slide)
        jobs.append(
            Job(number, segments, clip_name(segments, identity, table)) if segments else None
        )
    return jobs


def _speak(engine: Engine, job: Job, out_dir: Path, stop: threading.Event) -> Clip | None:
    """Synthesize one slide, join its segments with a pause, and write its MP3.

    Returns None without speaking once another slide has failed (`stop` is set).
    """
    if stop.is_set():
        return None
    clip = Clip.join([engine.synthesize(text) for text in job.segments], SEGMENT_GAP)
    write_mp3(clip, out_dir / job.file)
    return clip


def synthesize_all(
    engine: Engine, jobs: list[Job], out_dir: Path, workers: int, show: bool
) -> dict[int, Clip]:
    """Synthesize `jobs` in parallel; after a failure, let running jobs finish, then raise.

    EngineUnavailable passes through (the caller may fall back); other errors become
    NarrationError naming the slide. Queued jobs are skipped through an event rather than
    cancelled, because as_completed never returns for futures cancelled by shutdown().
    """
    clips: dict[int, Clip] = {}
    failures: list[tuple[int, Exception]] = []
    stop = threading.Event()
    with (
        ThreadPoolExecutor(max_workers=max(1, workers)) as pool,
        tqdm(total=len(jobs), unit="clip", desc="Narrating", disable=not show) as bar,
    ):
        futures = {pool.submit(_speak, engine, j, out_dir, stop): j for j in jobs}
        for future in as_completed(futures):
            number = futures[future].number
            try:
                clip = future.result()
            except Exception as error:
                failures.append((number, error))
                stop.set()
                continue
            if clip is not None:
                clips[number] = clip
                bar.update()
    if failures:
        number, error = min(failures, key=lambda failure: failure[0])
        if isinstance(error, EngineUnavailable):
            raise error
        raise NarrationError(number, f"{engine.name} could not speak it: {error}") from error
    return clips
