"""The `glimpse` command: clean messages and exit codes, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.cli import main
from app.publish import load_published
from tests.conftest import BUNDLED_CONTENT

DECKS = Path(__file__).parent / "decks"


def test_check_passes_on_the_bundled_deck(runner, monkeypatch):
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(BUNDLED_CONTENT))
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "Checked 1 deck(s), 29 slides: 0 errors" in result.output


def test_check_reports_every_problem_and_exits_1(runner, monkeypatch, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DECKS / "bad-fields", content / "bad-fields")
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(content))
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert "error: content/bad-fields/deck.toml: slide 3: heading: must not be empty" in lines
    assert (
        "error: content/bad-fields/deck.toml: slide 4: image: file not found: images/not-there.jpg"
        in lines
    )
    assert sum(line.startswith("error: ") for line in lines) == 5


def test_build_with_a_broken_deck_exits_1_and_builds_the_rest(
    runner, monkeypatch, make_deck, tmp_path
):
    make_deck("good", slides=[{"heading": "One", "caption": "Just one slide."}])
    make_deck("broken", slides=[{"heading": "", "caption": "x"}])
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    result = runner.invoke(main, ["build", "--no-progress"])
    assert result.exit_code == 1
    assert "Built good: 1 slides" in result.output
    assert "error: content/broken/deck.toml: slide 1: heading: must not be empty" in result.output
    assert load_published(tmp_path / "audio", "good").deck.slides[0].heading == "One"
    assert not (tmp_path / "audio" / "broken").exists()


def test_unknown_engine_is_a_usage_error(runner):
    result = runner.invoke(main, ["build", "--engine", "espeak"])
    assert result.exit_code == 2


def test_check_warns_about_gps_and_fails_on_alt_errors(runner, monkeypatch, make_deck, tmp_path):
    from tests.images_support import photo_like, save, secret_jpeg

    folder = make_deck(
        "photos",
        slides=[
            {
                "heading": "Harbour",
                "image": "images/a.jpg",
                "alt": "Boats in a harbour.",
                "caption": "Dawn.",
            },
            {"heading": "Echo", "image": "images/a.jpg", "alt": "Dawn!", "caption": "Dawn."},
        ],
    )
    save(folder, "images/a.jpg", secret_jpeg(photo_like((640, 480))))
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    result = runner.invoke(main, ["check"])
    lines = result.output.splitlines()
    assert any(
        line.startswith("warning: content/photos/deck.toml: slide 1: image: ") and "GPS" in line
        for line in lines
    )
    assert any(line.startswith("error: content/photos/deck.toml: slide 2: alt: ") for line in lines)
    assert result.exit_code == 1

    (folder / "deck.toml").write_text(
        (folder / "deck.toml").read_text().replace('alt = "Dawn!"', 'alt = "Gulls over the pier."')
    )
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0 and "GPS" in result.output


def test_serve_builds_in_a_child_process_then_serves(runner, monkeypatch, make_deck, tmp_path):
    make_deck("good", slides=[{"heading": "One", "caption": "Just one slide."}])
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    served = {}

    def fake_serve(app, host, port, threads):
        served.update(app=app, host=host, port=port)
        served["manifest"] = load_published(tmp_path / "audio", "good") is not None

    monkeypatch.setattr("waitress.serve", fake_serve)
    result = runner.invoke(main, ["serve", "--port", "5099", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert served["manifest"] is True  # built before serving began
    assert (served["host"], served["port"]) == ("127.0.0.1", 5099)
    assert served["app"].test_client().get("/good/slides/1/").status_code == 200


def test_serve_keeps_serving_the_last_good_output_when_the_build_fails(
    runner, monkeypatch, make_deck, tmp_path
):
    make_deck("broken", slides=[{"heading": "", "caption": "x"}])
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    monkeypatch.setattr("waitress.serve", lambda app, **kwargs: None)
    result = runner.invoke(main, ["serve", "--no-progress"])
    assert result.exit_code == 0
    assert "Build had problems; serving the last good output." in result.output
