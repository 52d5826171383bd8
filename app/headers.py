"""The header policy: security headers and cache rules, one source for the server and exports.

The live server applies `headers_for(kind)` to every response it makes (pages, media, redirects,
errors). A static export writes the same data into `_headers` and an nginx config through
`header_rules()`, so a reader gets the same protection and caching from any host.

Kinds of response:
- "page": HTML rendered from the published generation; revalidated every time (an ETag makes
  that a 304 until the next build), so a republish shows at once.
- "immutable": files whose URL names their bytes (hashed CSS/JS/htmx, published media).
- "redirect": a 301/308 to a canonical URL; cached for an hour, not for ever, in case it moves.
- "error": 4xx/5xx pages; never stored (a 404 can become a page with the next build).
"""

from __future__ import annotations

import hashlib

from flask import Flask, request
from werkzeug.wrappers import Response

ONE_YEAR = 365 * 24 * 3600

# Every fetch directive (script-src, style-src, img-src, media-src, font-src, connect-src...) falls
# back to default-src, so 'self' there says it once for all of them: the same policy as naming each
# (CSP Level 3, "default-src"), in fewer bytes on every response. The directives below it have no
# fallback and are named.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

# Strict CSP (no inline script or style anywhere), no framing, no sniffing, no referrer.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    (
        "Content-Security-Policy",
        "; ".join(f"{name} {value}" for name, value in CONTENT_SECURITY_POLICY.items()),
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

CACHE_CONTROL = {
    "page": "no-cache",
    "immutable": f"public, max-age={ONE_YEAR}, immutable",
    "redirect": "public, max-age=3600",
    "error": "no-store",
}

# Endpoints whose URLs name their content (a hash or a pinned version): cached for a year.
IMMUTABLE_ENDPOINTS = frozenset({"assets.asset", "media.published", "media.htmx_script"})

# URL patterns (the `_headers` syntax of Netlify and Cloudflare Pages) and their kind, most
# specific last. Security headers go on "/*"; Cache-Control only where a kind is certain, so no
# two rules set it for one path (hosts join duplicate values with commas).
PATH_KINDS: tuple[tuple[str, str], ...] = (
    ("/static/*", "immutable"),
    ("/:deck/media/*", "immutable"),
)


def content_etag(data: bytes) -> str:
    """Return a strong ETag value for a body: 64 bits of its hash (16 hex digits).

    Enough to tell the versions of one URL apart, and 24 bytes shorter on every page than the
    40-digit SHA-1 werkzeug's add_etag writes.
    """
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def headers_for(kind: str) -> list[tuple[str, str]]:
    """Return every header a response of this kind carries, as (name, value) pairs."""
    return [*SECURITY_HEADERS, ("Cache-Control", CACHE_CONTROL[kind])]


def header_rules(base: str = "/") -> list[tuple[str, list[tuple[str, str]]]]:
    """Return (URL pattern, headers) rules for a static host, under the site's base path.

    Pages get no Cache-Control rule: static hosts revalidate HTML by default, which is "page".
    """
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    rules = [(f"{prefix}/*", list(SECURITY_HEADERS))]
    for pattern, kind in PATH_KINDS:
        rules.append((prefix + pattern, [("Cache-Control", CACHE_CONTROL[kind])]))
    return rules


def kind_of(endpoint: str | None, status: int) -> str:
    """Return the kind of a response from the endpoint that made it and its status."""
    if status >= 400:
        return "error"
    if 300 <= status < 400 and status != 304:
        return "redirect"
    if endpoint in IMMUTABLE_ENDPOINTS:
        return "immutable"
    return "page"


def apply_policy(response: Response) -> Response:
    """Set the policy's headers on a response, whatever view or error handler made it."""
    kind = kind_of(request.endpoint, response.status_code)
    for name, value in headers_for(kind):
        response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Apply the policy to every response (Flask runs after_request for error pages too)."""
    app.after_request(apply_policy)
