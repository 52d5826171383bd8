"""Benchmark narration: the bundled deck cold and warm, and `glimpse build`'s memory by text length.

Run: .venv/bin/python benchmarks/narration.py [deck folder] [--engine piper] [--skip-long]
     [--skip-deck] [--words 1000 5000 20000]
Budgets (design.md section 5, issues 10 and 14): every clip -16 +/- 1 LUFS, spread <= 2 LU, true
peak <= -1 dBTP; real-time factor <= 0.05 cold on 2 cores; warm rebuild synthesizes nothing;
<= 6 KB per second of speech; peak RSS of `glimpse build` <= 1.5 GB for a deck with one caption
of any length (--words, default 1,000, 5,000 and 20,000 words), growing by about nothing per
minute of audio (the slope printed last). Synthesis runs ~15x faster than real time on 2 shared
cores: 20,000 words (~2 hours of audio) take ~8 minutes.
The machine's 2 cores are shared with other work: say so when quoting the real-time factor.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
import tomli_w

from app.deck import load_deck
from app.narration import narrate_deck
from app.narration.loudness import true_peak
from app.narration.piper import PiperEngine
from app.publish import load_published

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "the",
    "guard",
    "walked",
    "past",
    "the",
    "old",
    "wall",
    "near",
    "the",
    "station",
    "while",
    "people",
    "waited",
    "in",
    "the",
    "cold",
]


def lead_in(path: Path) -> float:
    """Return seconds before the first 5 ms frame louder than -52 dBFS in the decoded file."""
    samples, rate = sf.read(path, dtype="float32")
    size = round(0.005 * rate)
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    loud = np.flatnonzero(20 * np.log10(np.sqrt(np.mean(frames**2, axis=1)) + 1e-12) > -52)
    return loud[0] * 0.005 if len(loud) else float("nan")


def report_deck(deck_folder: Path, engine: str) -> None:
    deck = load_deck(deck_folder)
    started = time.perf_counter()
    PiperEngine()  # load and verify the voice outside the timed build, as a warm server would
    print(f"voice load + digest check: {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        started = time.perf_counter()
        cold = narrate_deck(deck, out, engine=engine, progress=False)
        cold_seconds = time.perf_counter() - started
        started = time.perf_counter()
        warm = narrate_deck(deck, out, engine=engine, progress=False)
        warm_seconds = time.perf_counter() - started
        clips = [c for c in cold.clips if c]
        clip_bytes = sum((out / c.file).stat().st_size for c in clips)
        essay_bytes = (out / cold.essay.file).stat().st_size
        leads = [lead_in(out / c.file) for c in clips]
        decoded = [true_peak(*sf.read(out / c.file, dtype="float32")) for c in clips]
    audio = cold.audio_seconds
    levels = [c.loudness for c in clips]
    print(f"deck: {deck.slug}, {len(deck.slides)} slides, {os.cpu_count()} CPUs (shared)")
    print(cold.summary())
    print(
        f"loudness: min {min(levels):.2f}, max {max(levels):.2f}, spread "
        f"{max(levels) - min(levels):.2f} LU; essay {cold.essay.loudness:.2f} LUFS"
    )
    print(
        f"true peak: max {max(c.true_peak for c in clips):.2f} dBTP; "
        f"essay {cold.essay.true_peak:.2f} dBTP"
    )
    print(f"true peak re-measured on the decoded clips: max {max(decoded):.2f} dBTP")
    print(f"lead-in: min {min(leads) * 1000:.0f} ms, max {max(leads) * 1000:.0f} ms")
    wpms = [c.wpm for c in clips]
    print(f"pace: deck {cold.wpm:.0f} wpm (clips {min(wpms):.0f} to {max(wpms):.0f})")
    print(f"cold build: {cold_seconds:.2f} s for {audio:.1f} s of audio")
    print(f"real-time factor (synthesis / audio, cold): {cold.synthesis_seconds / audio:.3f}")
    print(f"real-time factor (whole cold build / audio): {cold_seconds / audio:.3f}")
    print(f"warm rebuild: {warm_seconds:.2f} s, synthesized {warm.synthesized_count}")
    print(f"clip bytes: {clip_bytes} ({clip_bytes / audio / 1024:.2f} KB per second of audio)")
    print(
        f"essay: {essay_bytes} bytes, {cold.essay.duration:.1f} s "
        f"({essay_bytes / cold.essay.duration / 1024:.2f} KB/s)"
    )


def long_caption(words: int) -> str:
    """Return `words` words with a comma now and then and no full stop (the worst case)."""
    rng = random.Random(14)
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(w + ("," if rng.random() < 0.06 else "") for w in chosen).capitalize()


@dataclass(frozen=True)
class LongBuild:
    """One build of a deck with a single long caption: its peak RSS and what it made."""

    words: int
    peak_mb: float
    audio_seconds: float
    seconds: float
    exit_code: int
    output: str


def _long_deck(content: Path, words: int) -> None:
    content.mkdir(parents=True)
    deck = {
        "title": "Long",
        "credit": "Benchmark",
        "slides": [{"heading": "Long", "caption": long_caption(words)}],
    }
    (content / "deck.toml").write_text(tomli_w.dumps(deck), encoding="utf-8")


def _audio_seconds(out: Path) -> float:
    """Return the built clip's duration from the published manifest (0 when nothing was built)."""
    published = load_published(out, "long")
    if published is None or published.manifest is None:
        return 0.0
    clips = published.manifest.narration.get("clips") or []
    return sum(clip["duration"] for clip in clips if clip)


