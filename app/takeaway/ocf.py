"""The OCF container: a zip with `mimetype` first and stored, written byte-for-byte reproducibly.

Fixed timestamps, fixed permissions and sorted entries, so the same book gives the same bytes
(a cache can key on them, and a rebuild does not look like a new edition).
"""

from __future__ import annotations

import io
import zipfile

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


def ocf_zip(files: dict[str, bytes]) -> bytes:
    """Return the EPUB bytes: `mimetype`, `META-INF/container.xml`, then `files` sorted by path.

    `files` maps paths inside the package folder (EPUB/) to their bytes.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_info("mimetype", zipfile.ZIP_STORED), EPUB_MIME.encode("ascii"))
        archive.writestr(_info("META-INF/container.xml", zipfile.ZIP_DEFLATED), CONTAINER_XML)
        for name in sorted(files):
            lowered = name.lower()
            method = (
                zipfile.ZIP_STORED if lowered.endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
            )
            archive.writestr(_info(f"EPUB/{name}", method), files[name])
    return buffer.getvalue()
