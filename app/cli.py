"""The `glimpse` command: thin wrappers that parse options, call one function, report.

Exit codes: 0 success (warnings may be printed); 1 a deck or build problem, each printed as
`content/<deck>/deck.toml: slide N: field: message`; 2 a usage error.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import click

from . import create_app
from .build import NarrationOptions, build
from .check import check_decks
from .config import from_environment
from .takeaway.export import export_epubs


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


@click.group()
def main() -> None:
    """Glimpse: photo essays as accessible, audio-described slideshows."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")


@main.command()
def check() -> None:
    """Validate every deck: schema, images, alt text. Errors exit 1; warnings do not."""
    result = check_decks(from_environment())
    for line in result.voices:
        click.echo(line)
    for line in result.warnings:
        click.echo(f"warning: {line}", err=True)
    if result.errors:
        _fail([f"error: {line}" for line in result.errors])
    click.echo(
        f"Checked {result.decks} deck(s), {result.slides} slides: "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings."
    )


def _narration_options(func):
    func = click.option("--engine", type=click.Choice(["piper", "gtts"]), help="Speech engine.")(
        func
    )
    func = click.option("--voice", help="Piper voice name or .onnx path.")(func)
    func = click.option("--speed", type=click.FloatRange(0.5, 2.0), help="Speaking rate.")(func)
    func = click.option("--strict", is_flag=True, help="Fail instead of falling back offline.")(
        func
    )
    return click.option("--no-progress", is_flag=True, help="Hide the progress bars.")(func)


def _run_build(engine, voice, speed, strict, no_progress) -> None:
    options = NarrationOptions(engine, voice, speed, strict, progress=not no_progress)
    report = build(from_environment(), options)
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for done in report.built:
        click.echo(done.summary())
    if not report.ok:
        _fail([f"error: {problem}" for problem in report.errors])


@main.command("build")
@_narration_options
def build_command(engine, voice, speed, strict, no_progress) -> None:
    """Publish narration and images for every deck; the last good build keeps serving on failure."""
    _run_build(engine, voice, speed, strict, no_progress)


def _build_in_child(engine, voice, speed, strict, no_progress) -> None:
    """Run `glimpse build` in a child process, so the speech engine's memory (the Piper voice and
    onnxruntime, hundreds of MB) is returned before serving starts."""
    command = [sys.executable, "-m", "app.cli", "build"]
    for flag, value in (("--engine", engine), ("--voice", voice), ("--speed", speed)):
        if value is not None:
            command += [flag, str(value)]
    command += ["--strict"] * strict + ["--no-progress"] * no_progress
    if subprocess.run(command, check=False).returncode != 0:
        click.echo("Build had problems; serving the last good output.", err=True)


@main.command()
@click.option(
    "--out",
    "out_dir",
    default="books",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write <deck>.epub into.",
)
def epub(out_dir: Path) -> None:
    """Write each built deck as an EPUB 3 talking book, from what the last build published."""
    report = export_epubs(from_environment(), out_dir)
    for path in report.written:
        click.echo(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    if report.errors:
        _fail([f"error: {line}" for line in report.errors])


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-build", is_flag=True, help="Serve what was built last, without building.")
@_narration_options
def serve(host, port, no_build, engine, voice, speed, strict, no_progress) -> None:
    """Build (unless --no-build), then serve the decks at http://HOST:PORT/."""
    if not no_build:
        _build_in_child(engine, voice, speed, strict, no_progress)
    from waitress import serve as waitress_serve

    click.echo(f"Serving Glimpse at http://{host}:{port}/ (Ctrl+C to stop)")
    waitress_serve(create_app(), host=host, port=port, threads=8)


if __name__ == "__main__":
    main()
