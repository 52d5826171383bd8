"""The OCF container: a zip with `mimetype` first and stored, written byte-for-byte reproducibly.

Fixed timestamps, fixed permissions and sorted entries, so the same book gives the same bytes
(a cache can key on them, and a rebuild does not look like a new edition).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO

EPUB_MIME = "application/epub+zip"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
STORED_SUFFIXES = (".mp3", ".jpg", ".jpeg", ".webp", ".png")  # already compressed
CONTAINER_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def _info(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = compress
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def ocf_zip(files: dict[str, bytes | Path]) -> bytes:
    """Return the EPUB bytes: `mimetype`, `META-INF/container.xml`, then `files` sorted by path.

    `files` maps paths inside the package folder (EPUB/) to their bytes (or a file to copy).
    """
    buffer = io.BytesIO()
    write_ocf(files, buffer)
    return buffer.getvalue()


def write_ocf(files: dict[str, bytes | Path], out: BinaryIO) -> None:
    """Write the EPUB to the seekable `out`; a `Path` in `files` is copied in a block at a time."""
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_info("mimetype", zipfile.ZIP_STORED), EPUB_MIME.encode("ascii"))
        archive.writestr(_info("META-INF/container.xml", zipfile.ZIP_DEFLATED), CONTAINER_XML)
        for name in sorted(files):
            lowered = name.lower()
            method = (
                zipfile.ZIP_STORED if lowered.endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            )
            info = _info(f"EPUB/{name}", method)
            content = files[name]
            if isinstance(content, Path):  # as writestr does, with the size known up front
                info.file_size = content.stat().st_size
                with content.open("rb") as source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
            else:
                archive.writestr(info, content)
