"""Base URLs and the `_headers` file: what a static host needs besides the files themselves."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

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


def site_url(config: dict[str, Any], base_url: str | None) -> tuple[str, str]:
    """Return (base path, URL the pages are rendered at) from --base-url and PUBLIC_URL.

    With GLIMPSE_PUBLIC_URL set, pages are rendered at it (absolute links such as the podcast
    feed's point there) and the base path is its path; without it, at localhost under the base.
    """
    public = str(config.get("PUBLIC_URL") or "").strip()
    if not public:
        base = normalize_base(base_url or "/")
        return base, f"http://localhost{base}"
    parts = urlsplit(public)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ExportError(f"GLIMPSE_PUBLIC_URL {public!r}: give a URL like https://example.org/")
    base = normalize_base(parts.path or "/")
    if base_url is not None and normalize_base(base_url) != base:
        raise ExportError(
            f"--base-url {base_url} differs from the path of GLIMPSE_PUBLIC_URL ({public}): "
            "give one of them"
        )
    return base, f"{parts.scheme}://{parts.netloc}{base}"


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