def build_long(words: int) -> LongBuild:
    """Build a deck with one `words`-word caption in a child process; measure its peak RSS.

    os.wait4 gives the child's own rusage (ru_maxrss: its largest resident set, in KB on
    Linux), so each size is measured apart from the others and from this process.
    """
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        _long_deck(content / "long", words)
        out = Path(folder) / "out"
        env = {**os.environ, "GLIMPSE_CONTENT_DIR": str(content), "GLIMPSE_OUTPUT_DIR": str(out)}
        started = time.perf_counter()
        with open(Path(folder) / "log", "w+", encoding="utf-8") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "build", "--no-progress"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            log.seek(0)
            output = log.read().strip()
        seconds = time.perf_counter() - started
        audio = _audio_seconds(out)
    return LongBuild(words, usage.ru_maxrss / 1024, audio, seconds, child.returncode, output)


def slope(builds: list[LongBuild]) -> float:
    """Return the least-squares slope of peak RSS (MB) against audio length (minutes)."""
    points = [(b.audio_seconds / 60, b.peak_mb) for b in builds if b.audio_seconds]
    if len(points) < 2:
        return float("nan")
    minutes, peaks = np.array(points).T
    return float(np.polyfit(minutes, peaks, 1)[0])


def report_long(sizes: list[int]) -> None:
    """Print peak RSS of `glimpse build` per caption length, and its slope per minute of audio."""
    builds = []
    for words in sizes:
        build = build_long(words)
        builds.append(build)
        minutes = build.audio_seconds / 60
        print(
            f"long caption: {words} words, {minutes:.1f} min of audio, build exit "
            f"{build.exit_code} in {build.seconds:.0f} s: peak RSS {build.peak_mb:.0f} MB "
            f"(budget 1536 MB)"
        )
        if build.exit_code:
            print(build.output[-600:])
    print(f"peak RSS slope: {slope(builds):+.2f} MB per minute of audio (target: near 0)")
    print(json.dumps([b.__dict__ | {"output": None} for b in builds]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=ROOT / "content" / "north-korea")
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--skip-long", action="store_true", help="Skip the long-caption builds.")
    parser.add_argument("--skip-deck", action="store_true", help="Skip the bundled deck.")
    parser.add_argument(
        "--words",
        type=int,
        nargs="+",
        default=[1000, 5000, 20000],
        help="Caption lengths to build (words); each build is measured on its own.",
    )
    args = parser.parse_args()
    if not args.skip_long:
        report_long(args.words)
    if not args.skip_deck:
        report_deck(args.deck, args.engine)


if __name__ == "__main__":
    main()
