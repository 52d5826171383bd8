"""narrate_deck: clips cached by their inputs, stale files removed only on request, failures."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np
import pytest

from app.deck import load_deck
from app.narration import Clip, NarrationError, SynthesisError, narrate_deck, remove_stale
from app.narration.piper import PiperEngine

SLIDES = [
    {"heading": "One", "caption": "The first slide."},
    {"heading": "Two", "caption": "Mt. Paektu at dawn."},
    {"heading": "Three", "caption": "The last slide."},
]


class Counting:
    """Wrap an engine and count synthesize calls."""

    def __init__(self, inner):
        self.inner, self.name, self.voice = inner, inner.name, inner.voice
        self.phonemes = getattr(inner, "phonemes", False)
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def identity(self) -> dict:
        return self.inner.identity()

    def synthesize(self, text: str) -> Clip:
        with self._lock:
            self.calls.append(text)
        return self.inner.synthesize(text)


class Tone:
    """A fast fake engine: a tone whose length follows the text; fails on the word 'boom'."""

    name, voice = "tone", "sine"

    def identity(self) -> dict:
        return {"engine": "tone"}

    def synthesize(self, text: str) -> Clip:
        if "boom" in text:
            raise SynthesisError("the tone engine cannot say boom")
        t = np.arange(2205 * len(text)) / 22050
        return Clip((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 22050)


@pytest.fixture(scope="module")
def piper() -> PiperEngine:
    return PiperEngine(noise=0.0)


def deck(make_deck, slides=SLIDES, **fields):
    return load_deck(make_deck(slides=slides, **fields))


def narrate(the_deck, out: Path, **options):
    options.setdefault("progress", False)
    return narrate_deck(the_deck, out, **options)


def test_second_narration_synthesizes_nothing(make_deck, tmp_path, piper):
    out, engine = tmp_path / "audio", Counting(piper)
    first = narrate(deck(make_deck), out, engine=engine)
    assert len(engine.calls) == 3
    assert first.cached_count == 0
    second = narrate(deck(make_deck), out, engine=engine)
    assert len(engine.calls) == 3
    assert second.cached_count == 3
    assert [c.cached for c in second.clips] == [True, True, True]
    assert [c.file for c in second.clips] == [c.file for c in first.clips]
    assert second.essay == first.essay


def test_changing_a_caption_renews_only_that_clip(make_deck, tmp_path, piper):
    out, engine = tmp_path / "audio", Counting(piper)
    first = narrate(deck(make_deck), out, engine=engine)
    changed = [SLIDES[0], {"heading": "Two", "caption": "A new caption."}, SLIDES[2]]
    second = narrate(deck(make_deck, slides=changed), out, engine=engine)
    assert engine.calls[3:] == ["A new caption."]
    assert [c.cached for c in second.clips] == [True, False, True]
    assert second.clips[1].file != first.clips[1].file
    assert second.essay.file != first.essay.file


def test_changing_the_pronunciation_table_renews_every_clip(make_deck, tmp_path, piper):
    out = tmp_path / "audio"
    first = narrate(deck(make_deck), out, engine=piper)
    second = narrate(deck(make_deck, pronunciations={"Mt.": "Mount"}), out, engine=piper)
    assert second.cached_count == 0
    assert {c.file for c in first.clips}.isdisjoint(c.file for c in second.clips)


def test_speed_and_voice_options_renew_every_clip(make_deck, tmp_path):
    out, the_deck = tmp_path / "audio", deck(make_deck)
    first = narrate(the_deck, out, engine="piper", noise=0.0)
    assert narrate(the_deck, out, engine="piper", noise=0.0).cached_count == 3
    faster = narrate(the_deck, out, engine="piper", noise=0.0, speed=1.3)
    assert faster.cached_count == 0
    assert faster.audio_seconds < first.audio_seconds
    assert narrate(the_deck, out, engine="piper", noise=0.5).cached_count == 0


def test_remove_stale_keeps_only_what_the_manifest_names(make_deck, tmp_path, piper):
    out = tmp_path / "audio"
    first = narrate(deck(make_deck), out, engine=piper)
    changed = [SLIDES[0], SLIDES[1], {"heading": "Three", "caption": "Changed."}]
    second = narrate(deck(make_deck, slides=changed), out, engine=piper)
    removed = remove_stale(out, second.files())
    old_clip, old_essay = first.clips[2].file[:-4], first.essay.file[:-4]
    assert set(removed) == {
        *(old_clip + suffix for suffix in (".mp3", ".vtt", ".json")),
        *(old_essay + suffix for suffix in (".mp3", ".vtt", ".captions.vtt", ".json")),
    }
    on_disk = {p.relative_to(out).as_posix() for p in (out / "narration").iterdir()}
    assert on_disk == second.files()


def test_result_reports_engine_text_and_summary(make_deck, tmp_path, piper):
    result = narrate(deck(make_deck, pronunciations={"Mt.": "Mount"}), tmp_path / "a", engine=piper)
    assert (result.engine, result.voice, result.requested_engine) == (
        "piper",
        "en_US-joe-medium",
        "piper",
    )
    assert result.clips[1].text == "Mt. Paektu at dawn."  # the transcript, not the spoken rewrite
    assert result.audio_seconds == pytest.approx(sum(c.duration for c in result.clips))
    manifest = result.to_manifest()
    assert manifest["clips"][0]["file"] == result.clips[0].file
    assert manifest["essay"]["chapters"].endswith(".vtt")
    assert result.summary().startswith("Narrated 3 slides: ")
    assert "synthesized 3 in" in result.summary()
    assert re.search(
        r"\(0 cached\), engine piper \(en_US-joe-medium\), \d+ words per minute$", result.summary()
    )


def test_a_failing_slide_is_named_and_old_files_are_untouched(make_deck, tmp_path):
    out = tmp_path / "audio"
    narrate(deck(make_deck), out, engine=Tone())
    before = {p: p.read_bytes() for p in (out / "narration").iterdir()}
    broken = [
        {"heading": "One", "caption": "Fresh one."},
        SLIDES[1],
        {"heading": "3", "caption": "boom"},
    ]
    with pytest.raises(NarrationError) as failure:
        narrate(deck(make_deck, slides=broken), out, engine=Tone(), workers=1)
    assert failure.value.slide == 3
    assert str(failure.value).startswith("slide 3: ")
    assert all(path.read_bytes() == data for path, data in before.items())
    after = list((out / "narration").iterdir())
    assert len(after) == len(before) + 3  # slide 1's new clip (audio, captions, record) was
    # written before slide 3 failed
    assert all(p.stat().st_size > 0 and p.suffix in {".mp3", ".vtt", ".json"} for p in after)


def test_a_slide_with_nothing_to_say_has_no_clip(make_deck, tmp_path):
    slides = [SLIDES[0], {"heading": "Pic", "image": "p.jpg", "placeholder": True, "alt": "A pic."}]
    result = narrate(deck(make_deck, slides=slides), tmp_path / "a", engine=Tone())
    assert result.clips[1] is None
    assert result.summary().startswith("Narrated 1 slide: ")
