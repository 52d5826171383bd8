"""Narrate a deck: plan one clip per slide, reuse cached clips, synthesize the rest, build the essay."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ..deck import Deck
from .encode import MP3_SETTINGS, mp3_duration, write_mp3
from .engine import SAMPLE_RATE, Clip, Engine, EngineUnavailable, make_engine
from .essay import Chapter, build_essay
from .result import ClipEntry, NarrationError, NarrationResult
from .script import display_script, spoken_segments, table_hash

FORMAT_VERSION = 1  # bump when anything below changes what a clip sounds like
SEGMENT_GAP = 0.6  # seconds between caption and description
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One slide's clip: what to speak and where it goes (relative to the output folder)."""

    number: int
    segments: list[str]
    file: str


def clip_name(segments: list[str], identity: dict, pronunciations: str) -> str:
    """Return `narration/<hash>.mp3` from everything that shapes the clip."""
    key = {
        "version": FORMAT_VERSION, "mp3": MP3_SETTINGS, "rate": SAMPLE_RATE, "gap": SEGMENT_GAP,
        "engine": identity, "segments": segments, "pronunciations": pronunciations,
    }
    encoded = json.dumps(key, sort_keys=True, ensure_ascii=False).encode()
    return f"narration/{hashlib.sha256(encoded).hexdigest()[:16]}.mp3"


def plan(deck: Deck, engine: Engine) -> list[Job | None]:
    """Return one job per slide, None where nothing is spoken."""
    identity, table = engine.identity(), table_hash(deck.model.pronunciations)
    jobs: list[Job | None] = []
    for number, slide in enumerate(deck.slides, start=1):
        segments = spoken_segments(deck, slide)
        jobs.append(Job(number, segments, clip_name(segments, identity, table)) if segments else None)
    return jobs


def _speak(engine: Engine, job: Job, out_dir: Path) -> Clip:
    """Synthesize one slide, join its segments with a pause, and write its MP3."""
    clip = Clip.join([engine.synthesize(text) for text in job.segments], SEGMENT_GAP)
    write_mp3(clip, out_dir / job.file)
    return clip


def synthesize_all(
    engine: Engine, jobs: list[Job], out_dir: Path, workers: int, show: bool
) -> dict[int, Clip]:
    """Synthesize `jobs` in parallel; on a failure, finish running jobs, then raise.

    EngineUnavailable passes through (the caller may fall back); other errors become
    NarrationError naming the slide.
    """
    clips: dict[int, Clip] = {}
    failure: tuple[Job, BaseException] | None = None
    with (
        ThreadPoolExecutor(max_workers=max(1, workers)) as pool,
        tqdm(total=len(jobs), unit="clip", desc="Narrating", disable=not show) as bar,
    ):
        futures: dict[Future[Clip], Job] = {pool.submit(_speak, engine, j, out_dir): j for j in jobs}
        for future in as_completed(futures):
            job = futures[future]
            if future.cancelled():
                continue
            try:
                clips[job.number] = future.result()
            except Exception as error:
                if failure is None or job.number < failure[0].number:
                    failure = (job, error)
                pool.shutdown(wait=False, cancel_futures=True)
            bar.update()
    if failure:
        job, error = failure
        if isinstance(error, EngineUnavailable):
            raise error
        raise NarrationError(job.number, f"{engine.name} could not speak it: {error}") from error
    return clips


@dataclass(frozen=True)
class Settings:
    """The deck's [narration] table with command-line overrides applied."""

    engine: str
    voice: str | Path | None
    speed: float
    tld: str
    noise: float | None
    language: str

    def make(self) -> Engine:
        """Build the engine these settings name."""
        return make_engine(
            self.engine, voice=self.voice, language=self.language, speed=self.speed,
            tld=self.tld, noise=self.noise,
        )


def settings_for(deck: Deck, engine: str | None, voice: str | None, speed: float | None,
                 noise: float | None) -> Settings:
    """Merge the deck's narration table with overrides; a relative deck voice path is the deck's."""
    table = deck.model.narration
    deck_voice: str | Path | None = table.voice
    if isinstance(deck_voice, str) and deck_voice.endswith(".onnx"):
        deck_voice = deck.folder / deck_voice
    return Settings(
        engine=engine or table.engine, voice=voice if voice is not None else deck_voice,
        speed=speed if speed is not None else table.speed, tld=table.tld, noise=noise,
        language=deck.model.language,
    )


