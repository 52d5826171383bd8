"""Canonical URLs: one address per slide, and redirects that never echo the request's Host.

A slide lives at `/<deck>/slides/<n>/` (a static host serves it as `n/index.html`). Other
spellings of the same number (`01`, `١`, `１`, no trailing slash) answer 301 to it.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, request
from werkzeug.wrappers import Response

CANONICAL_NUMBER = re.compile(r"^[1-9][0-9]{0,5}$")
ANY_DIGITS = re.compile(r"^\d{1,8}$")


def slide_number(text: str) -> tuple[int | None, bool]:
    """Return (number, canonical) for a URL's slide number; number is None if it is not one.

    Any Unicode decimal digits count as a number (so a link typed with Arabic-Indic or
    full-width digits still finds its slide), but only plain ASCII without leading zeros
    is canonical.
    """
    if CANONICAL_NUMBER.match(text):
        return int(text), True
    if ANY_DIGITS.match(text) and all(unicodedata.decimal(c, None) is not None for c in text):
        return int("".join(str(unicodedata.decimal(c)) for c in text)), False
    return None, False


def relative_location(response: Response) -> Response:
    """Drop scheme and host from a Location on our own host, so no request Host header is echoed.

    Werkzeug's own redirects (a missing trailing slash) build absolute URLs from the Host header;
    a path-only Location is valid (RFC 9110) and cannot point a reader elsewhere.
    """
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        if parts.netloc and parts.netloc == request.host:
            path = "/" + parts.path.lstrip("/")  # never "//host": that is another origin
            response.headers["Location"] = urlunsplit(("", "", path, parts.query, ""))
    return response


def init_app(app: Flask) -> None:
    """Make every redirect's Location relative."""
    app.after_request(relative_location)
