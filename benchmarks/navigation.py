"""Navigation speed in Chromium: key press to new slide, requests per move, Play all gap.

Each move is made the way a reader makes it: the slide is read until what prefetch.js fetches
ahead has arrived (the time that takes is printed as "dwell"), then ArrowRight. Timestamps are
taken inside the page, so Playwright's own round trips do not count. Network conditions are
emulated through the DevTools protocol (Network.emulateNetworkConditions).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from playwright.sync_api import Browser, Page

SLUG = "north-korea"
KBIT = 1000 / 8  # bytes per second in one kbit/s


@dataclass(frozen=True)
class Conditions:
    """A network to emulate: added round trip (ms) and throughput (bytes/s, -1 = unlimited)."""

    name: str
    latency: float = 0
    throughput: float = -1


LOOPBACK = Conditions("loopback")
SLOW = Conditions("100 ms RTT, 1.6 Mbit/s", 100, 1600 * KBIT)

TIMING = """() => {
  window.t = {down: [], swapped: [], painted: [], cached: 0}; window.prefetched = [];
  document.addEventListener('glimpse:prefetched', e => window.prefetched.push(e.detail));
  document.addEventListener('keydown', () => window.t.down.push(performance.now()), true);
  document.addEventListener('htmx:afterSwap', e => {
    if (e.detail.target.id !== 'slide-region') { return; }
    window.t.swapped.push(performance.now());
    if (e.detail.fromCache) { window.t.cached += 1; }
    requestAnimationFrame(() => window.t.painted.push(performance.now()));
  });
}"""

GAPS = """() => {
  window.gaps = {ended: [], playing: []};
  document.addEventListener('ended', e => window.gaps.ended.push(performance.now()), true);
  document.addEventListener('playing', e => {
    if (e.target.id !== 'narration-audio') { return; }
    window.gaps.playing.push(performance.now());
    const clip = e.target;  // skip to the end of each clip, so the run takes seconds
    if (clip.duration > 1 && clip.currentTime < clip.duration - 1) { clip.currentTime = clip.duration - 0.4; }
  }, true);
}"""


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


def wait_ahead(page: Page) -> None:
    """Wait until the next slide's page and then its picture have been fetched ahead."""
    page.wait_for_function(
        """() => { const next = new URL(document.getElementById('next-link').href).href;
                  const i = window.prefetched.findIndex(d => d.kind === 'page' && d.url === next);
                  return i >= 0 && window.prefetched.slice(i).some(d => d.kind === 'image'); }"""
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def key_moves(browser: Browser, base: str, conditions: Conditions, moves: int = 20) -> None:
    """Print key press -> new slide in the DOM and -> next frame, and requests per move."""
    page, requests = open_page(browser, f"{base}/{SLUG}/slides/2/", conditions)
    dwell, per_move, pages_per_move, ahead = [], [], [], []
    for step in range(moves):
        started = time.perf_counter()
        wait_ahead(page)
        dwell.append((time.perf_counter() - started) * 1000)
        before = len(requests)
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => window.t.painted.length === {step + 1}")
        page.wait_for_timeout(30)  # requests the swapped-in slide makes itself (its audio)
        made = [url for url, low in requests[before:] if not low]
        per_move.append(len(made))
        pages_per_move.append(sum(1 for url in made if "/slides/" in url))
        ahead.append(sum(1 for _, low in requests[before:] if low))
    t = page.evaluate("window.t")
    page.context.close()
    swapped = [s - d for d, s in zip(t["down"], t["swapped"], strict=True)]
    painted = [p - d for d, p in zip(t["down"], t["painted"], strict=True)]
    print(
        f"  [{conditions.name}] key press -> new slide in DOM: median {statistics.median(swapped):.1f}"
        f" ms, p95 {p95(swapped):.1f} ms (budget 8 / 16); -> next frame: median "
        f"{statistics.median(painted):.1f} ms, p95 {p95(painted):.1f} ms; over {moves} moves"
    )
    print(
        f"  [{conditions.name}] {t['cached']}/{moves} moves from the cache; requests per move: "
        f"{statistics.mean(per_move):.2f} for the move itself ({statistics.mean(pages_per_move):.2f}"
        f" slide pages), {statistics.mean(ahead):.2f} fetched ahead at low priority; dwell until "
        f"the next slide was fetched ahead: median {statistics.median(dwell):.0f} ms"
    )


def play_all_gap(browser: Browser, base: str, conditions: Conditions, clips: int = 6) -> None:
    """Print the gap from one clip's 'ended' to the next clip's 'playing' during Play all."""
    page, _ = open_page(browser, f"{base}/{SLUG}/slides/10/", conditions)
    wait_ahead(page)
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
        "(budget 250 ms median at 100 ms RTT)"
    )


def report(browser: Browser, base: str, label: str) -> None:
    """Print every navigation number for one server."""
    print(f"navigation, {label}:")
    for conditions in (LOOPBACK, SLOW):
        key_moves(browser, base, conditions)
        play_all_gap(browser, base, conditions)
