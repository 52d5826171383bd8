"""Issue 11 on the slide pages, in Chromium with real Piper audio and its sentence timings:
the spoken sentence is highlighted, nothing else changes, and a reader can start at any sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .pages import slide_url, wait_for_slide
from .readalong import (
    HIGHLIGHTED,
    audio_state,
    highlighted,
    inside,
    play,
    seek,
    sentence_point,
    sentences,
    wait_frames,
    wait_highlight,
)

pytestmark = pytest.mark.browser

# The [data-part] element the (single) highlighted range lies in.
HIGHLIGHT_PART = """() => { const range = [...CSS.highlights.get('readalong')][0];
  const node = range.commonAncestorContainer;
  const el = (node.nodeType === 3 ? node.parentElement : node).closest('[data-part]');
  return el ? el.dataset.part : null; }"""


@pytest.mark.parametrize("number", [1, 2], ids=["caption-and-quote", "caption-and-description"])
def test_highlight_follows_playback(js_page: Page, number: int, built_output: Path) -> None:
    """Seek into each sentence, last to first, while playing: that sentence is the highlight."""
    page = js_page
    page.goto(slide_url(number))
    data = sentences(page, built_output)
    assert len(data) >= 3
    play(page)
    for sentence in reversed(data):
        seek(page, inside(sentence))
        wait_highlight(page, sentence["text"])
        assert page.evaluate(HIGHLIGHT_PART) == sentence["part"]
    assert not audio_state(page)["paused"]


def test_a_playing_slide_changes_nothing_in_the_tree_the_dom_or_focus(
    js_page: Page, built_output: Path
) -> None:
    page = js_page
    page.goto(slide_url(2))
    slide = page.locator("#slide")
    before = (slide.aria_snapshot(), slide.evaluate("el => el.outerHTML"))
    page.locator("#play-button").click()
    for sentence in sentences(page, built_output):
        seek(page, inside(sentence))
        wait_highlight(page, sentence["text"])
        assert (slide.aria_snapshot(), slide.evaluate("el => el.outerHTML")) == before
    assert page.evaluate("document.activeElement.id") == "play-button"
    expect(page.locator("[aria-live], [role=status], [role=alert]")).to_have_count(1)
    expect(page.locator("#announcer")).to_have_text("")


def test_the_off_switch_persists_across_moves_and_reloads(
    js_page: Page, built_output: Path
) -> None:
    page = js_page
    page.goto(slide_url(2))
    data = sentences(page, built_output)
    play(page)
    seek(page, inside(data[1]))
    wait_highlight(page, data[1]["text"])
    toggle = page.locator("#readalong-toggle")
    toggle.uncheck()
    page.wait_for_function(f"() => ({HIGHLIGHTED})().length === 0")
    page.reload()
    expect(toggle).not_to_be_checked()
    play(page)
    seek(page, inside(data[2]))
    page.wait_for_function(
        "t => document.getElementById('narration-audio').currentTime > t", arg=inside(data[2])
    )
    wait_frames(page)
    assert not highlighted(page)
    page.locator("#next-link").click()
    wait_for_slide(page, 3, js=True)
    expect(toggle).not_to_be_checked()
    toggle.check()
    page.reload()
    expect(toggle).to_be_checked()
    data = sentences(page, built_output)
    play(page)
    seek(page, inside(data[0]))
    wait_highlight(page, data[0]["text"])


def test_clicking_a_sentence_plays_from_its_start(js_page: Page, built_output: Path) -> None:
    page = js_page
    page.goto(slide_url(2))
    data = sentences(page, built_output)
    target = len(data) - 1
    point = sentence_point(page, data[target]["text"])
    assert audio_state(page)["paused"]
    page.mouse.click(point["x"], point["y"])
    wait_highlight(page, data[target]["text"])
    state = audio_state(page)
    assert not state["paused"]
    assert data[target]["start"] - 0.05 <= state["time"] < data[target]["end"]


def test_clicking_text_with_the_highlight_off_does_not_play(
    js_page: Page, built_output: Path
) -> None:
    page = js_page
    page.goto(slide_url(2))
    page.locator("#readalong-toggle").uncheck()
    point = sentence_point(page, sentences(page, built_output)[1]["text"])
    page.mouse.click(point["x"], point["y"])
    wait_frames(page)
    assert audio_state(page) == {"paused": True, "time": 0}


def test_keyboard_moves_between_sentences_with_two_buttons(
    js_page: Page, built_output: Path
) -> None:
    """Next/Previous sentence start the narration there; sentences add no tab stops."""
    page = js_page
    page.goto(slide_url(2))
    data = sentences(page, built_output)
    assert page.locator("#slide [data-part][tabindex], #slide [data-part] [tabindex]").count() == 0
    next_button = page.locator("#sentence-next")
    next_button.focus()
    for sentence in data:
        page.keyboard.press("Enter")
        wait_highlight(page, sentence["text"])
        assert audio_state(page)["time"] >= sentence["start"] - 0.05
        assert page.evaluate("document.activeElement.id") == "sentence-next"
    expect(next_button).to_have_attribute("aria-disabled", "true")
    # Previous, just after a sentence starts, goes to the one before; further in, it restarts it.
    page.evaluate("() => document.getElementById('narration-audio').pause()")
    seek(page, data[-1]["start"] + 0.05)
    page.locator("#sentence-prev").focus()
    page.keyboard.press("Enter")
    wait_highlight(page, data[-2]["text"])
    assert not audio_state(page)["paused"]
    longest = max(range(len(data)), key=lambda i: data[i]["end"] - data[i]["start"])
    assert data[longest]["end"] - data[longest]["start"] > 2.5
    page.evaluate("() => document.getElementById('narration-audio').pause()")
    seek(page, data[longest]["start"] + 2.0)
    wait_highlight(page, data[longest]["text"])
    page.keyboard.press("Enter")
    page.wait_for_function(
        "t => document.getElementById('narration-audio').currentTime < t",
        arg=data[longest]["start"] + 1.0,
    )
    wait_highlight(page, data[longest]["text"])
    assert page.evaluate("document.activeElement.id") == "sentence-prev"
