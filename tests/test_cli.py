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
        "error: content/bad-fields/deck.toml: slide 4: image: images/not-there.jpg: file not found;"
        " put the picture there, or set placeholder = true for a stand-in card" in lines
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
        line.startswith("warning: content/photos/deck.toml: slide 1: image: images/a.jpg: ")
        and "GPS" in line
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

    def fake_serve(app, host, port, threads, ident):
        served.update(app=app, host=host, port=port, ident=ident)
        served["manifest"] = load_published(tmp_path / "audio", "good") is not None

    monkeypatch.setattr("waitress.serve", fake_serve)
    result = runner.invoke(main, ["serve", "--port", "5099", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert served["manifest"] is True  # built before serving began
    assert (served["host"], served["port"]) == ("127.0.0.1", 5099)
    assert served["ident"] == ""  # no Server header on any answer
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


def test_check_warns_about_dead_pronunciations_and_long_sentences(runner, monkeypatch, make_deck):
    long = ", ".join(["the road ran on past the fields"] * 12) + "."
    folder = make_deck(
        "talk",
        pronunciations={"Kim II Sung": "Kim Il Sung", "An": {"phonemes": "ˈæn"}},
        slides=[
            {"heading": "Opening", "caption": "An opening line."},
            {"heading": "L", "caption": long},
        ],
    )
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(folder.parent))
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "warning: content/talk/deck.toml: pronunciations: 'Kim II Sung' matches no spoken text: "
        "remove it or fix its spelling"
    ) in lines
    assert not any("'An'" in line for line in lines)
    assert any(
        line.startswith("warning: content/talk/deck.toml: slide 2: caption: a sentence of 84 words")
        for line in lines
    )


def test_say_writes_audio_and_prints_the_tables_phonemes(runner, monkeypatch, make_deck, tmp_path):
    import soundfile as sf

    make_deck("talk", pronunciations={"Pyongyang": {"phonemes": "pjˌɑːŋjˈæŋ"}})
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    out = tmp_path / "said.wav"
    result = runner.invoke(
        main, ["say", "Pyongyang on May 1st.", "--deck", "talk", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "spoken: [[pjˌɑːŋjˈæŋ]] on May first." in result.output
    assert "phonemes: pjˌɑːŋjˈæŋ ˌɔn mˈeɪ fˈɜːst." in result.output
    samples, rate = sf.read(out)
    assert rate == 22050
    assert len(samples) / rate > 1.0


def test_say_with_an_unknown_deck_is_one_clear_error(runner, monkeypatch, tmp_path):
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    result = runner.invoke(
        main, ["say", "Hello.", "--deck", "nope", "--out", str(tmp_path / "x.mp3")]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "content/nope/deck.toml" in result.output or "nope" in result.output
