"""Base URLs and the `_headers` file: what a static host needs besides the files themselves."""

from __future__ import annotations

import re

from ..headers import header_rules
from .errors import ExportError

# A URL path of plain segments: what GitHub Pages project sites and CDN prefixes look like.
BASE_PATTERN = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)*$")


def normalize_base(base_url: str) -> str:
    """Return the base URL as `/` or `/sub/path/`; raise ExportError for anything else."""
    base = "/" + base_url.strip().strip("/") + "/" if base_url.strip().strip("/") else "/"
    if not BASE_PATTERN.match(base) or "/../" in base or "/./" in base:
        raise ExportError(f"--base-url {base_url!r}: give a path such as /essays/ (no host)")
    return base


def headers_file(base_url: str = "/") -> str:
    """Return `_headers` (Netlify and Cloudflare Pages syntax) from the live server's policy."""
    lines = [
        "# Response headers for Netlify and Cloudflare Pages, the same policy as `glimpse serve`",
        "# (app/headers.py): security headers everywhere, immutable caching for hashed files.",
    ]
    for pattern, headers in header_rules(normalize_base(base_url)):
        lines.append(pattern)
        lines.extend(f"  {name}: {value}" for name, value in headers)
    return "\n".join(lines) + "\n"
