"""Spoken text: sentences, clause cuts, normalisation, phonemes from the table; resampling."""

from __future__ import annotations

import numpy as np
import pytest

from app.deck import load_deck
from app.narration import Clip, narrate_deck
from app.narration.lint import narration_warnings
from app.narration.normalize import normalize
from app.narration.piper import PiperEngine
from app.narration.sentences import MAX_PIECE_WORDS, sentence_spans, split_long, word_count
from tests.test_narration_cache import Counting

PYONGYANG = "pjˌɑːŋjˈæŋ"


@pytest.fixture(scope="module")
def piper() -> PiperEngine:
    return PiperEngine(noise=0.0)


def test_sentences_are_exact_substrings_and_abbreviations_do_not_end_them():
    text = "Mt. Paektu at dawn.  Dr. Kim met No. 5 today! \u201cHe said so.\u201d Then e.g. this\u2026 End"
    found = [text[a:b] for a, b in sentence_spans(text)]
    assert found == [
        "Mt. Paektu at dawn.",
        "Dr. Kim met No. 5 today!",
        "\u201cHe said so.\u201d",
        "Then e.g. this\u2026",
        "End",
    ]


def test_long_sentences_are_cut_at_clauses_first():
    clause = "the guard walked along the wall for hours"
    text = "; ".join([", ".join([clause] * 3)] * 4) + "."
    pieces = split_long(text)
    assert all(word_count(p) <= MAX_PIECE_WORDS for p in pieces)
    assert all(p.endswith((";", ".")) for p in pieces)  # semicolons before commas
    assert " ".join(pieces) == text


def test_a_run_without_punctuation_is_cut_at_conjunctions_then_between_words():
    text = " ".join(["word"] * 30 + ["and"] + ["word"] * 30)
    pieces = split_long(text)
    assert pieces[1].startswith("and ")
    bare = " ".join(["word"] * 5000)
    pieces = split_long(bare)
    assert all(0 < word_count(p) <= MAX_PIECE_WORDS for p in pieces)
    assert sum(word_count(p) for p in pieces) == 5000


def test_a_megabyte_caption_is_found_and_cut_whole():
    """Sentence finding and cutting scale with the text (they were quadratic: hours at 1 MB)."""
    clause = "the guard walked past the old wall near the station"
    bare = ", ".join([clause] * 20_000)  # 1 MB and 200,000 words with no full stop
    pieces = split_long(bare)
    assert all(0 < word_count(p) <= MAX_PIECE_WORDS for p in pieces)
    assert " ".join(pieces) == bare
    stops = "Dr. Kim. " + bare.replace(", ", ". Mr. J. Smith etc. and ")
    found = [stops[a:b] for a, b in sentence_spans(stops)]
    assert len(found) == 20_001
    assert found[:3] == ["Dr. Kim.", clause + ".", f"Mr. J. Smith etc. and {clause}."]
    assert found[-1] == f"Mr. J. Smith etc. and {clause}"


def test_check_names_three_long_sentences_of_a_field_and_counts_the_rest(make_deck, tmp_path):
    sentence = ", ".join(["the road ran on past the fields"] * 12) + ". "
    make_deck("talk", slides=[{"heading": "L", "caption": sentence * 10}])
    warnings = narration_warnings(load_deck(tmp_path / "content" / "talk"))
    long = [w for w in warnings if "a sentence of 84 words" in w[2]]
    assert len(long) == 3
    assert (1, "caption", "and 7 more sentences of over 80 words") in warnings


def test_dates_ordinals_numbers_and_abbreviations_are_said_in_words():
    assert normalize("Published on January 1, 2014.") == (
        "Published on January first, twenty fourteen."
    )
    assert (
        normalize("On 7 May, the 21st visit.") == "On the seventh of May, the twenty-first visit."
    )
    assert normalize("Mt. Paektu, St. Peter on Main St. and Dr. Kim at No. 5") == (
        "Mount Paektu, Saint Peter on Main Street and Doctor Kim at number five"
    )
    assert normalize("99 percent of 1,250 people; 12%") == (
        "ninety-nine percent of one thousand, two hundred and fifty people; twelve percent"
    )
    assert normalize("Il y a 3 chats.", "fr") == "Il y a trois chats."


def test_the_date_reaches_the_engine_as_an_ordinal_and_the_page_keeps_digits(
    make_deck, tmp_path, piper
):
    engine = Counting(piper)
    slides = [{"heading": "D", "caption": "The essay was published on January 1, 2014."}]
    result = narrate_deck(
        load_deck(make_deck(slides=slides)), tmp_path / "a", engine=engine, progress=False
    )
    assert engine.calls == ["The essay was published on January first, twenty fourteen."]
    assert result.clips[0].sentences[0]["text"] == "The essay was published on January 1, 2014."


def test_phonemes_from_the_table_reach_piper(make_deck, tmp_path, piper):
    engine = Counting(piper)
    slides = [{"heading": "P", "caption": "The train left Pyongyang [[at]] noon."}]
    table = {"Pyongyang": {"phonemes": PYONGYANG, "say": "Pyong Yang"}}
    the_deck = load_deck(make_deck(slides=slides, pronunciations=table))
    narrate_deck(the_deck, tmp_path / "a", engine=engine, progress=False)
    assert engine.calls == [f"The train left [[{PYONGYANG}]] at noon."]  # deck brackets dropped
    assert PYONGYANG in piper.phonemize(engine.calls[0])
    assert "pjɑːŋjˈɑːŋ" in piper.phonemize("The train left Pyongyang at noon.")  # espeak's guess


def test_engines_without_phonemes_get_the_respelling(make_deck, tmp_path, piper):
    engine = Counting(piper)
    engine.phonemes = False
    table = {"Pyongyang": {"phonemes": PYONGYANG, "say": "Pyong Yang"}, "Kim": {"phonemes": "k"}}
    slides = [{"heading": "P", "caption": "Kim left Pyongyang."}]
    the_deck = load_deck(make_deck(slides=slides, pronunciations=table))
    narrate_deck(the_deck, tmp_path / "a", engine=engine, progress=False)
    assert engine.calls == ["Kim left Pyong Yang."]


def resample_tone(frequency: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bring 2 s of a 24 kHz tone (gTTS's rate) to 22.05 kHz; return samples, spectrum, freqs."""
    t = np.arange(48000) / 24000
    clip = Clip((0.5 * np.sin(2 * np.pi * frequency * t)).astype(np.float32), 24000).resampled()
    assert clip.sample_rate == 22050
    samples = clip.samples[2205:-2205]  # away from the edges
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return samples, spectrum, np.fft.rfftfreq(len(samples), 1 / 22050)


def level_db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(samples**2)) / (0.5 / np.sqrt(2))))


def test_a_tone_near_the_new_nyquist_keeps_its_energy_and_makes_no_alias():
    samples, spectrum, freqs = resample_tone(10000.0)  # 91% of the new Nyquist (11.025 kHz)
    assert abs(level_db(samples)) < 0.1
    assert freqs[np.argmax(spectrum)] == pytest.approx(10000, abs=5)
    # 10.5 kHz is in soxr's transition band: attenuated a little, and nothing folds below it
    # (linear interpolation put an image at 22.05 - 13.5 = 8.55 kHz)
    samples, spectrum, freqs = resample_tone(10500.0)
    assert -6 < level_db(samples) < 0
    assert 20 * np.log10(spectrum[freqs < 10300].max() / spectrum.max()) < -60
    samples, _, _ = resample_tone(11500.0)  # above the new Nyquist: removed, not folded
    assert level_db(samples) < -60
