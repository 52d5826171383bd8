"""The whole-essay MP3: ID3 chapters per slide and a matching WebVTT chapters file."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import soundfile as sf
from mutagen.id3 import ID3

from app.deck import load_deck
from app.narration import Clip, mp3_duration, narrate_deck
from app.narration.essay import chapter_times, webvtt

SLIDES = [
    {"heading": "Arrival", "caption": "One."},
    {"heading": "The square", "caption": "A longer second caption."},
    {"heading": "Departure", "caption": "Three, at last."},
]
CUE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$")


class Tone:
    """A fast fake engine: 0.1 s of tone per character."""

    name, voice = "tone", "sine"

    def identity(self) -> dict:
        return {"engine": "tone"}

    def synthesize(self, text: str) -> Clip:
        t = np.arange(2205 * len(text)) / 22050
        return Clip((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 22050)


def ms(h: str, m: str, s: str, milli: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(milli)


def parse_vtt(text: str) -> list[tuple[int, int, str]]:
    lines = text.splitlines()
    assert lines[0] == "WEBVTT"
    cues = []
    for index, line in enumerate(lines):
        if match := CUE.match(line):
            parts = match.groups()
            cues.append((ms(*parts[:4]), ms(*parts[4:]), lines[index + 1]))
    return cues


@pytest.fixture
def narrated(make_deck, tmp_path):
    the_deck = load_deck(make_deck(slides=SLIDES, title="The essay"))
    out = tmp_path / "audio"
    return the_deck, out, narrate_deck(the_deck, out, engine=Tone(), progress=False)


def test_one_chapter_per_slide_contiguous_and_increasing(narrated):
    _, out, result = narrated
    tags = ID3(out / result.essay.file)
    chapters = sorted(tags.getall("CHAP"), key=lambda frame: frame.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chapters] == [
        "Slide 1: Arrival",
        "Slide 2: The square",
        "Slide 3: Departure",
    ]
    assert chapters[0].start_time == 0
    for before, after in itertools.pairwise(chapters):
        assert before.start_time < before.end_time == after.start_time
    assert chapters[-1].end_time == pytest.approx(result.essay.duration * 1000, abs=2)
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == [c.element_id for c in chapters]
    assert tags["TIT2"].text == ["The essay"]


def test_essay_is_the_clips_with_a_second_between_slides(narrated):
    _, out, result = narrated
    clips = sum(clip.duration for clip in result.clips)
    assert result.essay.duration == pytest.approx(clips + 2 * 1.0, abs=0.01)
    assert mp3_duration(out / result.essay.file) == pytest.approx(result.essay.duration)
    samples, rate = sf.read(out / result.essay.file)
    assert rate == 22050
    assert len(samples) / rate == pytest.approx(result.essay.duration, abs=0.01)


def test_vtt_cues_match_the_chapters(narrated):
    _, out, result = narrated
    chapters = sorted(ID3(out / result.essay.file).getall("CHAP"), key=lambda f: f.start_time)
    cues = parse_vtt((out / result.essay.chapters).read_text(encoding="utf-8"))
    expected = [(c.start_time, c.end_time, c.sub_frames["TIT2"].text[0]) for c in chapters]
    assert cues == expected


def test_essay_is_reused_until_a_clip_or_heading_changes(narrated, make_deck):
    the_deck, out, first = narrated
    again = narrate_deck(the_deck, out, engine=Tone(), progress=False)
    assert again.essay == first.essay
    renamed = [SLIDES[0], {**SLIDES[1], "heading": "The big square"}, SLIDES[2]]
    retitled = narrate_deck(
        load_deck(make_deck(slides=renamed, title="The essay")), out, engine=Tone(), progress=False
    )
    assert retitled.cached_count == 3
    assert retitled.essay.file != first.essay.file


def test_chapter_times_and_vtt_format():
    times = chapter_times([22050, 44100], rate=22050)
    assert times == [(0, 2000), (2000, 4000)]
    assert webvtt(["Slide 1: A", "Slide 2: B"], [(0, 4210), (4210, 3_723_004)]) == (
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.210\nSlide 1: A\n\n"
        "00:00:04.210 --> 01:02:03.004\nSlide 2: B\n"
    )
