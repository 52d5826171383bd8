"""Pick the picture file for a figure: the largest local candidate, or else a remote URL.

A page names one picture many ways (`src`, `srcset`, `<picture>` sources, lazy-loading
attributes, `<noscript>` fallbacks, a link to the full size). A saved page keeps some of them
as files beside it; the others still point at the web, and nothing is downloaded.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image
from pillow_heif import register_heif_opener

register_heif_opener()  # iPhone pictures beside a page or a Markdown file

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif", ".tif"}
_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$")


@dataclass(frozen=True)
class Candidate:
    """One way the page names a picture: a URL and its srcset width (0 when unknown)."""

    url: str
    width: float = 0.0


@dataclass(frozen=True)
class Choice:
    """The picture chosen for a figure, and its pixel size when it is a readable local file."""

    url: str
    local: Path | None
    size: tuple[int, int] | None


def parse_srcset(value: str | None) -> list[Candidate]:
    """Split a `srcset` into candidates ("a.jpg 640w, b.jpg 2x"); URLs may hold commas."""
    text, found, at = value or "", [], 0
    while at < len(text):
        while at < len(text) and (text[at].isspace() or text[at] == ","):
            at += 1
        start = at
        while at < len(text) and not text[at].isspace():
            at += 1
        url, descriptor = text[start:at], ""
        if url.endswith(","):  # "a.jpg, b.jpg": no descriptor
            url = url.rstrip(",")
        else:
            end = text.find(",", at)
            end = len(text) if end == -1 else end
            descriptor, at = text[at:end].strip(), end + 1
        if url:
            match = _DESCRIPTOR.match(descriptor)
            found.append(Candidate(url, float(match.group(1)) if match else 0.0))
    return found


def is_remote(url: str) -> bool:
    """Say whether a URL points at the web rather than at a file beside the page."""
    return urlsplit(url).scheme in {"http", "https"} or url.startswith("//")


def local_path(url: str, base: Path) -> Path | None:
    """Return the file a relative URL names inside `base`, or None (remote, data:, outside)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None  # web addresses, data: URIs and site-root paths are not files we were given
    path = (base / unquote(parts.path)).resolve()
    if not path.is_relative_to(base.resolve()) or not path.is_file():
        return None
    return path


def picture_size(path: Path) -> tuple[int, int] | None:
    """Return a file's pixel size from its header, or None when it is not a picture."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return image.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None


def choose(candidates: list[Candidate], base: Path) -> Choice | None:
    """Return the largest local picture, else the widest remote URL, else None."""
    local = []
    for order, candidate in enumerate(candidates):
        path = local_path(candidate.url, base)
        if path is not None:
            size = picture_size(path)
            area = size[0] * size[1] if size else -1
            local.append((area, candidate.width, -order, Choice(candidate.url, path, size)))
    if local:
        return max(local, key=lambda item: item[:3])[3]
    remote = [(c.width, -i, c.url) for i, c in enumerate(candidates) if is_remote(c.url)]
    if remote:
        return Choice(max(remote)[2], None, None)
    return None


def suffix_of(url: str) -> str:
    """Return the picture file suffix a URL names (".jpg" when it names none we know)."""
    suffix = PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()
    return suffix if suffix in IMAGE_SUFFIXES else ".jpg"
