"""Precompressed siblings of text files, made once at export time (design.md section 6).

Brotli at quality 11 and gzip at level 9, each kept only where it is smaller than the file.
The gzip header carries no time or name, so the same input always gives the same bytes and a
re-export rewrites nothing.
"""

from __future__ import annotations

import gzip
from pathlib import PurePosixPath

import brotli

# Text formats a browser may receive compressed; audio and images are compressed already.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".vtt", ".json", ".xml", ".svg", ".txt"})


def is_text(path: str) -> bool:
    """Return whether a file is a text format worth compressing."""
    return PurePosixPath(path).suffix.lower() in TEXT_SUFFIXES


def siblings(path: str, data: bytes) -> dict[str, bytes]:
    """Return `{path.br: ..., path.gz: ...}` for a text file, each only where it is smaller."""
    if not is_text(path):
        return {}
    found = {
        f"{path}.br": brotli.compress(data, mode=brotli.MODE_TEXT, quality=11, lgwin=24),
        f"{path}.gz": gzip.compress(data, compresslevel=9, mtime=0),
    }
    return {name: packed for name, packed in found.items() if len(packed) < len(data)}
