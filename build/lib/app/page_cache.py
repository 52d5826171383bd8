"""Pages rendered once per published generation and served from memory until the next build.

A page is a pure function of its URL, the htmx variant asked for, and the published generation
of its deck (the deck list: of every deck). So the first 200 response is kept, bounded in
number (least recently used goes first), and a new generation of a deck drops that deck's pages
at once. Each kept page has a strong ETag of its bytes; `compression` then keeps its encoded
bytes too, so a cached page costs no rendering and no compressing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

from .manifest import MANIFEST_NAME

# Response headers a page keeps; the header policy and compression add the rest per response.
KEPT_HEADERS = ("Content-Type", "Vary", "ETag")

GenerationKey = Callable[[str | None], Hashable]


@dataclass(frozen=True)
class Page:
    """A rendered page: its bytes and the headers it was made with."""

    body: bytes
    headers: tuple[tuple[str, str], ...]


class PageCache:
    """Bounded, thread-safe LRU of pages; one generation per scope (a deck, or the site)."""

    def __init__(self, max_entries: int = 2048) -> None:
        self.max_entries = max_entries
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._generations: dict[str | None, Hashable] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, scope: str | None, generation: Hashable, key: tuple) -> Page | None:
        with self._lock:
            page = self._pages.get((scope, generation, key))
            if page is None:
                self.misses += 1
                return None
            self.hits += 1
            self._pages.move_to_end((scope, generation, key))
            return page

    def put(self, scope: str | None, generation: Hashable, key: tuple, page: Page) -> None:
        """Keep a page; a new generation of its scope first drops the scope's older pages."""
        if self.max_entries <= 0:
            return
        with self._lock:
            if self._generations.get(scope, generation) != generation:
                for old in [k for k in self._pages if k[0] == scope]:
                    del self._pages[old]
            self._generations[scope] = generation
            self._pages[(scope, generation, key)] = page
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def manifest_generation(slug: str | None) -> Hashable:
    """Return a deck's generation as its manifest's change time (the site: of every deck)."""
    output = Path(current_app.config["OUTPUT_DIR"])
    slugs = [slug] if slug else sorted(current_app.extensions["glimpse.decks"])
    stamps = []
    for name in slugs:
        try:
            stamps.append((output / name / MANIFEST_NAME).stat().st_mtime_ns)
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def variant() -> tuple[bool, bool]:
    """Return which htmx variant of a page the request asks for."""
    headers = request.headers
    return headers.get("HX-Request") == "true", headers.get("HX-History-Restore-Request") == "true"


def _serve(page: Page) -> Response:
    response = current_app.response_class(page.body, headers=list(page.headers))
    return response.make_conditional(request)


def _keep(response: Response) -> Page:
    if not response.get_etag()[0]:
        response.add_etag()
    headers = tuple((k, v) for k, v in response.headers.items() if k in KEPT_HEADERS)
    return Page(response.get_data(), headers)


def cached_page(view: Callable[..., Any]) -> Callable[..., Response]:
    """Serve a view's 200 pages from the cache of its deck's published generation."""

    @wraps(view)
    def wrapper(**kwargs: Any) -> Response:
        cache: PageCache = current_app.extensions["glimpse.page_cache"]
        scope = kwargs.get("slug")
        generation = current_app.extensions["glimpse.generation"](scope)
        key = (request.path, variant())
        if (page := cache.get(scope, generation, key)) is not None:
            return _serve(page)
        response = current_app.make_response(view(**kwargs))
        if response.status_code != 200 or response.is_streamed:
            return response
        page = _keep(response)
        cache.put(scope, generation, key, page)
        return response.make_conditional(request)

    return wrapper


def init_app(app: Flask, generation: GenerationKey = manifest_generation) -> None:
    """Set up the page cache (PAGE_CACHE_SIZE pages; 0 turns it off) and its generation key."""
    app.extensions["glimpse.page_cache"] = PageCache(app.config.get("PAGE_CACHE_SIZE", 2048))
    app.extensions["glimpse.generation"] = generation
