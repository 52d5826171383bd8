"""gTTS faked at its HTTP boundary: success, retries, fallback to Piper, strict mode."""

from __future__ import annotations

import base64
import io
import logging
from pathlib import Path

import numpy as np
import pytest
import requests
import responses
import soundfile as sf
from responses.registries import OrderedRegistry

from app.deck import load_deck
from app.narration import EngineUnavailable, NarrationError, SynthesisError, narrate_deck
from app.narration.gtts import GttsEngine, gtts_language
from app.narration.render import LEAD_IN, TAIL

URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
SLIDES = [
    {"heading": "One", "caption": "The first slide."},
    {"heading": "Two", "caption": "The second slide."},
]


def mp3_tone(seconds: float = 1.0, rate: int = 24000) -> bytes:
    """Make MP3 bytes like gTTS's (24 kHz mono) with soundfile."""
    t = np.arange(int(seconds * rate)) / rate
    buffer = io.BytesIO()
    sf.write(buffer, 0.3 * np.sin(2 * np.pi * 330 * t), rate, format="MP3")
    return buffer.getvalue()


def batchexecute_body(audio: bytes) -> str:
    """Shape a response like Google's batchexecute answer carrying base64 audio."""
    b64 = base64.b64encode(audio).decode("ascii")
    row = f'[["wrb.fr","jQ1olc","[\\"{b64}\\"]",null,null,null,"generic"],["di",42]]'
    return f")]}}'\n\n{len(row)}\n{row}\n"


def no_empty_files(folder: Path) -> bool:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return all(p.stat().st_size > 0 and not p.name.endswith(".tmp") for p in files)


@pytest.fixture
def delays() -> list[float]:
    return []


@pytest.fixture
def engine(delays) -> GttsEngine:
    return GttsEngine("en-US", tld="com", sleep=delays.append)


@responses.activate
def test_success_decodes_to_a_22050_hz_clip(engine):
    responses.post(URL, body=batchexecute_body(mp3_tone(1.0)))
    clip = engine.synthesize("Hello there.")
    assert clip.sample_rate == 22050
    assert clip.duration == pytest.approx(1.0, abs=0.08)
    assert float(np.abs(clip.samples).max()) > 0.1
    assert "Hello%20there." in responses.calls[0].request.body


@responses.activate(registry=OrderedRegistry)
def test_429_is_retried_with_backoff(engine, delays):
    responses.post(URL, status=429)
    responses.post(URL, status=503)
    responses.post(URL, body=batchexecute_body(mp3_tone(0.5)))
    clip = engine.synthesize("Hello.")
    assert clip.duration == pytest.approx(0.5, abs=0.08)
    assert delays == [0.5, 1.0]
    assert len(responses.calls) == 3


@responses.activate
def test_persistent_429_gives_up_as_unavailable(engine, delays):
    responses.post(URL, status=429)
    with pytest.raises(EngineUnavailable, match="HTTP 429"):
        engine.synthesize("Hello.")
    assert delays == [0.5, 1.0, 2.0]


@responses.activate
def test_other_http_errors_are_not_retried(engine, delays):
    responses.post(URL, status=403)
    with pytest.raises(SynthesisError, match="403"):
        engine.synthesize("Hello.")
    assert delays == []


@responses.activate
def test_an_answer_without_audio_is_a_synthesis_error(engine):
    responses.post(URL, body='[["wrb.fr","jQ1olc",null]]')
    with pytest.raises(SynthesisError):
        engine.synthesize("Hello.")


def test_language_tags_map_to_gtts_languages():
    assert gtts_language("en-GB") == "en"
    assert gtts_language("zh-TW") == "zh-TW"
    with pytest.raises(ValueError, match="xx"):
        gtts_language("xx")


@responses.activate
def test_gtts_deck_is_narrated_with_gtts(make_deck, tmp_path):
    responses.post(URL, body=batchexecute_body(mp3_tone(0.7)))
    the_deck = load_deck(make_deck(slides=SLIDES, narration={"engine": "gtts", "tld": "com"}))
    result = narrate_deck(the_deck, tmp_path / "audio", progress=False)
    assert (result.engine, result.requested_engine, result.fallback_reason) == (
        "gtts",
        "gtts",
        None,
    )
    assert result.voice == "en, google.com"
    assert len(responses.calls) == 2
    padded = 0.7 + LEAD_IN + TAIL  # the tone, with breathing room before and after
    assert all(clip.duration == pytest.approx(padded, abs=0.08) for clip in result.clips)
    assert no_empty_files(tmp_path / "audio")


@responses.activate
def test_unreachable_gtts_falls_back_to_piper_for_the_whole_deck(make_deck, tmp_path, caplog):
    responses.post(URL, body=requests.exceptions.ConnectionError("network is unreachable"))
    the_deck = load_deck(make_deck(slides=SLIDES))
    with caplog.at_level(logging.WARNING, logger="app.narration"):
        result = narrate_deck(
            the_deck, tmp_path / "audio", engine="gtts", noise=0.0, progress=False
        )
    assert (result.engine, result.requested_engine) == ("piper", "gtts")
    assert "cannot reach google.com" in result.fallback_reason
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"gTTS unreachable ({result.fallback_reason}); narrating the whole deck with piper instead"
    ]
    assert all(clip and not clip.cached for clip in result.clips)
    assert result.to_manifest()["requested_engine"] == "gtts"
    assert no_empty_files(tmp_path / "audio")


@responses.activate
def test_strict_mode_refuses_to_fall_back(make_deck, tmp_path):
    responses.post(URL, body=requests.exceptions.ConnectionError("network is unreachable"))
    the_deck = load_deck(make_deck(slides=SLIDES))
    with pytest.raises(NarrationError, match=r"^gTTS unreachable \(.*\); strict") as failure:
        narrate_deck(the_deck, tmp_path / "audio", engine="gtts", strict=True, progress=False)
    assert failure.value.slide is None
    assert "\n" not in str(failure.value)
    assert no_empty_files(tmp_path)
