"""Serving benchmark: bytes on the wire, throughput against a Flask hello-world, slowloris.

Prints numbers against design.md's budgets; asserts nothing. Loopback only; every loop is
bounded in count and time. Set-up: `apt-get install -y wrk nginx` (Debian's wrk is the load
generator; nginx is already installed for the tests).

- Bytes on the wire (status line, headers and body as sent, brotli as Chromium asks) for the
  first load of a photo slide (HTML, CSS, JS, htmx, the 960 px AVIF the browser picks) and for
  each later slide reached by HTMX navigation, from the live server on waitress and from
  Debian's nginx serving the static export with deploy/nginx.conf.
- Requests/s, p50 and p99 for a slide page and its HTMX variant against a Flask hello-world,
  each in its own process on the same waitress with 8 threads, at 1, 16 and 100 connections.
- Server RSS before and after the load.
- 110 idle half-sent connections: waitress alone against nginx (deploy/nginx-proxy.conf) in front.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for the tests' helpers

from app import create_app
from app.build import NarrationOptions, build
from app.config import PROJECT_ROOT
from app.deck import load_deck
from app.export import export_site
from benchmarks.serve_load import load_table, slowloris
from benchmarks.serve_wire import report_weight
from tests.export_support import serve_export_with_nginx
from tests.images_support import photo_like
from tests.nginx_support import serve_app

SLUG = "north-korea"
PHOTO_SLIDE = 8
WORK = Path(
    os.environ.get("GLIMPSE_BENCH_DIR", Path(tempfile.gettempdir()) / "glimpse-bench-serve")
)


def prepare_site() -> dict[str, Path]:
    """Copy the bundled deck, give the photo slide a real photograph, build (cached on reruns)."""
    content = WORK / "content"
    if not (content / SLUG).is_dir():
        shutil.copytree(PROJECT_ROOT / "content" / SLUG, content / SLUG)
    deck = load_deck(content / SLUG)
    image = content / SLUG / deck.slide(PHOTO_SLIDE).image
    if not image.is_file():
        image.parent.mkdir(parents=True, exist_ok=True)
        photo_like((3000, 2000)).save(image, "JPEG", quality=92)
    config = {"CONTENT_DIR": content, "OUTPUT_DIR": WORK / "audio"}
    report = build(config, NarrationOptions(progress=False))
    assert report.ok, report.errors
    return config


def real_photo() -> tuple[str, int] | None:
    """Return (label, bytes) of a real photograph's 960 px AVIF, or None without the test extra."""
    try:
        from tests.photo_samples import quokka, rgb
    except ImportError:
        return None
    from app.images.encode import FORMATS, encode

    avif = next(f for f in FORMATS if f.name == "AVIF")
    return (
        "a real photograph (imgaug's quokka.jpg, 960 px, AVIF)",
        len(encode(rgb(quokka()), avif)),
    )


def slide_paths(config: dict[str, Path]) -> list[str]:
    """Return every slide URL of the deck, as the app builds them."""
    from flask import url_for

    app = create_app(config)
    total = len(load_deck(config["CONTENT_DIR"] / SLUG).slides)
    with app.test_request_context():
        return [url_for("views.slide", slug=SLUG, number=n) for n in range(1, total + 1)]


def weights(config: dict[str, Path], paths: list[str]) -> None:
    """Print the bytes on the wire from the live server, then from nginx serving the export."""
    photo = real_photo()
    with serve_app(create_app(config)) as port:
        report_weight("live server (waitress)", f"127.0.0.1:{port}", paths, PHOTO_SLIDE, photo)
    export_site(config, WORK / "export")
    with serve_export_with_nginx(WORK / "export", WORK / "nginx") as url:
        host_port = url.split("//", 1)[1].rstrip("/")
        report_weight("nginx serving the export", host_port, paths, PHOTO_SLIDE, photo)


def main() -> None:
    config = prepare_site()
    paths = slide_paths(config)
    weights(config, paths)
    if sys.argv[1:] == ["weight"]:  # bytes on the wire only, no load
        return
    env = {
        **os.environ,
        "GLIMPSE_CONTENT_DIR": str(config["CONTENT_DIR"]),
        "GLIMPSE_OUTPUT_DIR": str(config["OUTPUT_DIR"]),
    }
    load_table(env, paths[PHOTO_SLIDE - 1])
    slowloris(env, paths[PHOTO_SLIDE - 1])


if __name__ == "__main__":
    main()
