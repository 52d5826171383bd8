"""Helpers for the export tests: a link checker, and static hosts serving an export.

`broken_links` walks every HTML and CSS file of an export; `serve_directory` is Python's
http.server (no custom headers, the site's 404.html on a miss, as static hosts do);
`serve_export_with_nginx` is Debian's nginx with the generated configuration.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from app.build import NarrationOptions, build
from app.config import PROJECT_ROOT
from app.export import nginx_config
from tests.conftest import BASE_DECK, write_deck
from tests.images_support import photo_like, to_bytes
from tests.nginx_support import free_port, main_config, run_nginx
from tests.publish_support import Tone

NGINX_RECIPE = PROJECT_ROOT / "deploy" / "nginx.conf"
# Attributes that hold a URL the page loads or leads to (htmx and our scripts' ones included).
# data-readalong: readalong.js, which slide pages fetch when the read-along is first used.
URL_ATTRIBUTES = (
    "href",
    "src",
    "poster",
    "data-first-url",
    "data-last-url",
    "hx-get",
    "data-readalong",
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def small_site(tmp_path: Path) -> tuple[dict, dict, Callable[[list | None], None]]:
    """Build a three-slide deck (one real photograph, one stand-in) with the fast tone engine.

    Returns (config, deck data, rebuild(slides=None)): rebuild writes new slides and builds.
    """
    data = copy.deepcopy(BASE_DECK)
    data["slides"][0] |= {"image": "images/photo.jpg", "alt": "A quiet street at dusk."}
    folder = write_deck(tmp_path / "content" / "essay", data)
    (folder / "images").mkdir()
    (folder / "images" / "photo.jpg").write_bytes(to_bytes(photo_like((1200, 800)), "JPEG"))
    config = {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "out"}

    def rebuild(slides: list | None = None) -> None:
        if slides is not None:
            write_deck(folder, data | {"slides": slides})
        assert build(config, NarrationOptions(engine=Tone(), progress=False)).ok

    rebuild()
    return config, data, rebuild


def page_links(html: str) -> list[str]:
    """Return every URL an HTML page names: links, media, tracks, srcsets, htmx targets."""
    soup = BeautifulSoup(html, "html.parser")
    links = []
    for tag in soup.find_all(True):
        links += [tag[attribute] for attribute in URL_ATTRIBUTES if tag.has_attr(attribute)]
        if tag.has_attr("srcset"):
            links += [item.split()[0] for item in tag["srcset"].split(",") if item.strip()]
    return links


def url_of(relative: str, base: str) -> str:
    """Return the URL path at which a static host serves an export file."""
    path = base + relative
    return path[: -len("index.html")] if path.endswith("index.html") else path


def file_of(url: str, folder: Path, base: str) -> Path | None:
    """Return the export file a URL path names, or None if it points outside the export."""
    if not url.startswith(base):
        return None
    relative = url[len(base) :]
    return folder / (
        relative + "index.html" if relative.endswith("/") or not relative else relative
    )


def broken_links(folder: Path, base: str = "/") -> tuple[int, list[str]]:
    """Return (links checked, broken ones as "file: link") for every HTML and CSS file."""
    checked, broken = 0, []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.suffix == ".html":
            links = page_links(path.read_text("utf-8"))
        elif path.suffix == ".css":
            links = CSS_URL.findall(path.read_text("utf-8"))
        else:
            continue
        for link in links:
            parts = urlsplit(urljoin(url_of(relative, base), link))
            if parts.scheme or parts.netloc or not parts.path:  # other sites, or "#fragment"
                continue
            checked += 1
            target = file_of(parts.path, folder, base)
            if target is None or not target.is_file():
                broken.append(f"{relative}: {link}")
    return checked, broken


class StaticHandler(SimpleHTTPRequestHandler):
    """http.server as a plain static host: files only, and the site's 404.html on a miss."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@contextlib.contextmanager
def serve_directory(folder: Path) -> Iterator[str]:
    """Serve `folder` with http.server in a thread; yield its URL."""
    handler = functools.partial(StaticHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def export_nginx_config(prefix: Path, root: Path, port: int, base: str = "/") -> Path:
    """Write a whole nginx.conf serving `root`: deploy/nginx.conf for "/", else the generator's."""
    if base == "/":
        recipe = NGINX_RECIPE.read_text("utf-8")
        recipe = recipe.replace("listen 80;", f"listen 127.0.0.1:{port};")
        recipe = recipe.replace("root /srv/glimpse;", f"root {root};")
        assert f"127.0.0.1:{port};" in recipe and f"root {root};" in recipe
    else:
        recipe = nginx_config(str(root), base, f"127.0.0.1:{port}")
    path = prefix / "nginx.conf"
    path.write_text(main_config(prefix, recipe), encoding="utf-8")
    return path


@contextlib.contextmanager
def serve_export_with_nginx(root: Path, prefix: Path, base: str = "/") -> Iterator[str]:
    """Run Debian's nginx on a free loopback port serving `root`; yield the site's URL."""
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with run_nginx(export_nginx_config(prefix, root, port, base), prefix, port):
        yield f"http://127.0.0.1:{port}{base}"
