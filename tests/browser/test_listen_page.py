"""Issue 11, the listen page: the whole essay's audio, its chapters and transcript, followed as it
plays; complete without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.publish import load_published

from .pages import DECK_URL, SLUG, heading
from .readalong import (
    LISTEN_URL,
    audio_state,
    inside,
    play,
    seek,
    sentence_point,
    sentences,
    wait_highlight,
)

pytestmark = pytest.mark.browser


def narration(built_output: Path) -> dict:
    """Return the narration section of the bundled deck's published manifest."""
    published = load_published(built_output, SLUG)
    assert published is not None and published.manifest is not None
    return published.manifest.narration


def essay(built_output: Path) -> dict:
    return narration(built_output)["essay"]


def test_without_javascript_audio_chapters_and_every_sentence(
    nojs_page: Page, built_output: Path
) -> None:
    page = nojs_page
    page.goto(DECK_URL)
    page.locator("#listen-link").click()
    expect(page.locator("h1")).to_have_text("Listen to the whole essay")
    expected = essay(built_output)
    audio = page.locator("audio#essay-audio[controls]")
    expect(audio).to_have_attribute("src", f"/{SLUG}/media/{expected['file']}")
    links = page.locator("#chapters a.chapters__link")
    starts = expected["chapter_starts"]
    expect(links).to_have_count(len(starts))
    for index, chapter in enumerate(starts):
        link = links.nth(index)
        expect(link).to_have_text(heading(chapter["slide"]))
        href = link.get_attribute("href")
        assert href.endswith(f"#t={chapter['start']:.3f}") and expected["file"] in href
    expect(page.locator("#chapters .chapters__time")).to_have_count(len(starts))
    transcript = " ".join(page.locator("#transcript").inner_text().split())
    missing = [
        s["text"] for s in expected["sentences"] if " ".join(s["text"].split()) not in transcript
    ]
    assert missing == []
    expect(page.locator("[data-readalong-panel]")).to_be_hidden()


def test_chapter_links_seek_and_mark_the_current_chapter(js_page: Page) -> None:
    page = js_page
    page.goto(LISTEN_URL)
    links = page.locator("#chapters a[data-start]")
    fourth = links.nth(3)
    start = float(fourth.get_attribute("data-start"))
    fourth.click()
    page.wait_for_function(
        "t => { const a = document.getElementById('essay-audio');"
        " return !a.paused && a.currentTime >= t; }",
        arg=start,
    )
    expect(fourth).to_have_attribute("aria-current", "true")
    expect(page.locator("#chapters [aria-current]")).to_have_count(1)
    assert page.url.endswith(LISTEN_URL), "the link seeks here instead of opening the file"
    assert page.evaluate("document.activeElement.getAttribute('data-start')") == (
        fourth.get_attribute("data-start")
    )
    fifth = links.nth(4)
    seek(page, float(fifth.get_attribute("data-start")) + 0.5)
    expect(fifth).to_have_attribute("aria-current", "true")
    expect(page.locator("#chapters [aria-current]")).to_have_count(1)


def test_transcript_highlight_follows_playback_without_changing_the_tree(
    js_page: Page, built_output: Path
) -> None:
    page = js_page
    page.goto(LISTEN_URL)
    data = sentences(page, built_output)
    transcript = page.locator("#transcript")
    before = (transcript.aria_snapshot(), transcript.evaluate("el => el.outerHTML"))
    play(page)
    picks = [data[-1], data[len(data) // 2], data[3], data[0]]
    for sentence in picks:
        seek(page, inside(sentence))
        wait_highlight(page, sentence["text"])
    assert (transcript.aria_snapshot(), transcript.evaluate("el => el.outerHTML")) == before


def test_clicking_a_transcript_sentence_plays_from_it(js_page: Page, built_output: Path) -> None:
    page = js_page
    page.goto(LISTEN_URL)
    data = sentences(page, built_output)
    target = len(data) // 3
    point = sentence_point(page, data[target]["text"])
    page.mouse.click(point["x"], point["y"])
    wait_highlight(page, data[target]["text"])
    state = audio_state(page)
    assert not state["paused"] and state["time"] >= data[target]["start"] - 0.05


# Loads a WebVTT file through a <track>, i.e. with Chromium's own WebVTT parser, and returns its
# cues (text decoded as the browser shows it); rejects if the browser cannot parse the file.
LOAD_TRACK = """url => new Promise((done, fail) => {
  const audio = document.createElement('audio'), element = document.createElement('track');
  element.kind = 'metadata'; element.src = url;
  element.addEventListener('load', () => {
    const cues = [...element.track.cues].map(c => ({start: c.startTime, end: c.endTime,
      text: c.text.includes('-->') ? null : c.getCueAsHTML().textContent}));
    audio.remove(); done(cues);
  });
  element.addEventListener('error', () => { audio.remove(); fail(new Error('cannot parse ' + url)); });
  audio.append(element); document.body.append(audio); element.track.mode = 'hidden';
})"""


def cue_texts(cues: list[dict]) -> list[str]:
    return [" ".join((cue["text"] or "").split()) for cue in cues]


def test_every_webvtt_file_parses_in_the_browser_and_matches_the_sentences(
    js_page: Page, built_output: Path
) -> None:
    page = js_page
    page.goto(LISTEN_URL)
    spoken = narration(built_output)
    timed = [clip for clip in spoken["clips"] if clip] + [spoken["essay"]]
    for entry in timed:
        cues = page.evaluate(LOAD_TRACK, f"/{SLUG}/media/{entry['captions']}")
        assert cue_texts(cues) == [" ".join(s["text"].split()) for s in entry["sentences"]]
        for cue, sentence in zip(cues, entry["sentences"], strict=True):
            assert abs(cue["start"] - sentence["start"]) < 0.0015, (cue, sentence)
            assert abs(cue["end"] - sentence["end"]) < 0.0015, (cue, sentence)
    chapters = page.evaluate(LOAD_TRACK, f"/{SLUG}/media/{spoken['essay']['chapters']}")
    titles = [chapter["title"] for chapter in spoken["essay"]["chapter_starts"]]
    assert cue_texts(chapters) == [" ".join(title.split()) for title in titles]
