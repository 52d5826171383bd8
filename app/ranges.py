"""Range requests as RFC 9110 (section 14) says, where werkzeug answers 416 instead.

Two cases are rewritten before werkzeug sees the header: a suffix range longer than the file
(`bytes=-N`, N > length) means the whole file, so it becomes `bytes=0-` (206, all bytes); and a
multi-range request with at least one satisfiable range is answered with the whole file (200),
which RFC 9110 allows and which is simpler and safer than multipart/byteranges. A range unit we
do not know is ignored (200), as the RFC requires. Everything else is left to werkzeug:
malformed or wholly unsatisfiable ranges still get 416.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

RANGE_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


def _specs(ranges: str) -> list[tuple[int | None, int | None]] | None:
    """Parse `first-last`, `first-` and `-suffix` specs (RFC 9110 14.1.2); None if malformed."""
    specs = []
    for item in ranges.split(","):
        if not item.strip():
            continue  # the grammar allows empty list elements
        match = RANGE_SPEC.match(item)
        if not match or match.group(1) == match.group(2) == "":
            return None
        first = int(match.group(1)) if match.group(1) else None
        last = int(match.group(2)) if match.group(2) else None
        if first is not None and last is not None and last < first:
            return None
        specs.append((first, last))
    return specs or None


def _satisfiable(first: int | None, last: int | None, length: int) -> bool:
    """Return whether one range spec selects any byte of a file of `length` bytes."""
    if first is None:  # a suffix: the last `last` bytes
        return bool(last) and length > 0
    return first < length


def rfc9110_range(value: str | None, length: int) -> str | None:
    """Return the Range header to process for a file of `length` bytes (None: send all)."""
    if not value:
        return value
    unit, _, ranges = value.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    specs = _specs(ranges)
    if specs is None:
        return value
    if len(specs) > 1:
        satisfiable = any(_satisfiable(first, last, length) for first, last in specs)
        return None if satisfiable else value
    first, last = specs[0]
    if first is None and last is not None and last > length > 0:
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
