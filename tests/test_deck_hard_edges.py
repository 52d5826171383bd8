"""Hard edges of deck loading: one bad deck never stops the others, and every problem the build
would hit is reported by `glimpse check` first, in the deck's own terms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import create_app
from app.cli import main
from app.deck import DeckErrors, discover_decks, load_deck

DECKS = Path(__file__).parent / "decks"


def copy_decks(tmp_path: Path, *names: str) -> Path:
    content = tmp_path / "content"
    for name in names:
        shutil.copytree(DECKS / name, content / name)
    return content


def test_deeply_nested_deck_is_its_own_error_and_others_load(tmp_path, make_deck):
    make_deck("good")
    content = copy_decks(tmp_path, "deep-nesting")
    decks, errors = discover_decks(content)
    assert list(decks) == ["good"]
    assert [str(error) for error in errors] == [
        "content/deep-nesting/deck.toml: nests arrays or tables too deeply to read: "
        "write each slide as a flat [[slides]] table"
    ]


def test_server_starts_and_serves_the_other_decks_beside_a_too_deep_one(tmp_path, make_deck):
    make_deck("good")
    content = copy_decks(tmp_path, "deep-nesting")
    app = create_app({"TESTING": True, "CONTENT_DIR": content, "OUTPUT_DIR": tmp_path / "out"})
    client = app.test_client()
    assert client.get("/good/").status_code == 200
    assert client.get("/deep-nesting/").status_code == 404


@pytest.mark.parametrize("command", [["check"], ["build", "--no-progress"]])
def test_check_and_build_report_a_too_deep_deck_without_traceback(
    runner, monkeypatch, tmp_path, make_deck, command
):
    make_deck("good", slides=[{"heading": "One", "caption": "Just one slide."}])
    copy_decks(tmp_path, "deep-nesting")
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    result = runner.invoke(main, command)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "error: content/deep-nesting/deck.toml: nests arrays or tables too deeply" in (
        result.output
    )


def test_byte_order_mark_is_accepted():
    deck = load_deck(DECKS / "with-bom")
    assert deck.title == "With a byte-order mark"


def test_everything_the_build_would_reject_is_a_schema_error():
    with pytest.raises(DeckErrors) as failure:
        load_deck(DECKS / "unspeakable", display_root=DECKS.parent)
    assert [str(error) for error in failure.value.errors] == [
        "decks/unspeakable/deck.toml: language: 'xx-!!' is not a language tag: "
        "write a BCP 47 tag such as 'en', 'en-GB' or 'ko'",
        "decks/unspeakable/deck.toml: narration.engine: must be one of 'piper' or 'gtts'",
        "decks/unspeakable/deck.toml: narration.speed: "
        "must be an ordinary number, like 1.0 (not nan or inf)",
        "decks/unspeakable/deck.toml: slide 1: caption: contains an invisible control character "
        "(U+0000) at character 21: delete it (retype the text if you cannot see it)",
        "decks/unspeakable/deck.toml: slide 2: caption: has no words in it "
        "(only punctuation or symbols): write the words to show and speak",
        "decks/unspeakable/deck.toml: slide 3: lang: 'fr_FR!' is not a language tag: "
        "write a BCP 47 tag such as 'en', 'en-GB' or 'ko'",
        "decks/unspeakable/deck.toml: slide 4: description: contains an invisible control "
        "character (U+001B) at character 11: delete it (retype the text if you cannot see it)",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"slides": ["not a table"]}, "slide 1: must be a slide table, written as [[slides]]"),
        ({"slides": []}, "slides: needs at least one slide: add a [[slides]] table"),
        ({"narration": {"speed": 9}}, "narration.speed: must be at most 2"),
        ({"narration": {"speed": "fast"}}, "narration.speed: must be a number, like 1.0"),
        ({"describe": "yes"}, "describe: must be true or false (without quotes)"),
        ({"date": "last week"}, "date: must be a date written like 2014-01-01"),
    ],
)
def test_messages_use_the_decks_words_not_the_librarys(make_deck, tmp_path, data, expected):
    folder = make_deck(**data)
    with pytest.raises(DeckErrors) as failure:
        load_deck(folder, display_root=tmp_path)
    text = "\n".join(str(error) for error in failure.value.errors)
    assert expected in text
    for library_word in ("Input should", "instance of", "pydantic", "Value error"):
        assert library_word not in text


def test_check_finds_voice_problems_before_any_synthesis(runner, monkeypatch, tmp_path):
    copy_decks(tmp_path, "missing-voice", "wrong-voice-language")
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "error: content/missing-voice/deck.toml: narration.voice: file not found: "
        "voices/nowhere.onnx" in lines
    )
    assert any(
        line.startswith(
            "error: content/wrong-voice-language/deck.toml: language: the deck's "
            "language is 'fr' but Piper voice en_US-joe-medium (en-us) speaks 'en-us'"
        )
        for line in lines
    )
    assert (
        "content/wrong-voice-language/deck.toml: spoken by Piper voice en_US-joe-medium "
        "(en-us)" in lines
    )


def test_check_warns_when_a_slide_language_differs_from_the_voice(runner, monkeypatch, make_deck):
    folder = make_deck(
        slides=[{"heading": "Un", "caption": "Bonjour tout le monde.", "lang": "fr"}]
    )
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(folder.parent))
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0
    assert (
        "warning: content/test-deck/deck.toml: slide 1: lang: text in 'fr' will be spoken by "
        "the deck's one voice, Piper voice en_US-joe-medium (en-us)"
    ) in result.output.splitlines()


@pytest.mark.parametrize("deck", ["missing-voice", "wrong-voice-language"])
def test_build_rejects_what_check_rejects_and_names_the_deck_file(
    runner, monkeypatch, tmp_path, deck
):
    copy_decks(tmp_path, deck)
    monkeypatch.setenv("GLIMPSE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("GLIMPSE_OUTPUT_DIR", str(tmp_path / "audio"))
    result = runner.invoke(main, ["build", "--no-progress"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"error: content/{deck}/deck.toml: " in result.output
