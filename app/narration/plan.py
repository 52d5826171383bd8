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
from .captions import write_record
from .encode import MP3_SETTINGS, write_measured
from .interface import SAMPLE_RATE, Engine, EngineUnavailable
from .render import CLAUSE_GAP, LEAD_IN, PART_GAP, SENTENCE_GAP, TAIL, render
from .result import NarrationError
from .script import Sentence, slide_sentences, table_hash

FORMAT_VERSION = 3  # bump when anything below changes what a clip sounds like
# 2: sentence by sentence, levelled to a loudness target, true-peak limited, lead-in and tail,
#    normalised text, phonemes from the pronunciation table, long sentences cut at clauses
# 3: LAME -V 5.5 (was -V 5), loudness and true peak measured block by block


@dataclass(frozen=True)
class Job:
    """One slide's clip: what to speak and where it goes (relative to the output folder)."""

    number: int
    sentences: list[Sentence]
    file: str
    language: str
    loudness: float

    @property
    def segments(self) -> list[str]:
        """Every piece the engine is given, in order."""
        return [piece for sentence in self.sentences for piece in sentence.pieces]


def clip_name(sentences: list[Sentence], identity: dict, pronunciations: str, target: float) -> str:
    """Return `narration/<hash>.mp3` from everything that shapes the clip."""
    key = {
        "version": FORMAT_VERSION,
        "mp3": MP3_SETTINGS,
        "rate": SAMPLE_RATE,
        "gaps": [LEAD_IN, TAIL, CLAUSE_GAP, SENTENCE_GAP, PART_GAP],
        "engine": identity,
        "sentences": [[s.part, s.text, list(s.pieces)] for s in sentences],
        "pronunciations": pronunciations,
        "loudness": target,
    }
    encoded = json.dumps(key, sort_keys=True, ensure_ascii=False).encode()
    return f"narration/{hashlib.sha256(encoded).hexdigest()[:16]}.mp3"


def plan(deck: Deck, engine: Engine) -> list[Job | None]:
    """Return one job per slide, None where nothing is spoken."""
    identity, table = engine.identity(), table_hash(deck.model.pronunciations)
    phonemes, target = getattr(engine, "phonemes", False), deck.model.narration.loudness
    jobs: list[Job | None] = []
    for number, slide in enumerate(deck.slides, start=1):
        sentences = slide_sentences(deck, slide, phonemes)
        language = slide.lang or deck.model.language
        name = clip_name(sentences, identity, table, target)
        jobs.append(Job(number, sentences, name, language, target) if sentences else None)
    return jobs


def _speak(engine: Engine, job: Job, out_dir: Path, stop: threading.Event) -> int | None:
    """Synthesize one slide sentence by sentence, write its MP3, captions and record.

    Returns the clip's length in samples (the audio is spooled on disk, never whole in memory),
    or None without speaking once another slide has failed (`stop` is set).
    """
    if stop.is_set():
        return None
    target = out_dir / job.file
    with render(engine, job.sentences, job.loudness, target.parent) as rendered:
        heard_loudness, heard_peak = write_measured(rendered.audio, target)
    record = {
        "samples": rendered.audio.frames,
        "sentences": [
            {
                "start": round(t.start, 3),
                "end": round(t.end, 3),
                "text": t.sentence.text,
                "part": t.sentence.part,
            }
            for t in rendered.timings
        ],
        "loudness": round(heard_loudness, 2),
        "true_peak": round(heard_peak, 2),
        "wpm": round(rendered.wpm, 1),
        "language": job.language,
    }
    write_record(out_dir, job.file, record)
    return record["samples"]


def synthesize_all(
    engine: Engine, jobs: list[Job], out_dir: Path, workers: int, show: bool
) -> dict[int, int]:
    """Synthesize `jobs` in parallel; after a failure, let running jobs finish, then raise.

    EngineUnavailable passes through (the caller may fall back); other errors become
    NarrationError naming the slide. Queued jobs are skipped through an event rather than
    cancelled, because as_completed never returns for futures cancelled by shutdown().
    """
    clips: dict[int, int] = {}
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
