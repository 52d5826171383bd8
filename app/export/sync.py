"""Write a set of files into a folder, touching only what changed (rsync- and CDN-friendly).

A file whose bytes are already there is not written, so its mtime stays. The export records
what it wrote in MARKER; a later export removes only files listed there and no longer
produced, never a file it did not write (a CNAME, a .git folder, a README).
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import ExportError

MARKER = ".glimpse-export"

Source = bytes | Path


@dataclass
class SyncReport:
    """What one sync did: files written (new or changed), left as they were, removed."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def sync(target: Path, files: dict[str, Source]) -> SyncReport:
    """Make `target` hold exactly `files` (relative POSIX path -> bytes or a file to copy)."""
    previous = _previous_export(target)
    listing = json.dumps({"files": sorted(files)}, indent=0).encode() + b"\n"
    report = SyncReport()
    for name, source in sorted({**files, MARKER: listing}.items()):
        destination = target / _safe(name)
        if _same(destination, source):
            report.unchanged += 1
        else:
            _write(destination, source)
            report.written.append(name)
    for name in sorted(previous - set(files)):
        path = target / _safe(name)
        if path.is_file():
            path.unlink()
            report.removed.append(name)
            _remove_empty_parents(path.parent, target)
    return report


def _previous_export(target: Path) -> set[str]:
    """Return the files the last export wrote; refuse a non-empty folder that is not an export."""
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: not a folder")
    marker = target / MARKER
    if not marker.is_file():
        if target.is_dir() and any(target.iterdir()):
            raise ExportError(
                f"{target}: not empty and not written by `glimpse export`; choose an empty folder"
            )
        return set()
    try:
        listed = json.loads(marker.read_text("utf-8"))["files"]
        return {str(_safe(name)) for name in listed}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ExportError(
            f"{marker}: unreadable ({error}); delete the folder and export again"
        ) from None


def _safe(name: str) -> PurePosixPath:
    """Return a relative path that stays inside the export, or raise ExportError."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ExportError(f"{name!r}: not a path inside the export")
    return path


def _same(destination: Path, source: Source) -> bool:
    """Return whether `destination` already holds exactly the source's bytes."""
    if not destination.is_file():
        return False
    if isinstance(source, bytes):
        return destination.stat().st_size == len(source) and destination.read_bytes() == source
    return filecmp.cmp(destination, source, shallow=False)


def _write(destination: Path, source: Source) -> None:
    """Write beside the destination, then rename over it: a reader never sees half a file."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temp = destination.parent / f".{destination.name}.{uuid.uuid4().hex}.tmp"
    try:
        if isinstance(source, bytes):
            temp.write_bytes(source)
        else:
            shutil.copyfile(source, temp)
        os.chmod(temp, 0o644)
        os.replace(temp, destination)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, top: Path) -> None:
    """Remove folders emptied by a removal, up to (not including) the export's top."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
