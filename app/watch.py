"""`glimpse serve --watch`: rebuild a deck when its `deck.toml` or a picture changes.

Each rebuild runs `glimpse build --deck SLUG` in a child process, as `serve` does, so the speech
engine's memory never stays in the server. A failed rebuild publishes nothing: its messages
(file, slide, field) are reported and the last good version keeps serving.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask
from watchfiles import Change, DefaultFilter, watch

from .deck import DECK_FILE, DeckErrors, load_deck
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


def refresh_decks(app: Flask, slugs: set[str]) -> None:
    """Reload rebuilt decks into the serving app; a deck that fails to load keeps its last version."""
    content_dir = Path(app.config["CONTENT_DIR"])
    decks = dict(app.extensions["glimpse.decks"])
    for slug in slugs:
        try:
            decks[slug] = load_deck(content_dir / slug, display_root=content_dir.parent)
        except DeckErrors:
            continue
    app.extensions["glimpse.decks"] = decks  # one assignment: requests see old or new, whole


def on_change(app: Flask, build_args: list[str], report: Report) -> Callable[[set[str]], None]:
    """Return what to do when decks change: rebuild them in a child, then serve the result."""

    def rebuild(slugs: set[str]) -> None:
        names = ", ".join(sorted(slugs))
        report(f"Changed: {names}; rebuilding.")
        ok, lines = rebuild_in_child(slugs, build_args)
        for line in lines:
            report(line)
        if ok:
            refresh_decks(app, slugs)
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
        args=(content_dir, on_change(app, build_args, report), stop),
        name="glimpse-watch",
        daemon=True,
    )
    thread.start()
    return thread
