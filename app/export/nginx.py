"""An nginx configuration that serves an export with the live server's headers.

Debian's nginx has gzip_static but no brotli module, so `.br` files are chosen with a `map` on
Accept-Encoding and `try_files` (no module needed: any nginx works); `.gz` files come from
gzip_static. Every header is set once, at server level with `always` (so the 404 page and
redirects carry them too); the values that differ (Cache-Control, Vary, Content-Encoding) come
from maps on the status and the file finally served, because nginx drops inherited add_header
lines in any location that has its own.
"""

from __future__ import annotations

import re

from ..headers import header_rules, headers_for
from .hosting import normalize_base
from .sync import MARKER

# Extension -> Content-Type for the files that have .br/.gz siblings (see compress.py).
COMPRESSIBLE = {
    "css": "text/css",
    "html": "text/html",
    "js": "text/javascript",
    "json": "application/json",
    "svg": "image/svg+xml",
    "txt": "text/plain",
    "vtt": "text/vtt",
    "xml": "application/xml",
}

PREAMBLE = """\
# nginx serving a `glimpse export` folder, with the same headers as `glimpse serve`.
# Made by `glimpse nginx-config{options}` from app/headers.py: make it again, do not edit.
#
# Use: put everything below inside the `http {{ }}` block of nginx.conf (which includes
# /etc/nginx/mime.types, as Debian's does), e.g. as /etc/nginx/conf.d/glimpse.conf, and set
# `listen`, `server_name` and `root` ({root_note}). TLS and HSTS are the deployer's choice.
# Compression: `.br` siblings chosen by the map below (Debian's nginx has no brotli module),
# `.gz` siblings by gzip_static; nothing is compressed on the fly, audio and images never.

# ".br" when the client accepts brotli (and did not refuse it with q=0).
map $http_accept_encoding $glimpse_br {{
    default "";
    "~*(^|[,\\s])br\\s*;\\s*q=0(\\.0*)?\\s*(,|$)" "";
    "~*(^|[,\\s])br\\s*(;|,|$)" ".br";
}}

# The file try_files chose: a .br sibling is sent as Content-Encoding: br.
map $uri $glimpse_encoding {{
    default "";
    "~\\.br$" "br";
}}

# Text files have precompressed siblings: caches must keep one copy per Accept-Encoding.
map $uri $glimpse_vary {{
    default "";
    "~\\.({texts})(\\.br)?$" "Accept-Encoding";
}}
"""


def nginx_config(root: str, base_url: str = "/", listen: str = "80") -> str:
    """Return the `http {}` fragment (maps and a server) serving an export under `base_url`."""
    base = normalize_base(base_url)
    note = "the export folder" if base == "/" else f"the folder holding the export as {base[1:]}"
    text = PREAMBLE.format(
        options="" if base == "/" else f" --base-url {base}",
        root_note=note,
        texts="|".join(COMPRESSIBLE),
    )
    return f"{text}\n{_cache_map(base)}\n{_server(root, base, listen)}"


def _pattern_regex(pattern: str) -> str:
    """Turn a `_headers` URL pattern (`/static/*`, `/:deck/media/*`) into a regex."""
    parts = re.split(r"(\*|:[a-z]+)", pattern)
    regex = "".join(
        ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
        for part in parts
    )
    return regex.replace("\\/", "/").replace("\\-", "-")


def _cache_map(base: str) -> str:
    """Return the map of "$status $uri" to Cache-Control, from the header policy's kinds."""
    cache = {kind: dict(headers_for(kind))["Cache-Control"] for kind in ("error", "redirect")}
    lines = [
        f'    "~^[45]" "{cache["error"]}";',
        f'    "~^30[12378] " "{cache["redirect"]}";',
    ]
    for pattern, headers in header_rules(base):
        value = dict(headers).get("Cache-Control")
        if value:
            lines.append(f'    "~^[0-9]+ {_pattern_regex(pattern)}" "{value}";')
    page = dict(headers_for("page"))["Cache-Control"]
    return (
        "# Cache-Control by kind (app/headers.py): errors never stored, redirects an hour,\n"
        "# hashed files immutable for a year, pages revalidated.\n"
        "# volatile: evaluated again when nginx turns an answer into an error after its headers\n"
        "# were chosen (a byte range past the end: 416), so the error says no-store too.\n"
        f'map "$status $uri" $glimpse_cache {{\n    volatile;\n    default "{page}";\n'
        + "\n".join(lines)
        + "\n}\n"
    )


def _server(root: str, base: str, listen: str) -> str:
    """Return the server block."""
    security = [(n, v) for n, v in headers_for("page") if n != "Cache-Control"]
    headers = [
        *security,
        ("Cache-Control", "$glimpse_cache"),
        ("Vary", "$glimpse_vary"),
        ("Content-Encoding", "$glimpse_encoding"),
    ]
    add = "".join(f'    add_header {name} "{value}" always;\n' for name, value in headers)
    prefix = re.escape(base).replace("\\/", "/").replace("\\-", "-")
    texts = "".join(
        f"    location ~ ^{prefix}.*\\.{ext}$ {{ types {{ }} default_type {mime}; max_ranges 0; "
        "try_files $uri$glimpse_br $uri =404; }\n"
        for ext, mime in COMPRESSIBLE.items()
    )
    outside = "" if base == "/" else "    location / { return 404; }\n"
    return (
        "server {\n"
        f"    listen {listen};\n"
        "    server_name _;\n"
        f"    root {root};\n"
        "    index index.html;\n"
        "    charset utf-8;\n"
        "    charset_types text/css text/javascript text/vtt application/json application/xml;\n"
        "    absolute_redirect off;   # the slash redirect of a folder names no host\n"
        "    server_tokens off;\n"
        "    etag off;   # nginx's ETag is the mtime and size: Last-Modified already validates\n"
        "    gzip off;\n"
        "    gzip_static on;\n"
        "    # Nothing here is forbidden to read: a folder without an index is not found, as on\n"
        "    # the live server. Every answer, nginx's own errors included, gets the headers below.\n"
        f"    error_page 403 404 =404 {base}404.html;\n\n"
        f"{add}\n"
        f"    location {base} {{ }}\n"
        f"{outside}"
        f"    location = {base}_headers {{ return 404; }}\n"
        f"    location = {base}{MARKER} {{ return 404; }}\n"
        "    # Text files: the .br sibling when accepted, else gzip_static's .gz, else the file;\n"
        "    # whole, never a byte range of an encoding (audio and pictures keep their ranges).\n"
        f"{texts}"
        "}\n"
    )
