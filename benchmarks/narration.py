"""Benchmark narration: the bundled deck cold and warm, and the memory of a 5,000-word caption.

Run: .venv/bin/python benchmarks/narration.py [deck folder] [--engine piper] [--skip-long]
Budgets (design.md section 5, issues 10 and 14): every clip -16 +/- 1 LUFS, spread <= 2 LU, true
peak <= -1 dBTP; real-time factor <= 0.05 cold on 2 cores; warm rebuild synthesizes nothing;
<= 6 KB per second of speech; peak RSS of `glimpse build` <= 1.5 GB with a 5,000-word caption.
The machine's 2 cores are shared with other work: say so when quoting the real-time factor.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf
import tomli_w

from app.deck import load_deck
from app.narration import narrate_deck
from app.narration.loudness import true_peak
from app.narration.piper import PiperEngine

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


def report_long(words: int = 5000) -> None:
    """Build a deck with one `words`-word caption in a child process; print its peak RSS."""
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content" / "long"
        content.mkdir(parents=True)
        deck = {
            "title": "Long",
            "credit": "Benchmark",
            "slides": [{"heading": "Long", "caption": long_caption(words)}],
        }
        (content / "deck.toml").write_text(tomli_w.dumps(deck), encoding="utf-8")
        env = {
            **os.environ,
            "GLIMPSE_CONTENT_DIR": str(content.parent),
            "GLIMPSE_OUTPUT_DIR": str(Path(folder) / "out"),
        }
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "build", "--no-progress"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"long caption: {words} words, build exit {done.returncode} in {seconds:.1f} s")
    print(done.stdout.strip() or done.stderr.strip()[-400:])
    print(f"peak RSS of `glimpse build`: {peak_mb:.0f} MB (budget 1536 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=ROOT / "content" / "north-korea")
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--skip-long", action="store_true", help="Skip the 5,000-word build.")
    args = parser.parse_args()
    if not args.skip_long:
        report_long()  # first, so the child's peak is not mixed with anything else
    report_deck(args.deck, args.engine)


if __name__ == "__main__":
    main()
