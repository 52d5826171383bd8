"""Read-along latency: from a sentence boundary in the playing audio to the highlight changing.

Builds the bundled deck (unless --no-build), serves it, plays the listen page's whole-essay audio
in Chromium and, for each of N sentence boundaries, seeks to just before it and lets it play
across. A requestAnimationFrame loop in the page records every frame's time, the audio's
currentTime and the highlighted text. The boundary's wall-clock moment is estimated from the first
frame at or past it (frame time minus how far the audio already is past the boundary); the delay
is from there to the first frame whose highlight is the new sentence. For comparison it also
prints when the first `timeupdate` after each boundary fired (what a timeupdate-driven
highlight would wait for). Usage: python benchmarks/readalong.py [--no-build] [--boundaries N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
from itertools import pairwise
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from waitress.server import create_server

from app import create_app
from app.build import NarrationOptions, build
from app.config import from_environment
from app.publish import load_published
from app.readalong import valid_sentences

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for the shared browser flags
from tests.browser.conftest import CHROMIUM_ARGS

SLUG = "north-korea"
LEAD_IN = 0.4  # seconds of audio played before each boundary

# Records, from one frame after playback starts (so this loop runs after the read-along's own
# rAF callback in every frame and sees what that frame paints), each frame and each timeupdate.
RECORDER = """() => new Promise(ready => {
  const audio = document.getElementById('essay-audio');
  window.frames_ = []; window.updates_ = [];
  audio.addEventListener('timeupdate', () => window.updates_.push([performance.now(), audio.currentTime]));
  const text = () => { const h = CSS.highlights.get('readalong');
    return h && h.size ? [...h][0].toString() : null; };
  const frame = now => { window.frames_.push([now, audio.currentTime, text()]);
    requestAnimationFrame(frame); };
  requestAnimationFrame(() => { requestAnimationFrame(frame); ready(); });
})"""


def measure(page: Page, sentence: dict, rate: float) -> tuple[float, int, float, float] | None:
    """Return (delay ms, delay frames, first-timeupdate ms, median frame gap ms), or None."""
    page.evaluate("() => { window.frames_.length = 0; window.updates_.length = 0; }")
    page.evaluate(
        "t => { document.getElementById('essay-audio').currentTime = t; }",
        sentence["start"] - LEAD_IN,
    )
    page.wait_for_function("t => window.frames_.some(f => f[1] >= t + 0.3)", arg=sentence["start"])
    frames, updates = page.evaluate("() => [window.frames_, window.updates_]")
    after = [i for i, f in enumerate(frames) if f[1] >= sentence["start"]]
    lit = [i for i, f in enumerate(frames) if f[2] == sentence["text"]]
    if not after or not lit:
        return None
    crossing = frames[after[0]][0] - (frames[after[0]][1] - sentence["start"]) * 1000 / rate
    update = next((u[0] for u in updates if u[1] >= sentence["start"]), None)
    timeupdate_ms = update - crossing if update is not None else float("nan")
    gap = statistics.median(b[0] - a[0] for a, b in pairwise(frames))
    return frames[lit[0]][0] - crossing, lit[0] - after[0], timeupdate_ms, gap


def essay_sentences(output: Path) -> list[dict]:
    """Return the listen page's timed sentences with their texts, from the published manifest
    (the page carries only where each is shown: app/readalong_data.py)."""
    published = load_published(output, SLUG)
    assert published and published.manifest, "build the bundled deck first"
    return valid_sentences(published.manifest.narration["essay"]["sentences"])


def run(base: str, boundaries: int, sentences: list[dict]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # wait_for_function evaluates strings, which our strict CSP forbids; the bypass affects
        # only that, not what is measured.
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(f"{base}/{SLUG}/listen/")
        page.evaluate("() => document.getElementById('essay-audio').play()")
        page.wait_for_function("() => document.getElementById('essay-audio').currentTime > 0")
        page.evaluate(RECORDER)
        rate = page.evaluate("() => document.getElementById('essay-audio').playbackRate")
        step = max(1, (len(sentences) - 1) // boundaries)
        results = [measure(page, s, rate) for s in sentences[1::step][:boundaries]]
        browser.close()
    report([r for r in results if r is not None], len(results))


def report(results: list[tuple[float, int, float, float]], tried: int) -> None:
    if not results:
        print("no boundary measured: does the manifest have sentence timings?")
        return
    delays = sorted(r[0] for r in results)
    frames = sorted(r[1] for r in results)
    updates = sorted(r[2] for r in results)

    def p95(values: list) -> float:
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    gaps = [r[3] for r in results]
    print(
        f"boundaries measured: {len(results)} of {tried}; frame interval median "
        f"{statistics.median(gaps):.1f} ms"
    )
    print(
        f"boundary to highlight (rAF): median {statistics.median(delays):.1f} ms, "
        f"p95 {p95(delays):.1f} ms; in frames: median {statistics.median(frames):.0f}, "
        f"p95 {p95(frames)} after the first frame whose currentTime is past the boundary "
        f"(target: within one frame; the ms include how stale currentTime was in that frame)"
    )
    print(
        f"boundary to first timeupdate (what a timeupdate-driven highlight waits for): median "
        f"{statistics.median(updates):.1f} ms, p95 {p95(updates):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="use the existing output")
    parser.add_argument("--boundaries", type=int, default=40)
    args = parser.parse_args()
    config = from_environment()
    if not args.no_build:
        build(config, NarrationOptions(progress=False))
    server = create_server(create_app(config), host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        sentences = essay_sentences(Path(config["OUTPUT_DIR"]))
        run(f"http://127.0.0.1:{server.effective_port}", args.boundaries, sentences)
    finally:
        server.close()


if __name__ == "__main__":
    main()
