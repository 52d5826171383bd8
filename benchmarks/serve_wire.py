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


def report_weight(label: str, host_port: str, paths: list[str], photo_slide: int) -> None:
    """Print the first load of the photo slide and each later slide's HTML, on the wire."""
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
        print(f"\n== {label}: first load of slide {photo_slide}, bytes on the wire ==")
        for name, size in sizes.items():
            print(f"  {name}: {size:,} B")
        print(f"  photo {photo}: {photo_bytes:,} B")
        print(
            f"  HTML + CSS + JS: {text_total / KIB:.1f} KiB (budget 30 KiB); "
            f"all with the photo: {(text_total + photo_bytes) / KIB:.1f} KiB (budget 58 KiB)"
        )
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
