"""Benchmark narration of the bundled deck: cold build, warm rebuild, bytes per second.

Run: .venv/bin/python benchmarks/narration.py [deck folder] [--engine piper]
Budgets (design.md section 5): real-time factor <= 0.1 on 2 cores; warm rebuild synthesizes
nothing; <= 6 KB per second of speech.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from app.deck import load_deck
from app.narration import narrate_deck
from app.narration.piper import PiperEngine

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=ROOT / "content" / "north-korea")
    parser.add_argument("--engine", default="piper")
    args = parser.parse_args()
    deck = load_deck(args.deck)
    started = time.perf_counter()
    PiperEngine()  # load and verify the voice outside the timed build, as a warm server would
    print(f"voice load + digest check: {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        started = time.perf_counter()
        cold = narrate_deck(deck, out, engine=args.engine, progress=False)
        cold_seconds = time.perf_counter() - started
        started = time.perf_counter()
        warm = narrate_deck(deck, out, engine=args.engine, progress=False)
        warm_seconds = time.perf_counter() - started
        clip_bytes = sum((out / c.file).stat().st_size for c in cold.clips if c)
        essay_bytes = (out / cold.essay.file).stat().st_size
    audio = cold.audio_seconds
    print(f"deck: {deck.slug}, {len(deck.slides)} slides, {os.cpu_count()} CPUs")
    print(cold.summary())
    print(f"cold build: {cold_seconds:.2f} s for {audio:.1f} s of audio")
    print(f"real-time factor (synthesis / audio): {cold.synthesis_seconds / audio:.3f}")
    print(f"real-time factor (whole cold build / audio): {cold_seconds / audio:.3f}")
    print(f"warm rebuild: {warm_seconds:.2f} s, synthesized {warm.synthesized_count}")
    print(f"clip bytes: {clip_bytes} ({clip_bytes / audio / 1024:.2f} KB per second of audio)")
    print(
        f"essay: {essay_bytes} bytes, {cold.essay.duration:.1f} s "
        f"({essay_bytes / cold.essay.duration / 1024:.2f} KB/s)"
    )


if __name__ == "__main__":
    main()
