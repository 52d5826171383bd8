"""Navigation speed in Chromium: key press to new slide, requests per move, Play all gap.

Each move is made the way a reader makes it: the slide is read (a dwell, 800 ms by default) after
what prefetch.js fetches ahead has arrived, then ArrowRight. A second run presses as soon as the
next slide has been fetched ahead (the worst case: prefetch work may still overlap the press).
Times run from the key event's own timestamp (so a busy main thread delaying the handler counts)
and are taken inside the page, so Playwright's round trips do not count. Only moves served from
the cache go into the key-press numbers; misses are counted and reported apart. Long animation
frames (the LoAF API) that overlap a move are listed with the scripts that ran in them, and the
machine's load average is printed with every number. Network conditions are emulated through the
DevTools protocol (Network.emulateNetworkConditions).
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass

from playwright.sync_api import Browser, Page

from benchmarks.navigation_page import BURST, GAPS, TIMING, WAIT_AHEAD

SLUG = "north-korea"
KBIT = 1000 / 8  # bytes per second in one kbit/s
PER_PAGE = 20  # moves from slide 2 before starting again (the bundled deck has 29 slides)


@dataclass(frozen=True)
class Conditions:
    """A network to emulate: added round trip (ms) and throughput (bytes/s, -1 = unlimited)."""

    name: str
    latency: float = 0
    throughput: float = -1


LOOPBACK = Conditions("loopback")
SLOW = Conditions("100 ms RTT, 1.6 Mbit/s", 100, 1600 * KBIT)


def load() -> str:
    """The machine's load average now, printed next to every number (the machine is shared)."""
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def open_page(browser: Browser, url: str, conditions: Conditions) -> tuple[Page, list[tuple]]:
    """Open a page under the conditions; return it and the list its requests are added to."""
    # Playwright's wait_for_function evaluates strings, which our strict CSP forbids; the
    # bypass affects only that, not what is measured.
    page = browser.new_context(bypass_csp=True).new_page()
    requests: list[tuple] = []  # (url, low priority: fetched ahead by prefetch.js)
    cdp = page.context.new_cdp_session(page)
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: requests.append(
            (e["request"]["url"], e["request"].get("initialPriority") in ("Low", "VeryLow"))
        ),
    )
    cdp.send("Network.enable")
    if conditions.latency:
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": conditions.latency,
                "downloadThroughput": conditions.throughput,
                "uploadThroughput": conditions.throughput,
            },
        )
    page.add_init_script(f"({TIMING})()")
    page.add_init_script(f"({GAPS})()")
    page.goto(url)
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    return page, requests


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def spread(values: list[float]) -> str:
    if not values:
        return "none"
    return f"median {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms, max {max(values):.1f}"


def make_moves(page: Page, requests: list[tuple], moves: int, dwell: int) -> list[dict]:
    """Make `moves` ArrowRight moves, each `dwell` ms after the next slide was fetched ahead."""
    made = []
    for step in range(moves):
        page.wait_for_function(WAIT_AHEAD, polling=50)
        if dwell:
            page.wait_for_timeout(dwell)
        before = len(requests)
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"() => window.t.moves[{step}] && window.t.moves[{step}].painted"
            f" && window.t.moves[{step}].settled"
        )
        page.wait_for_timeout(30)  # requests the swapped-in slide makes itself (its audio)
        own = [url for url, low in requests[before:] if not low]
        made.append({"requests": len(own), "pages": sum(1 for url in own if "/slides/" in url)})
    for record, move in zip(made, page.evaluate("window.t.moves"), strict=True):
        record.update(move)
    return made


def long_frames(page: Page, moves: list[dict]) -> list[str]:
    """Describe the long animation frames that overlapped a move, with their heaviest scripts."""
    lines, frames = [], page.evaluate("window.t.frames")
    for move in moves:
        for frame in frames:
            if (
                frame["start"] < move["painted"]
                and frame["start"] + frame["duration"] > move["down"]
            ):
                scripts = ", ".join(
                    f"{s['source']} {s['duration']:.0f} ms" for s in frame["scripts"][:3]
                )
                lines.append(
                    f"      long frame {frame['duration']:.0f} ms (blocking {frame['blocking']:.0f})"
                    f" overlapping a {move['swapped'] - move['down']:.1f} ms move: {scripts or '-'}"
                )
    return lines


