"""`glimpse serve --watch`: rebuild a deck when its `deck.toml` or a picture changes.

Each rebuild runs `glimpse build --deck SLUG` in a child process, as `serve` does, so the speech
engine's memory never stays in the server. The build publishes a new generation only when
the deck is good; a failed rebuild's messages (file, slide, field) are reported and the last
good generation keeps serving.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask
from watchfiles import Change, DefaultFilter, watch

from .deck import DECK_FILE
from .importer.candidates import IMAGE_SUFFIXES

Report = Callable[[str], None]


def changed_decks(changes: Iterable[tuple[Change, str]], content_dir: Path) -> set[str]:
    """Return the slugs whose deck file or pictures changed; anything else is ignored."""
    root = content_dir.resolve()
    slugs = set()
    for _, name in changes:
        path = Path(name).resolve()
        if not path.is_relative_to(root) or len(path.relative_to(root).parts) < 2:
            continue
        slug = path.relative_to(root).parts[0]
        if path.name == DECK_FILE or path.suffix.lower() in IMAGE_SUFFIXES:
            slugs.add(slug)
    return slugs


def rebuild_in_child(slugs: set[str], build_args: list[str]) -> tuple[bool, list[str]]:
    """Run `glimpse build --deck ...` in a child process; return (succeeded, its output lines)."""
    command = [sys.executable, "-m", "app.cli", "build", "--no-progress", *build_args]
    for slug in sorted(slugs):
        command += ["--deck", slug]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode == 0, (done.stdout + done.stderr).splitlines()


def on_change(build_args: list[str], report: Report) -> Callable[[set[str]], None]:
    """Return what to do when decks change: rebuild them in a child process.

    Nothing is reloaded here: each request reads the deck's current published generation
    (`app.publish`), so a good build is served at once and a failed one changes nothing.
    """

    def rebuild(slugs: set[str]) -> None:
        names = ", ".join(sorted(slugs))
        report(f"Changed: {names}; rebuilding.")
        ok, lines = rebuild_in_child(slugs, build_args)
        for line in lines:
            report(line)
        if ok:  # the server reads the new published generation on its next request
            report(f"Rebuilt {names}: refresh the page to see it.")
        else:
            report(f"{names}: not rebuilt; the last good version keeps serving.")

    return rebuild


def watch_decks(
    content_dir: Path,
    rebuild: Callable[[set[str]], None],
    stop: threading.Event | None = None,
    debounce_ms: int = 400,
) -> None:
    """Call `rebuild(slugs)` for each batch of changes under `content_dir`, until `stop` is set."""
    for changes in watch(
        content_dir, watch_filter=DefaultFilter(), debounce=debounce_ms, stop_event=stop
    ):
        slugs = changed_decks(changes, content_dir)
        if slugs:
            rebuild(slugs)


def start_watching(
    app: Flask, build_args: list[str], report: Report, stop: threading.Event | None = None
) -> threading.Thread:
    """Watch the app's content folder in a background thread; return the thread."""
    content_dir = Path(app.config["CONTENT_DIR"])
    thread = threading.Thread(
        target=watch_decks,
        args=(content_dir, on_change(build_args, report), stop),
        name="glimpse-watch",
        daemon=True,
    )
    thread.start()
    return thread
