"""Narrate a deck: reuse cached clips, synthesize the rest, build the essay."""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..deck import Deck
from .captions import captions_file, read_record
from .encode import mp3_duration
from .engine import make_engine
from .essay import Chapter, build_essay
from .interface import Engine, EngineUnavailable
from .plan import Job, plan, synthesize_all
from .result import ClipEntry, NarrationError, NarrationResult
from .script import display_script

log = logging.getLogger(__name__)


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
            self.engine,
            voice=self.voice,
            language=self.language,
            speed=self.speed,
            tld=self.tld,
            noise=self.noise,
        )


def settings_for(
    deck: Deck, engine: str | None, voice: str | None, speed: float | None, noise: float | None
) -> Settings:
    """Merge the deck's narration table with overrides; a relative deck voice path is the deck's."""
    table = deck.model.narration
    deck_voice: str | Path | None = table.voice
    if isinstance(deck_voice, str) and deck_voice.endswith(".onnx"):
        deck_voice = deck.folder / deck_voice
    return Settings(
        engine=engine or table.engine,
        voice=voice if voice is not None else deck_voice,
        speed=speed if speed is not None else table.speed,
        tld=table.tld,
        noise=noise,
        language=deck.model.language,
    )


def _run(
    deck: Deck, out_dir: Path, engine: Engine, workers: int | None, show: bool
) -> NarrationResult:
    """Narrate the deck with one engine; raises EngineUnavailable for the caller to handle."""
    jobs = plan(deck, engine)
    todo = [job for job in jobs if job and read_record(out_dir, job.file) is None]
    count = workers or getattr(engine, "concurrency", 1)
    started = time.perf_counter()
    fresh = synthesize_all(engine, todo, out_dir, min(count, len(todo)), show) if todo else {}
    elapsed = time.perf_counter() - started
    clips: list[ClipEntry | None] = []
    chapters: list[Chapter] = []
    for job, slide in zip(jobs, deck.slides, strict=True):
        if job is None:
            clips.append(None)
            continue
        record = read_record(out_dir, job.file) or {}
        clips.append(
            _entry(job, record, out_dir, display_script(deck, slide), job.number not in fresh)
        )
        title = f"Slide {job.number}: {slide.heading}"
        chapters.append(Chapter(title, job.file, job.number, record))
    essay = build_essay(out_dir, deck.title, chapters, deck.model.narration.loudness)
    cached = sum(1 for clip in clips if clip and clip.cached)
    return NarrationResult(
        engine.name, engine.voice, engine.name, None, clips, essay, elapsed, cached
    )


def _entry(job: Job, record: dict, out_dir: Path, text: str, cached: bool) -> ClipEntry:
    """Return the manifest entry of a clip from its timing record."""
    return ClipEntry(
        job.file,
        mp3_duration(out_dir / job.file),
        text,
        cached=cached,
        sentences=record.get("sentences", []),
        captions=captions_file(job.file),
        loudness=record.get("loudness"),
        true_peak=record.get("true_peak"),
        wpm=record.get("wpm"),
        language=record.get("language"),
    )


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
    chosen = _make(settings) if engine is None or isinstance(engine, str) else engine
    try:
        return _run(deck, out_dir, chosen, workers, show)
    except EngineUnavailable as error:
        if chosen.name != "gtts":
            raise NarrationError(None, f"{chosen.name} unavailable: {error}") from error
        if strict:
            message = f"gTTS unreachable ({error}); strict mode forbids falling back to piper"
            raise NarrationError(None, message) from error
        log.warning("gTTS unreachable (%s); narrating the whole deck with piper instead", error)
        return _fallback(deck, out_dir, settings, workers, show, str(error))


def _make(settings: Settings) -> Engine:
    """Build the engine; a bad name, language or voice file becomes a NarrationError."""
    try:
        return settings.make()
    except ValueError as error:
        raise NarrationError(None, str(error)) from error
    except EngineUnavailable as error:
        raise NarrationError(None, f"{settings.engine} unavailable: {error}") from error


def _fallback(
    deck: Deck, out_dir: Path, settings: Settings, workers: int | None, show: bool, reason: str
) -> NarrationResult:
    """Narrate the whole deck with Piper after gTTS could not be reached."""
    piper = _make(dataclasses.replace(settings, engine="piper"))
    try:
        result = _run(deck, out_dir, piper, workers, show)
    except EngineUnavailable as error:
        raise NarrationError(None, f"piper unavailable: {error}") from error
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
