"""Pages answered from memory until the next build: rendered, compressed and headed once.

A page is a pure function of its URL and the published generation of its deck (the deck list:
of every deck); htmx gets the same full page. So the first complete answer Flask makes for a page
(after every after_request hook: header policy, compression) is kept as it went out, per
encoding, and later requests for it are answered by a small WSGI layer in front of Flask, with
no routing, rendering or compressing. A new generation of a deck drops its pages; the cache is
bounded (least recently used first); anything unusual (not GET, a query string, a Range, an
untrusted Host) goes to Flask as usual, and a page that varies on other request headers than
Accept-Encoding is never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request
from werkzeug.http import parse_accept_header
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Response

from .compression import ENCODINGS
from .headers import content_etag
from .publish import load_published, published_slugs

GenerationKey = Callable[[Flask, str | None], Hashable]
MARK = "glimpse.page"  # environ key: (scope, generation) of a cacheable page
BODY_HEADERS = frozenset({"content-length", "content-type", "content-encoding"})


@dataclass(frozen=True)
class Page:
    """A page as it went out: status line, headers and body."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str


class PageCache:
    """Bounded, thread-safe LRU of pages; one generation per scope (a deck, or the site)."""

    def __init__(self, max_entries: int = 2048) -> None:
        self.max_entries = max_entries
        self._pages: OrderedDict[tuple, tuple[str | None, Hashable, Page]] = OrderedDict()
        self._generations: dict[str | None, Hashable] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple, generation_of: Callable[[str | None], Hashable]) -> Page | None:
        """Return the page if kept and still of its scope's current generation."""
        with self._lock:
            found = self._pages.get(key)
        if found is not None and found[1] == generation_of(found[0]):
            with self._lock:
                self.hits += 1
                if key in self._pages:
                    self._pages.move_to_end(key)
            return found[2]
        with self._lock:
            self.misses += 1
        return None

    def put(self, key: tuple, scope: str | None, generation: Hashable, page: Page) -> None:
        """Keep a page; a new generation of its scope first drops the scope's older pages."""
        if self.max_entries <= 0:
            return
        with self._lock:
            if self._generations.get(scope, generation) != generation:
                for old in [k for k, v in self._pages.items() if v[0] == scope]:
                    del self._pages[old]
            self._generations[scope] = generation
            self._pages[key] = (scope, generation, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def published_generation(app: Flask, slug: str | None) -> Hashable:
    """Return the published generation of a deck (None: served unbuilt from content/), or of
    every deck for the pages that list them."""
    output = Path(app.config["OUTPUT_DIR"])
    if slug is not None:
        published = load_published(output, slug)
        return published.generation if published else None
    slugs = sorted(set(app.extensions["glimpse.decks"]) | set(published_slugs(output)))
    return tuple(published_generation(app, name) for name in slugs)


@lru_cache(maxsize=256)
def encoding_for(accept_encoding: str) -> str | None:
    """Return the encoding compression picks for an Accept-Encoding value (memoised)."""
    return parse_accept_header(accept_encoding).best_match(ENCODINGS)


def cached_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Mark a view's pages as cacheable in the generation read before rendering; give each an
    ETag of its bytes, so a revalidation is a 304 until the next build."""

    @wraps(view)
    def wrapper(**kwargs: Any) -> Response:
        scope = kwargs.get("slug")
        generation = current_app.extensions["glimpse.generation"](current_app, scope)
        request.environ[MARK] = (scope, generation)
        response = current_app.make_response(view(**kwargs))
        if response.status_code == 200 and not response.get_etag()[0]:
            response.set_etag(content_etag(response.get_data()))
        return response.make_conditional(request)

    return wrapper


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison of If-None-Match against our ETag (RFC 9110 13.1.2)."""
    bare = etag.removeprefix("W/")
    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in (bare, "*") for tag in tags)


def _varies_only_on_encoding(headers: tuple[tuple[str, str], ...]) -> bool:
    """Return whether the key (path, encoding) covers all a page varies on, so it may be kept."""
    named = {
        name.strip().lower()
        for key, value in headers
        if key.lower() == "vary"
        for name in value.split(",")
    }
    return named <= {"accept-encoding"}


class PageCacheMiddleware:
    """WSGI layer in front of Flask: answer kept pages, keep new ones Flask marks."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    @property
    def cache(self) -> PageCache:
        return self.app.extensions["glimpse.page_cache"]

    def _generation_of(self, scope: str | None) -> Hashable:
        return self.app.extensions["glimpse.generation"](self.app, scope)

    def _key(self, environ: dict[str, Any]) -> tuple | None:
        """Return the cache key of a plain GET from a trusted host, else None."""
        if environ["REQUEST_METHOD"] != "GET" or environ.get("QUERY_STRING"):
            return None
        if "HTTP_RANGE" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            return None
        if not host_is_trusted(environ.get("HTTP_HOST"), self.app.config["TRUSTED_HOSTS"]):
            return None
        return (
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            encoding_for(environ.get("HTTP_ACCEPT_ENCODING", "")),
        )

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        page = self.cache.get(key, self._generation_of)
        if page is not None:
            return self._answer(page, environ, start_response)
        return self._render(key, environ, start_response)

    def _answer(self, page: Page, environ: dict[str, Any], start_response: Callable) -> list[bytes]:
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match and _etag_matches(if_none_match, page.etag):
            headers = [(k, v) for k, v in page.headers if k.lower() not in BODY_HEADERS]
            start_response("304 NOT MODIFIED", headers)
            return []
        start_response(page.status, list(page.headers))
        return [page.body]

    def _render(self, key: tuple, environ: dict[str, Any], start_response: Callable) -> Any:
        """Let Flask answer; keep a marked 200 exactly as it went out."""
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        mark = environ.get(MARK)
        if mark is None or not seen.get("status", "").startswith("200"):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        headers = tuple((k, v) for k, v in seen["headers"] if k.lower() != "date")  # the server's
        etag = next((v for k, v in headers if k.lower() == "etag"), "")
        if etag and _varies_only_on_encoding(headers):
            self.cache.put(key, mark[0], mark[1], Page(seen["status"], headers, body, etag))
        return [body]


def init_app(app: Flask, generation: GenerationKey = published_generation) -> None:
    """Set up the page cache (PAGE_CACHE_SIZE pages; 0 turns it off) in front of Flask."""
    app.extensions["glimpse.page_cache"] = PageCache(app.config.get("PAGE_CACHE_SIZE", 2048))
    app.extensions["glimpse.generation"] = generation
    app.wsgi_app = PageCacheMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
