"""Bytes on the wire for a first load and for HTMX navigation, over real HTTP on loopback."""

from __future__ import annotations

import gzip
import http.client
import itertools
import re
import statistics

import brotli

# What Chromium sends that changes the answer's size.
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept": "text/html,*/*"}
KIB = 1024


class Wire:
    """One keep-alive connection that counts every byte the server sends back."""

    def __init__(self, host_port: str) -> None:
        host, port = host_port.rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)
        self.last_head = 0  # header bytes of the last answer

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        """Return (bytes on the wire, decoded text or '' for binary) for one GET."""
        self.connection.request("GET", path, headers={**BROWSER, **(headers or {})})
        response = self.connection.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status)
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        head += sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
        encoding = response.getheader("Content-Encoding")
        text_type = (response.getheader("Content-Type") or "").startswith("text/")
        self.last_head = head
        return head + len(body), decoded(body, encoding) if text_type else ""

    def close(self) -> None:
        self.connection.close()


def decoded(body: bytes, encoding: str | None) -> str:
    """Return the text of a body as sent."""
    if encoding == "br":
        return brotli.decompress(body).decode()
    return (gzip.decompress(body) if encoding == "gzip" else body).decode()


def photo_url(html: str) -> str | None:
    """Return the picture a 1280 px wide, 1x browser picks: the 960 w AVIF, else the <img>."""
    match = re.search(r'<source type="image/avif" srcset="([^"]+)"', html)
    if match:
        for candidate in match.group(1).split(","):
            url, _, width = candidate.strip().rpartition(" ")
            if width == "960w":
                return url
    found = re.search(r'<img[^>]+src="([^"]+)"', html)
    return found.group(1) if found else None


def judge_photo(text_total: int, served: tuple[str, int], real: tuple[str, int] | None) -> None:
    """Print the first load with each photograph, and which one the 58 KiB budget is judged on.

    The served photo is the tests' synthetic one, whose per-pixel noise no camera leaves and which
    AVIF spends most of its bytes on; a real photograph of the same width is the fair judge.
    """
    photos = [served, *([real] if real else [])]
    for name, size in photos:
        print(f"  with {name}: photo {size:,} B, first load {(text_total + size) / KIB:.1f} KiB")
    name, size = photos[-1]
    verdict = "met" if text_total + size <= 58 * KIB else "NOT met"
    print(f"  58 KiB budget judged on {name}: {(text_total + size) / KIB:.1f} KiB, {verdict}")


def report_weight(
    label: str,
    host_port: str,
    paths: list[str],
    photo_slide: int,
    real_photo: tuple[str, int] | None = None,
) -> None:
    """Print the first load of the photo slide and each later slide's HTML, on the wire.

    `real_photo` is (label, encoded bytes of a real photograph's 960 px AVIF): it is counted
    with the served photo's headers, as if that slide showed it.
    """
    wire = Wire(host_port)
    try:
        first = paths[photo_slide - 1]
        html_bytes, html = wire.get(first)
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:css|js))"', html)
        sizes = {"HTML": html_bytes}
        for asset in assets:
            sizes[asset] = wire.get(asset)[0]
        text_total = sum(sizes.values())
        photo = photo_url(html)
        photo_bytes = wire.get(photo)[0] if photo else 0
        head = wire.last_head if photo else 0
        print(f"\n== {label}: first load of slide {photo_slide}, bytes on the wire ==")
        for name, size in sizes.items():
            print(f"  {name}: {size:,} B")
        print(f"  photo {photo}: {photo_bytes:,} B")
        print(f"  HTML + CSS + JS: {text_total / KIB:.1f} KiB (budget 30 KiB)")
        real = (real_photo[0], real_photo[1] + head) if real_photo else None
        judge_photo(text_total, ("the synthetic photo_like (served)", photo_bytes), real)
        later = []
        for previous, path in itertools.pairwise(paths):
            hx = {"HX-Request": "true", "HX-Current-URL": f"http://{host_port}{previous}"}
            later.append(wire.get(path, hx)[0])
        print(
            f"  each later slide by HTMX, HTML on the wire: median {statistics.median(later):,.0f} B,"
            f" max {max(later):,} B over {len(later)} moves (budget 2.5 KiB = 2,560 B)"
        )
    finally:
        wire.close()