def key_moves(browser: Browser, base: str, conditions: Conditions, dwell: int, moves: int = 40):
    """Print key press -> new slide in the DOM and -> next frame, and requests per move.

    The deck has fewer slides than moves: each run of PER_PAGE moves starts again at slide 2.
    """
    made, frames = [], []
    while len(made) < moves:
        page, requests = open_page(browser, f"{base}{SLUG}/slides/2/", conditions)
        run = make_moves(page, requests, min(PER_PAGE, moves - len(made)), dwell)
        frames += long_frames(page, [m for m in run if m["cached"]])
        page.context.close()
        made += run
    hits = [m for m in made if m["cached"]]
    misses = [m for m in made if not m["cached"]]
    name = f"[{conditions.name}, dwell {dwell} ms]"
    print(
        f"  {name} {len(hits)}/{moves} cache hits; key press -> new slide in DOM: "
        f"{spread([m['swapped'] - m['down'] for m in hits])} (budget 8 / 16); -> next frame: "
        f"{spread([m['painted'] - m['down'] for m in hits])}; ({load()})"
    )
    print(
        f"    of which key event -> handler (input delay) "
        f"{spread([m['handler'] - m['down'] for m in hits])}; handler -> DOM "
        f"{spread([m['swapped'] - m['handler'] for m in hits])}; settled after the swap "
        f"{spread([m['settled'] - m['swapped'] for m in hits])}"
    )
    if misses:
        print(f"    misses (network): {spread([m['swapped'] - m['down'] for m in misses])}")
    print(
        f"    requests per move: {statistics.mean(m['requests'] for m in made):.2f} for the move "
        f"itself ({statistics.mean(m['pages'] for m in made):.2f} slide pages)"
    )
    for line in frames:
        print(line)


def play_all_gap(browser: Browser, base: str, conditions: Conditions, clips: int = 6) -> None:
    """Print the gap from one clip's 'ended' to the next clip's 'playing' during Play all."""
    page, _ = open_page(browser, f"{base}{SLUG}/slides/10/", conditions)
    page.wait_for_function(WAIT_AHEAD, polling=50)
    page.locator("#play-all-button").click()
    page.wait_for_function(f"() => window.gaps.ended.length >= {clips}", timeout=120_000)
    page.wait_for_function(f"() => window.gaps.playing.length >= {clips + 1}", timeout=30_000)
    gaps = page.evaluate(
        """() => window.gaps.ended.map(e => window.gaps.playing.find(p => p > e) - e)"""
    )
    page.locator("#play-all-button").click()
    page.context.close()
    print(
        f"  [{conditions.name}] Play all gap (ended -> playing): median "
        f"{statistics.median(gaps):.0f} ms, max {max(gaps):.0f} ms over {len(gaps)} clips "
        f"(budget 250 ms median at 100 ms RTT); ({load()})"
    )


def burst(browser: Browser, base: str, conditions: Conditions, presses: int = 5, runs: int = 5):
    """Print how a burst of ArrowRight presses (no dwell) lands: when, and what it left behind."""
    landed, hits, swaps, wrong = [], 0, 0, 0
    for _ in range(runs):
        page, _ = open_page(browser, f"{base}{SLUG}/slides/2/", conditions)
        page.wait_for_function(WAIT_AHEAD, polling=50)  # the first move is in the cache
        page.evaluate(f"({BURST})()")
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => window.burst.swaps.some(s => s.n === {2 + presses})")
        page.wait_for_timeout(800)  # longer than the announcement delay
        result = page.evaluate("[window.burst, window.t.moves[0].down, history.length]")
        record, down, length = result
        landed.append(next(s["t"] for s in record["swaps"] if s["n"] == 2 + presses) - down)
        hits += sum(s["cached"] for s in record["swaps"])
        swaps += len(record["swaps"])
        expected = [f"Slide {2 + presses} of "]
        said = [text[: len(expected[0])] for text in record["announced"] if text]
        steps = [s["n"] for s in record["swaps"]]
        if (
            said != expected
            or steps != list(range(3, 3 + presses))
            or length - record["history"] != presses
        ):
            wrong += 1
        page.context.close()
    print(
        f"  [{conditions.name}] burst of {presses} ArrowRight presses: first press -> landing "
        f"slide in DOM median {statistics.median(landed):.0f} ms, max {max(landed):.0f} over "
        f"{runs} bursts; {hits}/{swaps} swaps from the cache (each later move needs the page "
        f"before it: moves are relative); {wrong}/{runs} "
        f"bursts with a dropped or doubled move, history entry or announcement; ({load()})"
    )


def report(browser: Browser, base: str, label: str, dwells: tuple[int, ...] = (800, 0)) -> None:
    """Print every navigation number for one server (`base` ends with a slash)."""
    print(f"navigation, {label}: ({load()})")
    started = time.perf_counter()
    for conditions in (LOOPBACK, SLOW):
        for dwell in dwells:
            key_moves(browser, base, conditions, dwell)
        burst(browser, base, conditions)
        play_all_gap(browser, base, conditions)
    print(f"  ({time.perf_counter() - started:.0f} s)")
