"""Real Piper clips: sentence timings match the audio, captions parse, loudness and breathing room."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf
import webvtt

from app.deck import load_deck
from app.narration import narrate_deck
from app.narration.loudness import loudness, true_peak
from app.narration.piper import PiperEngine

SLIDES = [
    {
        "heading": "Harbour",
        "image": "h.jpg",
        "placeholder": True,
        "alt": "Boats.",
        "caption": "The boats come in at dawn. Mt. Kumgang stands behind them!",
        "description": "Fishing boats are moored in a small harbour. Nets dry on the quay.",
    },
    {"heading": "Date", "caption": "It was published on January 1, 2014."},
]
FRAME = 0.005  # seconds per analysis frame
QUIET = -52.0  # dBFS: below this a frame counts as silence (clips trim at -50 dB under peak)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("content") / "timed"
    from tests.conftest import BASE_DECK, write_deck

    write_deck(folder, {**BASE_DECK, "describe": True, "slides": SLIDES})
    deck = load_deck(folder)
    out = folder / "out"
    result = narrate_deck(deck, out, engine=PiperEngine(noise=0.0), progress=False)
    return deck, out, result


def frames_db(samples: np.ndarray, rate: int) -> np.ndarray:
    size = round(FRAME * rate)
    usable = samples[: len(samples) // size * size].reshape(-1, size)
    return 20 * np.log10(np.sqrt(np.mean(np.square(usable), axis=1)) + 1e-12)


def seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.split(":")
    return round(int(hours) * 3600 + int(minutes) * 60 + float(rest), 3)


def decoded(out, entry) -> tuple[np.ndarray, int]:
    samples, rate = sf.read(out / entry.file, dtype="float32")
    return samples, rate


def test_sentences_are_the_displayed_text_in_its_fields(built):
    deck, _, result = built
    slide = deck.slides[0]
    sentences = result.clips[0].sentences
    assert [s["part"] for s in sentences] == ["caption", "caption", "description", "description"]
    assert [s["text"] for s in sentences] == [
        "The boats come in at dawn.",
        "Mt. Kumgang stands behind them!",
        "Fishing boats are moored in a small harbour.",
        "Nets dry on the quay.",
    ]
    for sentence in sentences:
        assert sentence["text"] in getattr(slide, sentence["part"])


def test_sentence_boundaries_fall_in_silence_within_30_ms(built):
    _, out, result = built
    for entry in result.clips:
        samples, rate = decoded(out, entry)
        db = frames_db(samples, rate)
        loud = db > QUIET
        for sentence in entry.sentences:
            first, last = round(sentence["start"] / FRAME), round(sentence["end"] / FRAME)
            onset = first + int(np.argmax(loud[first:]))
            offset = last - int(np.argmax(loud[:last][::-1]))
            assert abs(onset - first) * FRAME <= 0.03, (sentence, onset * FRAME)
            assert abs(offset - last) * FRAME <= 0.03, (sentence, offset * FRAME)
        for before, after in zip(entry.sentences, entry.sentences[1:], strict=False):
            gap = loud[round(before["end"] / FRAME) + 6 : round(after["start"] / FRAME) - 6]
            assert len(gap) and not gap.any()


def test_breathing_room_before_and_after_speech(built):
    _, out, result = built
    for entry in result.clips:
        samples, rate = decoded(out, entry)
        loud = np.flatnonzero(frames_db(samples, rate) > QUIET)
        assert 0.15 <= loud[0] * FRAME <= 0.25
        assert len(samples) / rate - (loud[-1] + 1) * FRAME >= 0.3
        assert 0.15 <= entry.sentences[0]["start"] <= 0.25


def test_loudness_and_true_peak_within_target(built):
    _, out, result = built
    for entry in result.clips:
        samples, rate = decoded(out, entry)
        assert loudness(samples, rate) == pytest.approx(-16.0, abs=1.0)
        assert true_peak(samples, rate) <= -1.0
        assert entry.loudness == pytest.approx(loudness(samples, rate), abs=0.05)
        assert entry.true_peak <= -1.0
    essay, rate = sf.read(out / result.essay.file, dtype="float32")
    assert loudness(essay, rate) == pytest.approx(-16.0, abs=1.0)
    assert true_peak(essay, rate) <= -1.0


def test_sentences_of_a_clip_are_level(built):
    _, out, result = built
    samples, rate = decoded(out, result.clips[0])
    levels = [
        loudness(samples[round(s["start"] * rate) : round(s["end"] * rate)], rate)
        for s in result.clips[0].sentences
    ]
    assert max(levels) - min(levels) <= 1.5, levels


def test_every_caption_file_parses_with_one_cue_per_sentence(built):
    _, out, result = built
    for entry in result.clips:
        cues = webvtt.from_buffer(io.StringIO((out / entry.captions).read_text("utf-8")))
        assert [c.text for c in cues] == [s["text"] for s in entry.sentences]
        assert [seconds(c.start) for c in cues] == [round(s["start"], 3) for s in entry.sentences]
        assert [seconds(c.end) for c in cues] == [round(s["end"], 3) for s in entry.sentences]
    essay = webvtt.from_buffer(io.StringIO((out / result.essay.captions).read_text("utf-8")))
    assert len(essay) == sum(len(c.sentences) for c in result.clips)
    chapters = webvtt.from_buffer(io.StringIO((out / result.essay.chapters).read_text("utf-8")))
    assert [c.text for c in chapters] == ["Slide 1: Harbour", "Slide 2: Date"]


def test_essay_sentences_are_clip_sentences_moved_to_their_chapter(built):
    _, _, result = built
    starts = result.essay.chapter_starts
    assert [c["slide"] for c in starts] == [1, 2]
    assert starts[0]["start"] == 0
    assert starts[1]["start"] == pytest.approx(result.clips[0].duration + 1.0, abs=0.002)
    second = [s for s in result.essay.sentences if s["slide"] == 2]
    assert second[0]["start"] == pytest.approx(
        starts[1]["start"] + result.clips[1].sentences[0]["start"], abs=0.002
    )
    assert second[0]["text"] == result.clips[1].sentences[0]["text"]


def test_manifest_records_pace_and_language(built):
    _, _, result = built
    record = result.to_manifest()
    clip = record["clips"][1]
    assert clip["language"] == "en"
    assert 100 < clip["wpm"] < 220
    assert record["wpm"] == result.wpm
    assert "words per minute" in result.summary()
