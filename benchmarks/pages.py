"""Page-weight and navigation-speed benchmark: prints numbers against design.md's budgets.

Builds the bundled deck (cached after the first time), serves it on a free local port, measures
the compressed bytes of a first load (HTML + CSS + JS), the slide fragment's share of a full page,
and navigation in Chromium (benchmarks/navigation.py): key press to new slide, requests per move
and the Play all gap, on loopback and with 100 ms round trip at 1.6 Mbit/s, for the live server
and for the static export (`glimpse export`) served by Python's http.server (no Range requests)
and by nginx (deploy/nginx.conf). Options: `live`, `export` or `nginx` measures only those.
"""

from __future__ import annotations

import contextlib
import gzip
import re
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright
from waitress.server import create_server

from app import create_app
from app.build import NarrationOptions, build
from app.config import from_environment
from app.export import export_site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for the shared browser flags
from benchmarks.navigation import report
from tests.browser.conftest import CHROMIUM_ARGS
from tests.export_support import serve_directory, serve_export_with_nginx

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


HOSTS = {
    "live": "live server (waitress)",
    "export": "static export (http.server, no Range requests)",
    "nginx": "static export (nginx, deploy/nginx.conf)",
}


@contextlib.contextmanager
def serve_site(host: str = "live", config: dict | None = None) -> Iterator[str]:
    """Serve the built deck on a free port as `host` (a key of HOSTS); yield its base URL."""
    config = config or from_environment()
    if host == "live":
        # The same server `glimpse serve` runs (waitress), not Flask's development server.
        server = create_server(create_app(config), host="127.0.0.1", port=free_port(), threads=8)
        threading.Thread(target=server.run, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.effective_port}/"
        finally:
            server.close()
        return
    with tempfile.TemporaryDirectory() as folder:
        export_site(config, Path(folder) / "site")
        if host == "nginx":
            with serve_export_with_nginx(Path(folder) / "site", Path(folder) / "nginx") as url:
                yield url
        else:
            with serve_directory(Path(folder) / "site") as url:
                yield url


def main() -> None:
    which = [host for host in HOSTS if host in sys.argv[1:]] or list(HOSTS)
    config = from_environment()
    build(config, NarrationOptions(progress=False))
    page_weight(create_app(config).test_client())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for host in which:
            with serve_site(host, config) as url:
                report(browser, url, HOSTS[host])
        browser.close()


if __name__ == "__main__":
    main()
