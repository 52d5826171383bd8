"""Brotli and gzip for text responses, compressed once per content version and kept in memory.

Why not flask-compress: its ETag handling has open bugs (304s evaluated against the identity
ETag, issue #24 and PR #67 upstream), and it compresses per request. Here a response with a
strong ETag (hashed assets, media text, cached pages) is compressed once and its bytes reused;
each encoding gets its own strong ETag (`"<tag>.br"`, `"<tag>.gz"`), and If-None-Match is
checked against the tag of the bytes actually sent. Audio and images are never compressed.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

import brotli
from flask import Flask, current_app, request
from werkzeug.wrappers import Response

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "text/vtt",
        "text/plain",
        "application/json",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
    }
)
ENCODINGS = ("br", "gzip")  # server preference when the client accepts both equally
SUFFIX = {"br": "br", "gzip": "gz"}
MIN_SIZE = 256  # smaller bodies gain nothing after headers


def compress(data: bytes, encoding: str, best: bool) -> bytes:
    """Compress with the best ratio for bytes kept (`best`), or a quick one for one-offs."""
    if encoding == "br":
        return brotli.compress(data, quality=11 if best else 5)
    return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)


class CompressedCache:
    """A bounded, thread-safe LRU of compressed bodies keyed by (path, strong ETag, encoding)."""

    def __init__(self, max_entries: int = 512) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, str], data: bytes) -> None:
        with self._lock:
            self._items[key] = data
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def chosen_encoding() -> str | None:
    """Return the encoding the request accepts best ('br' or 'gzip'), or None."""
    return request.accept_encodings.best_match(ENCODINGS)


def _compressible(response: Response) -> bool:
    return response.mimetype in COMPRESSIBLE


def _close(iterable: object) -> None:
    """Close a response's original body (an open file) once its bytes are no longer needed."""
    close = getattr(iterable, "close", None)
    if close:
        close()


def _encoded_body(response: Response, encoding: str) -> bytes | None:
    """Return the response's compressed body, from the cache when its ETag names the bytes."""
    etag, weak = response.get_etag()
    cache: CompressedCache = current_app.extensions["glimpse.compressed"]
    key = (request.path, etag, encoding) if etag and not weak else None
    source = response.response
    if key and (found := cache.get(key)) is not None:
        _close(source)  # an unread file stays unread
        return found
    response.direct_passthrough = False
    data = response.get_data()
    _close(source)
    if len(data) < MIN_SIZE:
        return None
    encoded = compress(data, encoding, best=key is not None)
    if key:
        cache.put(key, encoded)
    return encoded


def compress_response(response: Response) -> Response:
    """Compress a full text response the client accepts; mark every text response as varying."""
    if not _compressible(response):
        return response
    response.vary.add("Accept-Encoding")
    encoding = chosen_encoding()
    full = response.status_code == 200 or response.status_code >= 400
    if not encoding or not full or "Content-Encoding" in response.headers:
        return response
    if response.is_streamed and not response.direct_passthrough:
        return response  # a generator: compressing would buffer it; none of ours stream
    body = _encoded_body(response, encoding)
    if body is None:
        return response
    etag, weak = response.get_etag()
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    response.headers.pop("Accept-Ranges", None)  # ranges apply to the identity bytes only
    if etag and not weak:
        response.set_etag(f"{etag}.{SUFFIX[encoding]}")
    if response.status_code == 200:
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    """Compress text responses after every view and error handler."""
    app.extensions["glimpse.compressed"] = CompressedCache()
    app.after_request(compress_response)
