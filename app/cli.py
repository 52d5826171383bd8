"""The `glimpse` command: thin wrappers that parse options, call one function, report.

Exit codes: 0 success (warnings may be printed); 1 a deck or build problem, each printed as
`content/<deck>/deck.toml: slide N: field: message`; 2 a usage error.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import create_app
from .build import NarrationOptions, build
from .check import check_decks
from .config import from_environment
from .deck_errors import DeckError
from .takeaway.export import export_epubs


def _fail(lines: list[str]) -> NoReturn:
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


@main.command()
@click.argument("text")
@click.option("--deck", "slug", help="Use this deck's voice and pronunciation table.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default="say.mp3",
    show_default=True,
    help="Where to write the audio (.mp3 or .wav).",
)
def say(text, slug, out) -> None:
    """Write how TEXT will sound, and print the phonemes the voice will read."""
    from pathlib import Path

    from .deck import DeckErrors, load_deck
    from .narration import NarrationError
    from .narration.interface import EngineUnavailable, SynthesisError
    from .narration.say import say as speak

    config = from_environment()
    try:
        deck = load_deck(Path(config["CONTENT_DIR"]) / slug) if slug else None
        said = speak(text, Path(out), deck)
    except DeckErrors as failure:
        _fail([f"error: {error}" for error in failure.errors])
    except (NarrationError, EngineUnavailable, SynthesisError, ValueError, OSError) as error:
        _fail([f"error: say: {error}"])
    click.echo(f"spoken: {' '.join(said.spoken)}")
    if said.phonemes is not None:
        click.echo(f"phonemes: {said.phonemes}")
    click.echo(f"wrote {said.file} ({said.duration:.1f} s)")


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


def _run_build(engine, voice, speed, strict, no_progress, only=None) -> None:
    options = NarrationOptions(engine, voice, speed, strict, progress=not no_progress)
    report = build(from_environment(), options, only=only)
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for done in report.built:
        click.echo(done.summary())
    if not report.ok:
        _fail([f"error: {problem}" for problem in report.errors])


@main.command("build")
@_narration_options
@click.option("--deck", "decks", multiple=True, help="Build only this deck (by slug); repeatable.")
def build_command(engine, voice, speed, strict, no_progress, decks) -> None:
    """Publish narration and images for every deck; the last good build keeps serving on failure."""
    _run_build(engine, voice, speed, strict, no_progress, only=set(decks) or None)


def _build_args(engine, voice, speed, strict) -> list[str]:
    """Return the narration options as `glimpse build` arguments, for a child process."""
    args = []
    for flag, value in (("--engine", engine), ("--voice", voice), ("--speed", speed)):
        if value is not None:
            args += [flag, str(value)]
    return args + ["--strict"] * strict


def _build_in_child(engine, voice, speed, strict, no_progress) -> None:
    """Run `glimpse build` in a child process, so the speech engine's memory (the Piper voice and
    onnxruntime, hundreds of MB) is returned before serving starts."""
    command = [sys.executable, "-m", "app.cli", "build", *_build_args(engine, voice, speed, strict)]
    command += ["--no-progress"] * no_progress
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
@click.option(
    "--watch", is_flag=True, help="Rebuild a deck when its deck.toml or a picture changes."
)
@_narration_options
def serve(host, port, no_build, watch, engine, voice, speed, strict, no_progress) -> None:
    """Build (unless --no-build), then serve the decks at http://HOST:PORT/."""
    if not no_build:
        _build_in_child(engine, voice, speed, strict, no_progress)
    from waitress import serve as waitress_serve

    app = create_app()
    if watch:
        from .watch import start_watching

        start_watching(app, _build_args(engine, voice, speed, strict), _say)
        click.echo(f"Watching {app.config['CONTENT_DIR']} for changes.")
    click.echo(f"Serving Glimpse at http://{host}:{port}/ (Ctrl+C to stop)")
    # ident="": no Server header (it names our software to anyone and costs bytes on each answer).
    waitress_serve(app, host=host, port=port, threads=8, ident="")


def _say(line: str) -> None:
    click.echo(line, err=True)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--slug", required=True, help="Folder name of the new deck: content/SLUG/.")
@click.option("--force", is_flag=True, help="Replace an existing deck of that name.")
def import_command(source: Path, slug: str, force: bool) -> None:
    """Import a saved web page (HTML with its pictures beside it) or a Markdown file as a deck."""
    from .importer import import_essay

    content = Path(from_environment()["CONTENT_DIR"])
    try:
        report = import_essay(source, slug, content, force=force)
    except DeckError as error:
        _fail([f"error: {error}"])
    for line in report.lines():
        click.echo(line)


@main.command()
@click.argument("slug")
def new(slug: str) -> None:
    """Start a deck: content/SLUG/deck.toml with one example slide and a comment per field."""
    from .importer.scaffold import new_deck

    try:
        deck_file = new_deck(slug, Path(from_environment()["CONTENT_DIR"]))
    except DeckError as error:
        _fail([f"error: {error}"])
    click.echo(f"Wrote {deck_file}: fill in each empty value, then run `glimpse check`.")


@main.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", help="Path the site lives under (default: GLIMPSE_PUBLIC_URL's, or /).")
def export_command(folder: Path, base_url: str) -> None:
    """Write the published decks as a static site into FOLDER (only changed files are written)."""
    from .export import ExportError, export_site

    try:
        report = export_site(from_environment(), folder, base_url)
    except ExportError as error:
        _fail([f"error: {error}"])
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    click.echo(f"Exported to {folder}: {report.summary()}")


@main.command("nginx-config")
@click.option("--root", default="/srv/glimpse", show_default=True, help="Folder nginx serves.")
@click.option("--base-url", default="/", show_default=True, help="Path the site lives under.")
@click.option("--listen", default="80", show_default=True, help="nginx `listen` value.")
def nginx_config_command(root: str, base_url: str, listen: str) -> None:
    """Print an nginx config serving an export with the live server's headers."""
    from .export import ExportError, nginx_config

    try:
        click.echo(nginx_config(root, base_url, listen), nl=False)
    except ExportError as error:
        _fail([f"error: {error}"])


if __name__ == "__main__":
    main()
