"""Helpers for the import tests: lay out a corpus page with generated pictures, read the deck."""

from __future__ import annotations

import shutil
import tomllib
import zlib
from pathlib import Path

from PIL import Image

CORPUS = Path(__file__).parent / "import_corpus"
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}


def make_picture(path: Path, size: tuple[int, int]) -> Path:
    """Write a small picture of `size` at `path`, coloured from its name so files differ."""
    path.parent.mkdir(parents=True, exist_ok=True)
    colour = tuple(zlib.crc32(path.name.encode()).to_bytes(4, "big")[:3])
    Image.new("RGB", size, colour).save(path, FORMATS[path.suffix.lower()])
    return path


def lay_out(case: str, tmp_path: Path, pictures: dict[str, tuple[int, int]]) -> Path:
    """Copy corpus case `case` to `tmp_path` and draw its pictures; return its folder."""
    folder = tmp_path / "saved" / case
    shutil.copytree(CORPUS / case, folder)
    for name, size in pictures.items():
        make_picture(folder / name, size)
    return folder


def read_deck(content: Path, slug: str) -> dict:
    """Parse the deck an import wrote."""
    return tomllib.loads((content / slug / "deck.toml").read_text(encoding="utf-8"))
