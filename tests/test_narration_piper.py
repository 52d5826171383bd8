"""Real Piper synthesis and MP3 encoding."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from app.narration import Clip, EngineUnavailable, make_engine, mp3_duration, write_mp3
from app.narration.piper import PiperEngine, check_default_model

SENTENCE = "The train left Pyongyang at noon."


@pytest.fixture(scope="module")
def piper() -> PiperEngine:
    return PiperEngine(noise=0.0)


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def test_piper_speaks_a_sentence(piper: PiperEngine):
    clip = piper.synthesize(SENTENCE)
    assert clip.sample_rate == 22050
    assert clip.samples.dtype == np.float32
    assert 0.5 < clip.duration < 5.0
    assert rms(clip.samples) > 0.02
    assert np.max(np.abs(clip.samples)) <= 0.9 + 1e-6  # volume leaves headroom


def test_noise_zero_is_deterministic(piper: PiperEngine):
    assert np.array_equal(piper.synthesize(SENTENCE).samples, piper.synthesize(SENTENCE).samples)


def test_parallel_synthesis_matches_serial(piper: PiperEngine):
    texts = [SENTENCE, "A second, different sentence.", SENTENCE, "Four."]
    serial = [piper.synthesize(text).samples for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = [clip.samples for clip in pool.map(piper.synthesize, texts)]
    assert all(np.array_equal(a, b) for a, b in zip(serial, parallel, strict=True))


def test_phonemes_in_brackets_are_read_as_phonemes(piper: PiperEngine):
    """The engine reads [[...]] as raw phonemes (only the pronunciation table writes them)."""
    assert piper.phonemes
    assert piper.phonemize("[[pjˌɑːŋjˈæŋ]]") == "pjˌɑːŋjˈæŋ"
    pinned = piper.synthesize("The train left [[pjˌɑːŋjˈæŋ]] at noon.")
    assert not np.array_equal(pinned.samples, piper.synthesize(SENTENCE).samples)


def test_speed_and_noise_shape_identity_and_length():
    slow, fast = (
        make_engine("piper", speed=0.8, noise=0.0),
        make_engine("piper", speed=1.25, noise=0.0),
    )
    assert slow.identity() != fast.identity()
    assert slow.synthesize(SENTENCE).duration > fast.synthesize(SENTENCE).duration
    assert slow.voice == "en_US-joe-medium"


def test_mp3_round_trip(piper: PiperEngine, tmp_path: Path):
    clip = piper.synthesize(SENTENCE)
    path = tmp_path / "narration" / "clip.mp3"
    write_mp3(clip, path)
    samples, rate = sf.read(path)
    assert rate == 22050
    assert samples.ndim == 1
    assert mp3_duration(path) == pytest.approx(clip.duration, rel=0.05)
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_mp3_carries_a_lame_header_with_exact_length(tmp_path: Path):
    clip = Clip(np.zeros(22050 * 2 + 123, dtype=np.float32), 22050)
    path = tmp_path / "silence.mp3"
    write_mp3(clip, path)
    head = path.read_bytes()[:1024]
    assert b"Xing" in head or b"Info" in head
    assert mp3_duration(path) == pytest.approx(clip.duration, abs=1e-6)


def test_a_corrupt_default_model_is_refused(tmp_path: Path):
    bad = tmp_path / "en_US-joe-medium.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(EngineUnavailable, match=r"en_US-joe-medium\.onnx"):
        check_default_model(bad)


def test_a_missing_voice_file_is_unavailable(tmp_path: Path):
    with pytest.raises(EngineUnavailable, match=r"missing\.onnx"):
        PiperEngine(voice=tmp_path / "missing.onnx")


def test_a_voice_name_that_is_not_a_file_is_refused():
    with pytest.raises(EngineUnavailable, match="unknown Piper voice"):
        PiperEngine(voice="en_GB-alan-low")


def test_unknown_engine_name():
    with pytest.raises(ValueError, match="unknown narration engine"):
        make_engine("espeak")


def test_deck_language_reaches_the_engine(make_deck):
    """A French deck with the English default voice is refused, naming both languages."""
    from app.deck import load_deck
    from app.narration import NarrationError, narrate_deck

    deck = load_deck(make_deck("french", language="fr"))
    with pytest.raises(
        NarrationError, match="language is 'fr' but Piper voice en_US-joe-medium speaks 'en-us'"
    ):
        narrate_deck(deck, deck.folder / "out", progress=False)
    assert not (deck.folder / "out" / "narration").exists()
