"""Range requests as RFC 9110 (section 14) says, where werkzeug answers 416 instead.

Two cases are rewritten before werkzeug sees the header: a suffix range longer than the file
(`bytes=-N`, N > length) means the whole file, so it becomes `bytes=0-` (206, all bytes); and a
multi-range request with at least one satisfiable range is answered with the whole file (200),
which RFC 9110 allows and which is simpler and safer than multipart/byteranges. A range unit we
do not know is ignored (200), as the RFC requires. Everything else is left to werkzeug:
malformed or wholly unsatisfiable ranges still get 416.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from werkzeug.http import parse_range_header


def _satisfiable(start: int, end: int | None, length: int) -> bool:
    """Return whether one parsed range (end exclusive, or None) selects any byte."""
    if start < 0:  # a suffix range: the last -start bytes
        return length > 0
    return start < length


def rfc9110_range(value: str | None, length: int) -> str | None:
    """Return the Range header to process for a file of `length` bytes (None: send all)."""
    if not value:
        return value
    parsed = parse_range_header(value)
    if parsed is None:
        unit = value.partition("=")[0].strip().lower()
        return value if unit == "bytes" else None
    if parsed.units != "bytes":
        return None
    if len(parsed.ranges) > 1:
        if any(_satisfiable(start, end, length) for start, end in parsed.ranges):
            return None
        return value
    start, end = parsed.ranges[0]
    if start < 0 and end is None and -start > length and length > 0:
        return "bytes=0-"
    return value


def apply_rfc9110(environ: dict[str, Any], path: Path) -> None:
    """Rewrite the request's Range header for the file at `path` before it is served."""
    value = environ.get("HTTP_RANGE")
    if not value:
        return
    try:
        length = path.stat().st_size
    except OSError:
        return  # the view answers 404 itself
    fixed = rfc9110_range(value, length)
    if fixed is None:
        environ.pop("HTTP_RANGE", None)
    else:
        environ["HTTP_RANGE"] = fixed
