"""Publish build work files under names made from a hash of their bytes.

The narration and image stages name their work files by their inputs (so a warm rebuild
synthesizes nothing), but Piper's output differs run to run: a URL named by inputs could
change its bytes. Published names hash the bytes, so a URL always means the same file. The
cache index remembers work file -> published name, so unchanged files are not hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

from .layout import INDEX, MEDIA, write_json_atomically

HASH_LENGTH = 20


class CacheIndex:
    """Work file (relative to the deck's output folder) -> its published name, with its stat."""

    def __init__(self, deck_out: Path):
        self.deck_out = deck_out
        self.media = deck_out / MEDIA
        try:
            data = json.loads((deck_out / INDEX).read_text("utf-8"))
            self.entries: dict[str, dict] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.entries = {}

    def publish(self, work_name: str) -> str:
        """Return the published name of a work file, linking it into media/ if needed."""
        source = self.deck_out / work_name
        stat = source.stat()
        signature = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
        known = self.entries.get(work_name)
        if isinstance(known, dict) and known.get("stat") == signature:
            name = known.get("published")
            if isinstance(name, str) and (self.media / name).is_file():
                return name
        name = published_name(source)
        _place(source, self.media / name)
        self.entries[work_name] = {"stat": signature, "published": name}
        return name

    def save(self) -> None:
        """Write the index, forgetting work files that no longer exist."""
        alive = {k: v for k, v in self.entries.items() if (self.deck_out / k).is_file()}
        write_json_atomically(self.deck_out / INDEX, alive)


def published_name(path: Path) -> str:
    """Return `<sha256 of the bytes, 20 hex digits>.<extension>`."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return f"{digest.hexdigest()[:HASH_LENGTH]}{path.suffix.lower()}"


def _place(source: Path, target: Path) -> None:
    """Hard-link (else copy) `source` to `target` atomically; same name means same bytes."""
    if target.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / f".publish-{os.getpid()}-{uuid.uuid4().hex}.tmp"
    try:
        try:
            os.link(source, temp)  # work files are only ever replaced, never rewritten in place
        except OSError:
            shutil.copyfile(source, temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
