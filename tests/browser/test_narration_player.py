"""Issue 3 in a real browser: play/pause, speed that persists, Play all, silence on load."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .pages import DECK_URL, RECORD_ANNOUNCEMENTS, announcement, slide_url, total, wait_for_slide

pytestmark = pytest.mark.browser

# Seeks every clip to just before its end as soon as it plays, so Play all moves on quickly.
# Moving on still happens only on the audio's own 'ended' event (media events do not bubble, but
# a capturing listener on the document sees them).
SKIP_TO_END = """() => document.addEventListener('playing', (event) => {
  const clip = event.target;
  if (clip.duration > 0.5 && clip.currentTime < clip.duration - 0.5) {
    clip.currentTime = clip.duration - 0.2;
  }
}, true)"""


def announced(page: Page) -> list[str]:
    """Return the distinct successive texts of the status region since recording began."""
    texts = page.evaluate("window.announced")
    return [text for i, text in enumerate(texts) if text and (i == 0 or texts[i - 1] != text)]


def audio_state(page: Page) -> dict:
    return page.evaluate(
        """() => { const a = document.getElementById('narration-audio');
                   return {paused: a.paused, rate: a.playbackRate, time: a.currentTime}; }"""
    )


def test_play_button_name_follows_state(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(2))
    button = page.locator("#play-button")
    expect(button).to_have_accessible_name("Play narration")
    assert audio_state(page)["paused"]
    button.click()
    expect(button).to_have_accessible_name("Pause narration")
    page.wait_for_function("() => document.getElementById('narration-audio').currentTime > 0")
    assert not audio_state(page)["paused"]
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_accessible_name("Play narration")
    assert audio_state(page)["paused"]
    assert page.evaluate("document.activeElement.id") == "play-button"


def test_speed_persists_across_htmx_and_page_loads(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(2))
    page.locator("#speed-select").select_option("1.5")
    assert audio_state(page)["rate"] == 1.5
    page.locator("#next-link").click()
    wait_for_slide(page, 3, js=True)
    expect(page.locator("#speed-select")).to_have_value("1.5")
    assert audio_state(page)["rate"] == 1.5
    page.goto(slide_url(4))
    expect(page.locator("#speed-select")).to_have_value("1.5")
    assert audio_state(page)["rate"] == 1.5


def test_play_all_advances_on_ended_and_stops_on_pause(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(2))
    page.evaluate(SKIP_TO_END)
    page.evaluate(RECORD_ANNOUNCEMENTS)
    button = page.locator("#play-all-button")
    button.click()
    expect(button).to_have_accessible_name("Pause playing all")
    page.wait_for_function("() => window.announced.length >= 3")
    button.click()
    expect(button).to_have_accessible_name("Play all from here")
    assert page.evaluate("document.activeElement.id") == "play-all-button"
    page.wait_for_timeout(1500)  # long enough for several more clips at the skipped-to-end pace
    texts = announced(page)
    assert texts[:3] == [announcement(3), announcement(4), announcement(5)]
    reached = len(texts) + 2
    assert texts == [announcement(number) for number in range(3, reached + 1)]
    assert reached <= 6, "Play all kept advancing after it was paused"
    wait_for_slide(page, reached, js=True)
    assert audio_state(page)["paused"]


def test_play_all_stops_at_the_end_and_says_so(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(total() - 2))
    page.evaluate(SKIP_TO_END)
    page.evaluate(RECORD_ANNOUNCEMENTS)
    page.locator("#play-all-button").click()
    expect(page.locator("#announcer")).to_have_text("End of slideshow", timeout=30_000)
    assert announced(page) == [
        announcement(total() - 1),
        announcement(total()),
        "End of slideshow",
    ]
    expect(page.locator("#play-all-button")).to_have_accessible_name("Play all from here")
    expect(page).to_have_url(re.compile(re.escape(slide_url(total())) + "$"))
    assert audio_state(page)["paused"]
    assert page.evaluate("document.activeElement.id") == "play-all-button"


def test_preference_plays_on_move_but_never_on_load(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(2))
    page.locator("#autoplay-toggle").check()
    page.reload()
    expect(page.locator("#autoplay-toggle")).to_be_checked()
    page.wait_for_timeout(1000)
    assert audio_state(page) == {"paused": True, "rate": 1, "time": 0}
    page.locator("#next-link").click()
    wait_for_slide(page, 3, js=True)
    page.wait_for_function("() => !document.getElementById('narration-audio').paused")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_no_audio_plays_after_any_page_load(new_context, javascript: bool) -> None:
    """Every slide page and the contents page, in a browser that would allow autoplay.

    The pages are opened side by side so one 1-second wait covers them all.
    """
    context = new_context(java_script_enabled=javascript)
    paths = [DECK_URL] + [slide_url(number) for number in range(1, total() + 1)]
    pages = []
    for path in paths:
        page = context.new_page()
        page.goto(path)
        pages.append(page)
    pages[-1].wait_for_timeout(1000)
    for path, page in zip(paths, pages, strict=True):
        states = page.eval_on_selector_all(
            "audio", "els => els.map(a => ({paused: a.paused, time: a.currentTime}))"
        )
        assert all(state == {"paused": True, "time": 0} for state in states), (path, states)
        assert page.locator("audio[autoplay]").count() == 0
        # Every player offers pause, seek and volume: the browser's own controls.
        expected_players = 1 if path != DECK_URL else 0
        assert page.locator("audio[controls]").count() == len(states) == expected_players, path


def test_pausing_the_player_itself_also_pauses_play_all(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(8))
    button = page.locator("#play-all-button")
    button.click()
    page.wait_for_function("() => document.getElementById('narration-audio').currentTime > 0")
    page.evaluate("() => document.getElementById('narration-audio').pause()")  # as its own button
    expect(button).to_have_accessible_name("Play all from here")
    expect(page.locator("#play-button")).to_have_accessible_name("Play narration")
    page.evaluate(SKIP_TO_END)
    page.evaluate("() => document.getElementById('narration-audio').play()")  # resumes one clip
    page.wait_for_function("() => document.getElementById('narration-audio').ended")
    page.wait_for_timeout(500)
    expect(page).to_have_url(re.compile(re.escape(slide_url(8)) + "$"))


def test_moving_by_hand_during_play_all_keeps_listening(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(10))
    page.locator("#play-all-button").click()
    page.wait_for_function("() => document.getElementById('narration-audio').currentTime > 0")
    page.locator("#next-link").click()
    wait_for_slide(page, 11, js=True)
    page.wait_for_function("() => !document.getElementById('narration-audio').paused")
    expect(page.locator("#play-all-button")).to_have_accessible_name("Pause playing all")
    page.locator("#play-all-button").click()
