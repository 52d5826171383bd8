"""Minify our CSS and JS with esbuild (pinned in package.json), once per version of the sources.

Our sources are written to be read (long comments explain the accessibility decisions); readers
download them minified: about half the bytes after brotli. esbuild is a native binary from the
npm registry, installed by `npm ci` beside htmx, so nothing is minified by hand-written code.
The output is a pure function of the source and esbuild's version, so a hashed URL always names
the same bytes. Without esbuild (node_modules not installed) the source is served as it is.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

ESBUILD = Path(".bin") / "esbuild"  # under node_modules
TIMEOUT = 60  # seconds; esbuild takes milliseconds
# Syntax no newer than the browsers the site supports: the minifier never introduces `??` or `?.`.
JS_TARGET = "es2017"


class MinifyError(Exception):
    """esbuild is missing or refused a source."""


def esbuild_command(node_modules: Path, loader: str) -> list[str]:
    """Return the esbuild command that minifies stdin (`loader` is "js" or "css") to stdout."""
    command = [str(node_modules / ESBUILD), "--minify", f"--loader={loader}", "--charset=utf8"]
    command.append("--legal-comments=none")
    if loader == "js":
        command.append(f"--target={JS_TARGET}")
    return command


def minify(source: bytes, loader: str, node_modules: Path) -> bytes:
    """Return `source` minified; raise MinifyError if esbuild is missing or fails."""
    command = esbuild_command(node_modules, loader)
    if not Path(command[0]).exists():
        raise MinifyError(f"{command[0]} not found (run `npm ci`)")
    try:
        done = subprocess.run(command, input=source, capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise MinifyError(f"esbuild: {error}") from error
    if done.returncode != 0:
        raise MinifyError(done.stderr.decode(errors="replace").strip())
    return done.stdout.rstrip(b"\n")


def minified_or_source(path: Path, loader: str, node_modules: Path) -> bytes:
    """Return a file's bytes minified, or as they are (with a warning) when esbuild cannot."""
    source = path.read_bytes()
    try:
        return minify(source, loader, node_modules)
    except MinifyError as error:
        log.warning("%s served unminified: %s", path.name, error)
        return source