def _run(deck: Deck, out_dir: Path, engine: Engine, workers: int | None, show: bool
         ) -> NarrationResult:
    """Narrate the deck with one engine; raises EngineUnavailable for the caller to handle."""
    jobs = plan(deck, engine)
    todo = [job for job in jobs if job and not (out_dir / job.file).is_file()]
    count = workers or getattr(engine, "concurrency", 1)
    started = time.perf_counter()
    fresh = synthesize_all(engine, todo, out_dir, min(count, len(todo)), show) if todo else {}
    elapsed = time.perf_counter() - started
    clips: list[ClipEntry | None] = []
    chapters: list[Chapter] = []
    for job, slide in zip(jobs, deck.slides):
        if job is None:
            clips.append(None)
            continue
        duration = mp3_duration(out_dir / job.file)
        text = display_script(deck, slide)
        clips.append(ClipEntry(job.file, duration, text, cached=job.number not in fresh))
        chapters.append(Chapter(f"Slide {job.number}: {slide.heading}", job.file, fresh.get(job.number)))
    essay = build_essay(out_dir, deck.title, chapters)
    cached = sum(1 for clip in clips if clip and clip.cached)
    return NarrationResult(engine.name, engine.voice, engine.name, None, clips, essay, elapsed, cached)


def narrate_deck(
    deck: Deck,
    out_dir: Path,
    *,
    engine: str | Engine | None = None,
    voice: str | None = None,
    speed: float | None = None,
    strict: bool = False,
    noise: float | None = None,
    progress: bool = True,
    workers: int | None = None,
) -> NarrationResult:
    """Narrate every slide into `out_dir/narration/`; options override the deck's settings.

    Never deletes anything and writes no manifest (the build does both). If gTTS cannot be
    reached, the whole deck is narrated with Piper instead (one engine per deck), unless `strict`.
    An `Engine` object may be passed instead of a name (tests use this).
    """
    settings = settings_for(deck, engine if isinstance(engine, str) else None, voice, speed, noise)
    show = progress and sys.stderr.isatty()
    try:
        chosen = engine if engine is not None and not isinstance(engine, str) else settings.make()
        return _run(deck, out_dir, chosen, workers, show)
    except EngineUnavailable as error:
        requested = settings.engine if chosen_name(engine) is None else chosen_name(engine)
        if requested != "gtts":
            raise NarrationError(None, f"{requested} unavailable: {error}") from error
        if strict:
            raise NarrationError(None, f"gTTS unreachable ({error}); strict mode forbids falling back to piper") from error
        log.warning("gTTS unreachable (%s); narrating the whole deck with piper instead", error)
        return _fallback(deck, out_dir, settings, workers, show, str(error))
    except ValueError as error:
        raise NarrationError(None, str(error)) from error


def chosen_name(engine: str | Engine | None) -> str | None:
    """Return the engine name an option asks for, if any."""
    return engine if isinstance(engine, str) or engine is None else engine.name


def _fallback(deck: Deck, out_dir: Path, settings: Settings, workers: int | None, show: bool,
              reason: str) -> NarrationResult:
    """Narrate the whole deck with Piper after gTTS failed."""
    try:
        result = _run(deck, out_dir, dataclasses.replace(settings, engine="piper").make(), workers, show)
    except EngineUnavailable as error:
        raise NarrationError(None, f"gTTS unreachable ({reason}) and piper unavailable: {error}") from error
    return dataclasses.replace(result, requested_engine="gtts", fallback_reason=reason)


def remove_stale(out_dir: Path, keep: set[str]) -> list[str]:
    """Delete files in `out_dir/narration` not named in `keep` (paths relative to `out_dir`)."""
    folder = out_dir / "narration"
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for path in sorted(folder.iterdir()):
        name = path.relative_to(out_dir).as_posix()
        if path.is_file() and name not in keep:
            path.unlink()
            removed.append(name)
    return removed
