"""`glimpse serve --watch`: an edit is rebuilt in a child process and served on the next request;
a broken edit is reported by file, slide and field, and the last good version keeps serving."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from watchfiles import Change

from app import create_app
from app.cli import main
from app.config import from_environment
from app.watch import changed_decks, rebuild_in_child, start_watching
from tests.import_support import make_picture
from tests.publish_support import current_manifest

TIMEOUT = 180  # seconds for one child build on a busy two-core machine


def test_only_deck_files_and_pictures_trigger_a_rebuild(tmp_path):
    content = tmp_path / "content"
    changes = {
        (Change.modified, str(content / "harbour/deck.toml")),
        (Change.added, str(content / "fields/images/01.HEIC")),
        (Change.modified, str(content / "notes/README.txt")),
        (Change.modified, str(content / "deck.toml")),  # not inside a deck folder
        (Change.modified, str(tmp_path / "audio/harbour/manifest.json")),
    }
    assert changed_decks(changes, content) == {"harbour", "fields"}


class Log(list):
    """Report lines, with a way to wait for one."""

    def wait_for(self, text: str, after: int) -> int:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for index in range(after, len(self)):
                if text in self[index]:
                    return index + 1
            time.sleep(0.1)
        raise AssertionError(f"never reported {text!r}: {list(self)}")


def page_text(client, number: int) -> str:
    response = client.get(f"/good/slides/{number}", follow_redirects=True)
    assert response.status_code == 200
    return BeautifulSoup(response.data, "html.parser").get_text(" ", strip=True)


def manifest(out: Path) -> dict:
    return current_manifest(out / "good")


@pytest.fixture
def watched(make_deck, tmp_path, monkeypatch):
    """A deck built once, an app serving it, and a watcher rebuilding it in child processes."""
    folder = make_deck(
        "good",
        slides=[
            {"heading": "One", "caption": "First words."},
            {"heading": "Two", "image": "images/a.png", "alt": "A grey square.", "caption": "x"},
        ],
    )
    make_picture(folder / "images/a.png", (320, 240))
    make_deck("other", slides=[{"heading": "", "caption": "Broken, and not ours to build."}])
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    built, lines = rebuild_in_child({"good"}, [])  # --deck good: the broken deck is not built
    assert built, lines
    assert not (tmp_path / "audio/other").exists()
    app = create_app({**from_environment(), "TESTING": True})
    log, stop = Log(), threading.Event()
    thread = start_watching(app, [], log.append, stop)
    time.sleep(1.0)  # let the watcher start before the first edit
    yield folder, app.test_client(), log, tmp_path / "audio"
    stop.set()
    thread.join(10)
    assert not thread.is_alive()


def test_edits_are_served_without_restart_and_broken_edits_keep_the_last_good(watched):
    folder, client, log, out = watched
    deck_file = folder / "deck.toml"
    assert "First words." in page_text(client, 1)
    first_image = manifest(out)["images"][1]["variants"][0]["file"]

    deck_file.write_text(deck_file.read_text().replace("First words.", "Second words."))
    seen = log.wait_for("Rebuilt good", 0)
    assert "Second words." in page_text(client, 1)
    assert manifest(out)["narration"]["clips"][0]["text"].startswith("Second words.")

    make_picture(folder / "images/a.png", (400, 300))  # a new picture, same name
    seen = log.wait_for("Rebuilt good", seen)
    image = manifest(out)["images"][1]
    assert (image["width"], image["height"]) == (400, 300)
    assert image["variants"][0]["file"] != first_image

    deck_file.write_text(deck_file.read_text().replace('heading = "One"', 'heading = ""'))
    failed = log.wait_for("good: not rebuilt; the last good version keeps serving.", seen)
    assert "error: content/good/deck.toml: slide 1: heading: must not be empty" in log[seen:failed]
    assert "Second words." in page_text(client, 1)  # the last good version
    assert (manifest(out)["images"][1]["width"]) == 400


def test_serve_watch_starts_the_watcher_with_the_build_options(
    runner, monkeypatch, make_deck, tmp_path
):
    make_deck("good", slides=[{"heading": "One", "caption": "Just one slide."}])
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    started = {}

    def fake_start(app, build_args, report, stop=None):
        started.update(content=app.config["CONTENT_DIR"], args=build_args)

    monkeypatch.setattr("app.watch.start_watching", fake_start)
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: None)
    args = ["serve", "--no-build", "--watch", "--engine", "piper", "--speed", "1.25"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert started == {
        "content": tmp_path / "content",
        "args": ["--engine", "piper", "--speed", "1.25"],
    }
    assert f"Watching {tmp_path / 'content'} for changes." in result.output
