"""Static export benchmark: export size, and bytes on the wire from nginx serving the export.

Copies the bundled deck, puts a generated photograph (the tests' generator, 2000 x 1333 JPEG)
on slide 8, builds it (cached in GLIMPSE_BENCH_DIR, default /tmp/glimpse-bench-export), exports
it, serves the export with Debian's nginx and deploy/nginx.conf, and loads slide 8 in Chromium:
every byte Chromium receives (headers included, brotli as nginx serves it) for the first load,
then for each ArrowRight move to the next slides. Prints numbers against design.md's budgets.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

from app.build import NarrationOptions, build
from app.config import PROJECT_ROOT
from app.export import export_site

sys.path.insert(0, str(PROJECT_ROOT))
from tests.browser.conftest import CHROMIUM_ARGS  # the tests' browser flags
from tests.export_support import serve_export_with_nginx
from tests.images_support import photo_like  # the tests' photograph

SLUG, PHOTO_SLIDE, MOVES = "north-korea", 8, 10
KIB = 1024


def prepare(work: Path) -> dict:
    """Return a config for the bundled deck with a photograph on slide 8, built."""
    content = work / "content"
    if not content.is_dir():
        shutil.copytree(PROJECT_ROOT / "content", content)
        buffer = io.BytesIO()
        photo_like((2000, 1333)).save(buffer, "JPEG", quality=92)
        (content / SLUG / "images" / "07.jpg").write_bytes(buffer.getvalue())
    config = {"CONTENT_DIR": content, "OUTPUT_DIR": work / "out"}
    report = build(config, NarrationOptions(progress=False))
    assert report.ok, report.errors
    return config


def export_numbers(folder: Path) -> None:
    """Print the export's size and file counts."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    originals = [p for p in files if p.suffix not in (".br", ".gz")]
    packed = [p for p in files if p.suffix in (".br", ".gz")]
    pages = [p for p in originals if p.suffix == ".html"]
    print(
        f"export: {len(files)} files, {sum(p.stat().st_size for p in files) / KIB:,.1f} KiB "
        f"({len(pages)} pages, {len(originals) - len(pages)} other files, {len(packed)} .br/.gz); "
        f"without siblings {sum(p.stat().st_size for p in originals) / KIB:,.1f} KiB"
    )


# What each request is for, from its DevTools resource type.
PARTS = {
    "document": "HTML + CSS + JS",
    "stylesheet": "HTML + CSS + JS",
    "script": "HTML + CSS + JS",
    "xhr": "HTML + CSS + JS",
    "image": "the slide's picture",
    "media": "narration the browser preloads",
    "other": "prefetched next picture, favicon (404 page)",
}


class Wire:
    """Bytes Chromium received per request (headers included), from the DevTools protocol."""

    def __init__(self, page) -> None:
        self.parts: dict[str, str] = {}
        self.received: dict[str, int] = defaultdict(int)
        session = page.context.new_cdp_session(page)
        session.on("Network.responseReceived", self._response)
        session.on("Network.loadingFinished", self._finished)
        session.send("Network.enable")

    def _response(self, event: dict) -> None:
        if not event["response"]["url"].startswith("data:"):
            self.parts[event["requestId"]] = PARTS.get(event["type"].lower(), "other")

    def _finished(self, event: dict) -> None:
        if event["requestId"] in self.parts:
            self.received[event["requestId"]] += int(event["encodedDataLength"])

    def take(self) -> dict[str, int]:
        """Return bytes by part since the last call, and reset."""
        parts: dict[str, int] = defaultdict(int)
        for request, size in self.received.items():
            parts[self.parts[request]] += size
        self.received.clear()
        return dict(parts)


def on_the_wire(url: str) -> None:
    """Print the bytes of the first load of the photo slide and of each later move."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_context().new_page()
        wire = Wire(page)
        page.goto(f"{url}{SLUG}/slides/{PHOTO_SLIDE}/", wait_until="networkidle")
        first = wire.take()
        for part, size in sorted(first.items()):
            print(f"  {part}: {size:,} B")
        code, picture = first.get("HTML + CSS + JS", 0), first.get("the slide's picture", 0)
        print(
            f"first load of photo slide {PHOTO_SLIDE} (HTML, CSS, JS and the photo): "
            f"{code + picture:,} B = {(code + picture) / KIB:.1f} KiB (budget 58 KiB); "
            f"HTML + CSS + JS {code / KIB:.1f} KiB (budget 30 KiB); everything the browser "
            f"fetched {sum(first.values()) / KIB:.1f} KiB"
        )
        html, everything = [], []
        for number in range(PHOTO_SLIDE + 1, PHOTO_SLIDE + 1 + MOVES):
            page.keyboard.press("ArrowRight")
            page.wait_for_selector(f"#slide[data-number='{number}']")
            page.wait_for_load_state("networkidle")
            move = wire.take()
            html.append(move.get("HTML + CSS + JS", 0))
            everything.append(sum(move.values()))
        browser.close()
    print(
        f"each later slide, HTML on the wire: median {statistics.median(html):,.0f} B, "
        f"max {max(html):,} B over {MOVES} moves (budget 2,560 B); all bytes per move "
        f"(the next picture prefetched) median {statistics.median(everything):,.0f} B"
    )


def main() -> None:
    work = Path(os.environ.get("GLIMPSE_BENCH_DIR", "/tmp/glimpse-bench-export"))
    config = prepare(work)
    with tempfile.TemporaryDirectory(prefix="glimpse-export-") as temp:
        folder = Path(temp) / "site"
        report = export_site(config, folder)
        print(f"glimpse export: {report.summary()}")
        export_numbers(folder)
        with serve_export_with_nginx(folder, Path(temp) / "nginx") as url:
            print(f"nginx {url} (deploy/nginx.conf: .br by map + try_files, .gz by gzip_static)")
            on_the_wire(url)


if __name__ == "__main__":
    main()
