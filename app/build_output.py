"""A build that cannot write (disk full, read-only folder) stops one deck, cleanly.

The deck's last good generation keeps serving: nothing it names is touched, because everything a
build writes is new files beside it until the pointer switches. So on a write failure before the
switch, removing every file the failed build added restores the folder exactly.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .deck import Deck
from .publish.layout import POINTER

log = logging.getLogger(__name__)

_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, or set GLIMPSE_OUTPUT_DIR to another disk",
    errno.EDQUOT: "the disk quota is used up: free some space, or set GLIMPSE_OUTPUT_DIR elsewhere",
    errno.EROFS: "the folder is read-only: make it writable, or set GLIMPSE_OUTPUT_DIR to a "
    "writable folder",
    errno.EACCES: "permission denied: make the folder writable for this user, or set "
    "GLIMPSE_OUTPUT_DIR to a writable folder",
    errno.EPERM: "permission denied: make the folder writable for this user, or set "
    "GLIMPSE_OUTPUT_DIR to a writable folder",
}


_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
LOW_SPACE = 256 * 1024  # bytes free below which a failed write is taken for a full disk


class OutputError(Exception):
    """The build could not write a deck's output; says which folder, what happened, what to do."""

    def __init__(self, folder: Path, error: OSError, published: bool):
        self.folder = folder
        self.error = error
        self.published = published
        super().__init__(str(self))

    def __str__(self) -> str:
        advice = _ADVICE.get(self.error.errno or 0, f"{self.error.strerror or self.error}")
        if self.published:
            return (
                f"{self.folder}: published, but tidying old files failed ({advice}); "
                "the next build tidies them"
            )
        return (
            f"{self.folder}: could not write the build output: {advice}; nothing was changed "
            "and the last good version is still served"
        )


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*")} if folder.is_dir() else set()


def _pointer(folder: Path) -> bytes | None:
    try:
        return (folder / POINTER).read_bytes()
    except OSError:
        return None


def _remove_added(folder: Path, before: set[Path]) -> None:
    """Remove what the failed build added, deepest first; never what was there before."""
    for path in sorted(_files(folder) - before, key=lambda p: len(p.parts), reverse=True):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as error:  # a read-only folder may refuse this too: nothing was added
            log.warning("could not remove %s after a failed build: %s", path, error)


@contextmanager
def output_guard(deck: Deck, folder: Path) -> Iterator[None]:
    """Turn a write failure while building `deck` into OutputError, after removing its files."""
    before, pointer = _files(folder), _pointer(folder)
    try:
        yield
    except Exception as failure:
        error = _os_error_in(failure) or _disk_state(folder)
        if error is None or not _about_output(error, folder):
            raise
        published = pointer != _pointer(folder)
        if not published:
            _remove_added(folder, before)
        log.error("%s: build output failed: %s", deck.slug, error)
        raise OutputError(folder, error, published) from failure


def _os_error_in(failure: BaseException) -> OSError | None:
    """Return the OSError behind `failure` (a stage may wrap it, e.g. as a narration error)."""
    seen: BaseException | None = failure
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__
    return None


def _disk_state(folder: Path) -> OSError | None:
    """Return the disk's own verdict when a library hid it (libsndfile says only "System error")."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None:
        return None
    stats = os.statvfs(existing)
    if stats.f_flag & os.ST_RDONLY:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(folder))
    if stats.f_bavail * stats.f_frsize < LOW_SPACE:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder))
    return None


def _about_output(error: OSError, folder: Path) -> bool:
    """Tell a write failure in the output folder from, say, a missing voice file elsewhere."""
    if error.errno in _DISK_ERRNOS:  # a full or read-only disk; write() names no file
        return True
    names = [name for name in (error.filename, error.filename2) if name]
    return any(Path(name).resolve().is_relative_to(folder.resolve()) for name in names)
