"""The built package: it carries the licence text and our static files, and builds without the
setuptools "Package would be ignored" warning."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from app.config import PROJECT_ROOT


def test_wheel_carries_licence_and_static_files_quietly(tmp_path: Path) -> None:
    # Build from a copy: setuptools writes build/ into the source tree it builds.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(PROJECT_ROOT / name, source / name)
    shutil.copytree(
        PROJECT_ROOT / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__")
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp_path, str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "would be ignored" not in built.stdout + built.stderr
    (wheel,) = tmp_path.glob("glimpse-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    licence = next(name for name in names if name.endswith("licenses/LICENSE"))
    text = zipfile.ZipFile(wheel).read(licence).decode()
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    assert {"app/static/glimpse.css", "app/static/glimpse.js", "app/images/publish.py"} <= set(
        names
    )
