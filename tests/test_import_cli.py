"""`glimpse import` and `glimpse new` end to end: the decks they write pass `glimpse check`
once a person has written what only a person can (alt text, titles)."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from bs4 import BeautifulSoup
from pydantic import BaseModel

from app import create_app
from app.build import NarrationOptions, build
from app.cli import main
from app.deck import DeckModel, Narration, Quote, Slide
from app.importer import import_essay
from app.importer.scaffold import scaffold_text
from app.publish import load_published
from tests.import_support import lay_out, make_picture
from tests.publish_support import Tone
from tests.test_import_html import CASES


@pytest.fixture
def content(tmp_path, monkeypatch):
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    return tmp_path / "content"


def test_imported_page_passes_check(runner, content, tmp_path):
    folder = lay_out("news", tmp_path, CASES["news"][0])
    result = runner.invoke(main, ["import", str(folder / "page.html"), "--slug", "porthcove"])
    assert result.exit_code == 0, result.output
    assert "Imported 2 figures into content/porthcove/deck.toml: 2 with alt text, 0 without." in (
        result.output.splitlines()
    )
    assert "skipped page_files/pixel.gif: tracking pixel (1x1 px)" in result.output
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0, check.output
    assert "Checked 1 deck(s), 2 slides: 0 errors" in check.output


def test_missing_alt_fails_check_until_a_person_writes_it(runner, content, tmp_path):
    folder = lay_out("no-alt", tmp_path, CASES["no-alt"][0])
    result = runner.invoke(main, ["import", str(folder / "page.html"), "--slug", "roll"])
    assert result.exit_code == 0, result.output
    assert "0 with alt text, 3 without." in result.output
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 1
    errors = [line for line in check.output.splitlines() if line.startswith("error: ")]
    assert errors == ["error: content/roll/deck.toml: credit: must not be empty"] + [
        f"error: content/roll/deck.toml: slide {n}: alt: must not be empty"
        " (or mark the image decorative = true)"
        for n in (1, 2, 3)
    ]
    deck_file = content / "roll/deck.toml"
    text = deck_file.read_text().replace('credit = ""', 'credit = "Unknown photographer"')
    for described in ("A cat on a wall.", "A bus in the rain.", "Two chairs in a yard."):
        text = text.replace('alt = ""', f'alt = "{described}"', 1)
    deck_file.write_text(text)
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0, check.output


def test_import_refuses_to_overwrite_without_force(runner, content, tmp_path):
    folder = lay_out("no-caption", tmp_path, CASES["no-caption"][0])
    args = ["import", str(folder / "page.html"), "--slug", "fleurs"]
    assert runner.invoke(main, args).exit_code == 0
    (content / "fleurs/deck.toml").write_text("# edited by hand\n")
    again = runner.invoke(main, args)
    assert again.exit_code == 1
    assert again.output.strip() == (
        "error: content/fleurs/deck.toml: already exists; use --force to replace it"
    )
    assert (content / "fleurs/deck.toml").read_text() == "# edited by hand\n"
    forced = runner.invoke(main, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert tomllib.loads((content / "fleurs/deck.toml").read_text())["language"] == "fr"


@pytest.mark.parametrize(
    ("name", "slug", "expected"),
    [
        ("essay.docx", "ok", "import reads .html, .htm, .md or .markdown files"),
        ("missing.html", "ok", "file not found"),
        ("page.html", "Not A Slug", "a slug is lowercase letters, digits and hyphens"),
    ],
)
def test_bad_import_arguments_are_clean_errors(runner, content, tmp_path, name, slug, expected):
    source = tmp_path / name
    if name == "page.html":
        source.write_text("<h1>x</h1>")
    result = runner.invoke(main, ["import", str(source), "--slug", slug])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().endswith(expected)


def test_page_without_pictures_is_a_clean_error(runner, content, tmp_path):
    source = tmp_path / "text.html"
    source.write_text("<article><h1>Words only</h1><p>No pictures.</p></article>")
    result = runner.invoke(main, ["import", str(source), "--slug", "words"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("no pictures of the essay found (nothing to import)")
    assert not (content / "words").exists()


def all_fields(model: type[BaseModel]) -> list[tuple[str, str]]:
    return [(name, info.description or "") for name, info in model.model_fields.items()]


def test_scaffold_comments_every_field_with_its_schema_description():
    lines = scaffold_text().splitlines()
    for model in (DeckModel, Narration, Slide):
        for name, description in all_fields(model):
            if model is DeckModel and name == "narration":  # a table: its own fields follow
                assert f"# {Narration.__doc__}" in lines
                continue
            assert description, f"{model.__name__}.{name} has no description"
            at = lines.index(f"# {description}")
            follows = lines[at + 1]
            assert follows.startswith((f"{name} = ", f"# {name} = ", "[")), (name, follows)
    quote_example = '# quote = { text = "The words quoted.", by = "Who said them" }'
    assert quote_example in lines
    required = {name for name, info in Quote.model_fields.items() if info.is_required()}
    assert set(tomllib.loads(quote_example[2:])["quote"]) == required


def test_new_deck_passes_check_once_its_placeholders_are_filled(runner, content):
    result = runner.invoke(main, ["new", "harbour"])
    assert result.exit_code == 0, result.output
    deck_file = content / "harbour/deck.toml"
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 1
    errors = "\n".join(line for line in check.output.splitlines() if line.startswith("error: "))
    for field in ("title", "credit", "slide 1: heading", "slide 1: image"):
        assert f"content/harbour/deck.toml: {field}: " in errors, field

    filled = {
        'title = ""': 'title = "Harbour mornings"',
        'credit = ""': 'credit = "Photographs by A. Tester"',
        'heading = ""': 'heading = "First light"',
        'alt = ""': 'alt = "Fishing boats moored in a small harbour at dawn."',
    }
    text = deck_file.read_text()
    for placeholder, value in filled.items():
        assert text.count(placeholder) == 1, placeholder
        text = text.replace(placeholder, value)
    deck_file.write_text(text)
    make_picture(content / "harbour/images/01.jpg", (800, 600))
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0, check.output
    assert "Checked 1 deck(s), 1 slides: 0 errors" in check.output


def test_new_refuses_an_existing_deck(runner, content):
    assert runner.invoke(main, ["new", "harbour"]).exit_code == 0
    again = runner.invoke(main, ["new", "harbour"])
    assert again.exit_code == 1
    assert again.output.strip() == "error: content/harbour/deck.toml: already exists"


def test_imported_deck_builds_and_serves_its_published_generation(content, tmp_path):
    folder = lay_out("medium", tmp_path, CASES["medium"][0])
    import_essay(folder / "page.html", "night-shift", content)
    config = {"CONTENT_DIR": content, "OUTPUT_DIR": tmp_path / "out"}
    report = build(config, NarrationOptions(engine=Tone(), progress=False))
    assert report.ok, report.errors
    published = load_published(tmp_path / "out", "night-shift")
    assert published is not None and published.generation  # served as built, dated deck too
    assert published.deck.model.date == dt.date(2021, 11, 20)
    client = create_app({"TESTING": True, **config}).test_client()
    page = BeautifulSoup(client.get("/night-shift/slides/1/").data, "html.parser")
    image = page.select_one("figure img")
    assert image["alt"] == "A baker in a flour-dusted apron slides loaves into an oven."
    assert image["src"].startswith("/night-shift/media/")  # a published file, not the source
    with client.get(image["src"]) as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
