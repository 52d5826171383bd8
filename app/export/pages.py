"""Every GET page the app registers, rendered from the published snapshot with the test client.

Pages are found in the app's URL map, not in a list kept here: a rule whose arguments the
export can fill (`slug`: every deck readers can open; `number`: every slide of it) is a page,
so a page another part of the app registers (a listen page, a feed) is exported once it is
routed. Files are copied, not rendered (FILE_ENDPOINTS). Redirects (old URLs) are not written:
a static host answers a folder URL without its slash with a redirect of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from flask import Flask

from ..config import EXPORTING
from ..views import all_decks
from .errors import ExportError

# Copied as files (hashed assets, published media), never rendered as pages.
FILE_ENDPOINTS = frozenset({"assets.asset", "media.published"})
# URL arguments the export knows how to fill.
KNOWN_ARGUMENTS = frozenset({"slug", "number"})
# A path no rule matches: rendering it gives the app's own 404 page, in the site layout.
NOT_FOUND_PROBE = "/.glimpse-export/not/a/page"


@dataclass(frozen=True)
class Rendered:
    """One page: where it goes in the export and its bytes."""

    file: str
    body: bytes


def page_urls(app: Flask) -> tuple[list[str], list[str]]:
    """Return (URL paths of every page, rules the export cannot fill and so leaves out)."""
    with app.app_context():
        decks = [(deck.slug, len(deck.slides)) for deck in all_decks()]
    urls: list[str] = []
    left_out: list[str] = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in FILE_ENDPOINTS:
            continue
        if not set(rule.arguments) <= KNOWN_ARGUMENTS:
            left_out.append(rule.rule)
            continue
        for values in _values(set(rule.arguments), decks):
            built = rule.build(values)
            if built:
                urls.append(built[1])
    return urls, left_out


def _values(arguments: set[str], decks: list[tuple[str, int]]) -> Iterator[dict[str, str]]:
    """Yield every combination of URL values a rule with these arguments has."""
    if not arguments:
        yield {}
    elif arguments == {"slug"}:
        yield from ({"slug": slug} for slug, _ in decks)
    elif arguments == {"slug", "number"}:
        for slug, count in decks:
            yield from ({"slug": slug, "number": str(n)} for n in range(1, count + 1))


def render_pages(app: Flask, at: str) -> tuple[list[Rendered], list[str]]:
    """Render every page and the 404 page at the site URL `at`; return them and what was left out.

    A page rendered at localhost that names localhost (absolute URLs, like a podcast feed's)
    would send readers to their own machine: it is left out, with the reason.
    """
    urls, unknown = page_urls(app)
    left_out = [f"{rule}: unknown URL arguments" for rule in unknown]
    client = app.test_client()
    local = urlsplit(at).hostname == "localhost"
    pages = []
    for url in urls:
        response = client.get(url, base_url=at, environ_overrides={EXPORTING: True})
        status, body = response.status_code, response.get_data()
        if status == 200 and local and b"//localhost" in body:
            left_out.append(f"{url}: needs absolute URLs; set GLIMPSE_PUBLIC_URL to export it")
        elif status == 200:
            pages.append(Rendered(file_for(url), body))
        elif status == 404:  # a page with nothing to show here, e.g. the feed without a public URL
            left_out.append(f"{url}: the app has nothing there for a static copy (404)")
        elif not (300 <= status < 400 or status == 404):
            raise ExportError(f"{url}: the app answered {status}; see the log above")
    missing = client.get(NOT_FOUND_PROBE, base_url=at, environ_overrides={EXPORTING: True})
    if missing.status_code != 404:
        raise ExportError(f"{NOT_FOUND_PROBE}: expected the 404 page, got {missing.status_code}")
    pages.append(Rendered("404.html", missing.get_data()))
    return pages, left_out


def file_for(url: str) -> str:
    """Return the export file of a URL path: a folder URL is its index.html."""
    if url.endswith("/"):
        return url.lstrip("/") + "index.html"
    if PurePosixPath(url).suffix:
        return url.lstrip("/")
    raise ExportError(
        f"{url}: a page URL must end in / or name a file, so a static host can serve it"
    )
