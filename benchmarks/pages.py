"""Page-weight and navigation-speed benchmark: prints numbers against design.md's budgets.

Builds the bundled deck (cached after the first time), serves it on a free local port, measures
the compressed bytes of a first load (HTML + CSS + JS), the slide fragment's share of a full page,
and the time from an ArrowRight keypress to the new slide being in the DOM, in Chromium.
"""

from __future__ import annotations

import gzip
import re
import socket
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from waitress.server import create_server

from app import create_app
from app.build import NarrationOptions, build
from app.config import from_environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for the shared browser flags
from tests.browser.conftest import CHROMIUM_ARGS

SLUG = "north-korea"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(client) -> None:
    """Print compressed first-load bytes, and what each later move fetches."""
    html = client.get(f"/{SLUG}/slides/8/").data
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)
    sizes = {"html": gz(html)}
    for asset in assets:
        with client.get(asset.decode()) as response:
            sizes[asset.decode()] = gz(response.data)
    total = sum(sizes.values())
    for name, size in sizes.items():
        print(f"  {name}: {size:,} B gzipped")
    print(f"first load, HTML + CSS + JS, gzipped: {total:,} B (budget 30,720 B)")
    # Each move fetches the same full page (htmx keeps #slide-region's content): a static host
    # cannot vary on HX-Request. The region alone is what separate fragment files would cost.
    region = html[html.index(b'<div id="slide-region">') : html.index(b"</section>")]
    print(
        f"each later slide (full page, hx-select): {len(html):,} B raw, {gz(html):,} B gzipped "
        f"(budget 2,560 B); the slide region alone would be {gz(region):,} B gzipped"
    )


def keypress_latency(base: str, moves: int = 20) -> None:
    """Print the median time from an ArrowRight keydown to the next slide settled and painted.

    Timestamps are taken inside the page (keydown, htmx:afterSettle on the slide region, and the
    next animation frame after it), so Playwright's own round trips do not count.
    """
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # Playwright's wait_for_function evaluates strings, which our strict CSP forbids; the
        # bypass affects only that, not what is measured.
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(f"{base}/{SLUG}/slides/1/")
        page.wait_for_function("() => window.htmx !== undefined")
        page.evaluate(
            """() => {
              window.__settled = []; window.__painted = [];
              document.addEventListener("keydown", () => { window.__t0 = performance.now(); }, true);
              document.body.addEventListener("htmx:afterSettle", () => {
                const t0 = window.__t0;
                window.__settled.push(performance.now() - t0);
                requestAnimationFrame(() => window.__painted.push(performance.now() - t0));
              });
            }"""
        )
        for number in range(2, moves + 2):
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                f"() => document.getElementById('slide').dataset.number === '{number}'"
                f" && window.__painted.length === {number - 1}"
            )
        settled, painted = page.evaluate("() => [window.__settled, window.__painted]")
        browser.close()
    print(
        f"ArrowRight to new slide in the DOM: median {statistics.median(settled):.1f} ms; "
        f"to the next frame: median {statistics.median(painted):.1f} ms, "
        f"max {max(painted):.1f} ms over {moves} moves (budget 50 ms median)"
    )


def main() -> None:
    config = from_environment()
    build(config, NarrationOptions(progress=False))
    app = create_app(config)
    page_weight(app.test_client())
    # The same server `glimpse serve` runs (waitress), not Flask's development server.
    server = create_server(app, host="127.0.0.1", port=free_port(), threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        keypress_latency(f"http://127.0.0.1:{server.effective_port}")
    finally:
        server.close()


if __name__ == "__main__":
    main()
