"""A full or read-only output folder: one clear line, the other decks built, nothing left behind,
and the last good generation still served. The folders are real: a small tmpfs mounted by the
test (CI runs as root), so the kernel itself says "No space left" or "Read-only file system"."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import create_app
from app.build import NarrationOptions, build
from app.cli import main
from app.publish import load_published
from tests.publish_support import Tone


def mount_tmpfs(target: Path, size: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.fail("mounting a small tmpfs needs root (CI runs as root): run as root")
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)], check=True)


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    mounted: list[Path] = []
    yield mounted
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], check=False)


def fill_disk(path: Path, leave: int) -> None:
    """Write zeros until only `leave` bytes are free on the disk that holds `path`."""
    free = os.statvfs(path.parent).f_bavail * os.statvfs(path.parent).f_frsize
    with path.open("wb") as stream:
        stream.write(bytes(max(0, free - leave)))


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def config(tmp_path: Path) -> dict:
    return {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "audio"}


def two_decks(make_deck, caption: str = "A short caption.") -> None:
    make_deck("alpha", slides=[{"heading": "One", "caption": caption}])
    make_deck("beta", slides=[{"heading": "One", "caption": "The other deck."}])


def test_full_disk_stops_one_deck_cleanly_and_builds_the_others(tmp_path, make_deck, mounts):
    two_decks(make_deck)
    alpha_out = tmp_path / "audio" / "alpha"
    mount_tmpfs(alpha_out, "4m")
    mounts.append(alpha_out)
    assert build(config(tmp_path), NarrationOptions(engine=Tone(), progress=False)).ok
    good = files_under(alpha_out)
    good_generation = load_published(tmp_path / "audio", "alpha").generation
    fill_disk(alpha_out / "fill.bin", leave=40 * 1024)  # the last 40 KB of the small disk

    two_decks(make_deck, caption="A much longer caption that takes many seconds to say. " * 4)
    report = build(config(tmp_path), NarrationOptions(engine=Tone(), progress=False))
    (alpha_out / "fill.bin").unlink()

    assert [done.deck.slug for done in report.built] == ["beta"]
    [message] = [str(error) for error in report.errors]
    assert message == (
        f"{alpha_out}: could not write the build output: the disk is full: free some space, or "
        "set GLIMPSE_OUTPUT_DIR to another disk; nothing was changed and the last good version "
        "is still served"
    )
    assert files_under(alpha_out) == good  # what the failed build wrote is gone
    published = load_published(tmp_path / "audio", "alpha")
    assert published.generation == good_generation
    app = create_app({"TESTING": True, **config(tmp_path)})
    page = app.test_client().get("/alpha/slides/1/")
    assert page.status_code == 200 and b"A short caption." in page.data
    for name in published.manifest.files:
        with app.test_client().get(f"/alpha/media/{name}") as media:
            assert media.status_code == 200


def test_read_only_output_is_one_line_and_exit_1(tmp_path, make_deck, mounts, runner, monkeypatch):
    two_decks(make_deck)
    alpha_out = tmp_path / "audio" / "alpha"
    mount_tmpfs(alpha_out, "4m")
    mounts.append(alpha_out)
    assert build(config(tmp_path), NarrationOptions(engine=Tone(), progress=False)).ok
    good = files_under(alpha_out)
    subprocess.run(["mount", "-o", "remount,ro", str(alpha_out)], check=True)

    two_decks(make_deck, caption="A changed caption.")
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    result = runner.invoke(main, ["build", "--no-progress", "--engine", "piper"])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {alpha_out}: could not write the build output: the folder is read-only: make it "
        "writable, or set GLIMPSE_OUTPUT_DIR to a writable folder; nothing was changed and the "
        "last good version is still served"
    ]
    assert "Built beta" in result.output
    assert files_under(alpha_out) == good
