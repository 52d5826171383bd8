"""Where a cached move's time goes: key press to new slide in the DOM, then to the next frame.

Records a DevTools trace (timeline events) and a sampling CPU profile (0.1 ms) over `moves`
ArrowRight moves on the live server (each after the next slide was fetched ahead and a dwell),
and prints, summed over the moves and split at the new slide entering the DOM (htmx:afterSwap):
the renderer main thread's self time per trace event (script, style recalc, layout, paint...)
and the JavaScript functions the samples fell in. Run: `python benchmarks/navigation_profile.py
[moves] [dwell-ms]`; `--export` or `--nginx` profiles a static export instead.
"""

from __future__ import annotations

import collections
import json
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.navigation import LOOPBACK, SLUG, load, open_page
from benchmarks.navigation_page import WAIT_AHEAD
from benchmarks.pages import HOSTS, serve_site
from tests.browser.conftest import CHROMIUM_ARGS

CATEGORIES = "devtools.timeline,blink.user_timing,v8.execute,disabled-by-default-devtools.timeline"
# Marks in the trace: the key handler started (capture, first), the slide entered the DOM,
# and the next frame after it (rendered).
MARKS = """() => {
  window.addEventListener('keydown', e => {
    if (e.key === 'ArrowRight') { performance.mark('move:down'); }
  }, true);
  document.addEventListener('htmx:afterSwap', e => {
    if (e.target.id !== 'slide-region') { return; }
    performance.mark('move:swapped');
    requestAnimationFrame(() => setTimeout(() => performance.mark('move:painted'), 0));
  }, true);
}"""


def main_thread(events: list[dict]) -> tuple[int, int]:
    """Return (pid, tid) of the page's renderer main thread."""
    marked = {e.get("pid") for e in events if e.get("name") == "move:down"}
    for event in events:
        named = event.get("name") == "thread_name" and event["args"].get("name")
        if named == "CrRendererMain" and event["pid"] in marked:
            return event["pid"], event["tid"]
    raise RuntimeError("no renderer main thread with marks in the trace")


def windows(events: list[dict], pid: int) -> list[tuple[float, float, float]]:
    """Return (down, swapped, painted) trace times (us) of each move."""
    marks = collections.defaultdict(list)
    for event in events:
        if event.get("pid") == pid and event.get("name", "").startswith("move:"):
            marks[event["name"]].append(event["ts"])
    spans = zip(marks["move:down"], marks["move:swapped"], marks["move:painted"], strict=False)
    return [tuple(sorted(s)) for s in spans]


def self_times(events: list[dict], thread: tuple[int, int], spans) -> list[collections.Counter]:
    """Self time (us) per event name on the main thread, before and after the swap."""
    complete = [
        e
        for e in events
        if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X" and "dur" in e
    ]
    complete.sort(key=lambda e: (e["ts"], -e["dur"]))
    parts = [collections.Counter(), collections.Counter()]
    stack: list[dict] = []
    for event in complete:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= event["ts"]:
            stack.pop()
        if stack:
            stack[-1]["_child"] = stack[-1].get("_child", 0) + event["dur"]
        stack.append(event)
    for event in complete:
        own = event["dur"] - event.get("_child", 0)
        for down, swapped, painted in spans:
            if down <= event["ts"] < painted:
                parts[0 if event["ts"] < swapped else 1][event["name"]] += own
    return parts


def js_functions(profile: dict, spans) -> list[collections.Counter]:
    """Sampled time (us) per JavaScript function (name, file, line), before and after the swap."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parts = [collections.Counter(), collections.Counter()]
    time = profile["startTime"]
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        time += delta
        frame = nodes[sample]["callFrame"]
        name = f"{frame['functionName'] or '(anon)'} {frame['url'].split('/')[-1]}:{frame['lineNumber'] + 1}"
        for down, swapped, painted in spans:
            if down <= time < painted:
                parts[0 if time < swapped else 1][name] += delta
    return parts


def show(title: str, counter: collections.Counter, moves: int, top: int = 18) -> None:
    total = sum(counter.values()) / moves / 1000
    print(f"  {title}: {total:.2f} ms per move")
    for name, us in counter.most_common(top):
        print(f"    {us / moves / 1000:6.2f} ms  {name}")


def profile(browser, base: str, moves: int, dwell: int) -> None:
    page, _ = open_page(browser, f"{base}{SLUG}/slides/2/", LOOPBACK)
    page.add_init_script(f"({MARKS})()")
    page.reload()
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    cdp = page.context.new_cdp_session(page)
    chunks: list[dict] = []
    cdp.on("Tracing.dataCollected", lambda e: chunks.extend(e["value"]))
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 100})
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    cdp.send("Profiler.start")
    for step in range(moves):
        page.wait_for_function(WAIT_AHEAD, polling=50)
        page.wait_for_timeout(dwell)
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => window.t.moves[{step}] && window.t.moves[{step}].settled")
        page.wait_for_timeout(50)
    cpu = cdp.send("Profiler.stop")["profile"]
    done = []
    cdp.on("Tracing.tracingComplete", lambda e: done.append(True))
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    thread = main_thread(chunks)
    spans = windows(chunks, thread[0])
    print(f"profile of {len(spans)} cached moves, dwell {dwell} ms ({load()})")
    before, after = self_times(chunks, thread, spans)
    show("trace, key press -> new slide in DOM", before, len(spans))
    show("trace, new slide in DOM -> next frame", after, len(spans))
    before, after = js_functions(cpu, spans)
    show("samples, key press -> new slide in DOM", before, len(spans))
    show("samples, new slide in DOM -> next frame", after, len(spans))
    Path(tempfile.gettempdir(), "navigation-trace.json").write_text(json.dumps(chunks))
    page.context.close()


def main() -> None:
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    moves, dwell = (numbers + [20, 800][len(numbers) :])[:2]
    host = next((h for h in HOSTS if f"--{h}" in sys.argv), "live")
    with sync_playwright() as p, serve_site(host) as base:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        profile(browser, base, moves, dwell)
        browser.close()


if __name__ == "__main__":
    main()
