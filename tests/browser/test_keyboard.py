"""Keyboard: Tab order and no trap, visible uncovered focus, keys that must change nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .focus import measure_focus, number_controls, tab_walk
from .pages import PAGE_NAMES, STATE_IDS, heading, open_state, slide_url, wait_for_slide

pytestmark = pytest.mark.browser

all_pages = pytest.mark.parametrize("name", PAGE_NAMES)
both_js = pytest.mark.parametrize("js", [True, False], ids=STATE_IDS.get)


@all_pages
@both_js
def test_tab_visits_every_control_in_dom_order_without_trap(
    new_context, name: str, js: bool
) -> None:
    page = open_state(new_context, name, js)
    controls = number_controls(page)
    steps = tab_walk(page, len(controls))
    visited = [step.walk for step in steps]
    assert visited == list(range(len(controls))), [controls[i] for i in visited]


@all_pages
@both_js
def test_focused_control_is_on_screen_and_not_covered(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js, viewport={"width": 800, "height": 500})
    controls = number_controls(page)
    for step in tab_walk(page, len(controls)):
        assert step.on_screen and not step.covered, controls[step.walk]


@all_pages
@pytest.mark.parametrize("scheme", ["light", "dark", "forced-colors"])
def test_focus_indicator_has_3_to_1_contrast(new_context, name: str, scheme: str) -> None:
    page = open_state(new_context, name, True, "dark" if scheme == "dark" else "light")
    if scheme == "forced-colors":
        page.emulate_media(forced_colors="active")
    controls = number_controls(page)
    page.locator('[data-walk="0"]').focus()
    weak = []
    seen: set[str] = set()
    for _ in range(len(controls) * 4):
        walk = page.evaluate("() => document.activeElement.getAttribute('data-walk')")
        if walk is None or walk in seen:
            if walk == "0":
                break
            page.keyboard.press("Tab")
            continue
        seen.add(walk)
        indicator = measure_focus(page)
        if not indicator.visible:
            weak.append((controls[int(walk)], indicator))
        page.keyboard.press("Tab")
    assert len(seen) == len(controls)
    assert not weak, weak


PRINTABLE_KEYS = ["a", "j", "k", "n", "p", "h", "l", "Space", "Shift+?", "1", "9"]


@pytest.mark.parametrize("where", ["body", "text"])
def test_printable_keys_change_nothing(js_page: Page, where: str) -> None:
    page = js_page
    page.goto(slide_url(5))
    if where == "text":
        page.locator(".slide__position").click()  # a click on plain text: focus on no control
    for key in PRINTABLE_KEYS:
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(re.escape(slide_url(5)) + "$"))
    expect(page.locator("h1")).to_have_text(heading(5))
    assert page.locator("#announcer").inner_text() == ""
    assert page.evaluate("document.getElementById('narration-audio').paused")


def test_arrow_keys_move_slides_when_focus_is_not_in_a_control(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(5))
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 6, js=True)
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, 5, js=True)
    page.keyboard.press("End")
    wait_for_slide(page, 29, js=True)
    page.keyboard.press("Home")
    wait_for_slide(page, 1, js=True)


def test_arrow_keys_in_the_speed_select_change_the_speed_not_the_slide(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(5))
    select = page.locator("#speed-select")
    select.focus()
    for key in ("ArrowRight", "ArrowLeft", "ArrowDown", "ArrowDown", "Home", "End"):
        page.keyboard.press(key)
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(re.escape(slide_url(5)) + "$"))
    expect(page.locator("h1")).to_have_text(heading(5))
    expect(select).to_have_value("1.75")  # End chose 2x, ArrowUp one step back


def test_arrow_keys_in_the_audio_player_do_not_change_the_slide(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(5))
    page.locator("#narration-audio").focus()
    page.wait_for_function("() => document.getElementById('narration-audio').readyState >= 1")
    state = "() => { const a = document.getElementById('narration-audio');"
    page.keyboard.press("ArrowRight")  # the player seeks forward
    page.wait_for_function(state + " return a.currentTime > 0; }")
    page.keyboard.press("ArrowDown")  # the player turns the volume down
    page.wait_for_function(state + " return a.volume < 1; }")
    for key in ("ArrowLeft", "ArrowUp", "Home", "End"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    expect(page).to_have_url(re.compile(re.escape(slide_url(5)) + "$"))
    expect(page.locator("h1")).to_have_text(heading(5))
    assert page.evaluate("document.activeElement.id") == "narration-audio"


def test_focus_measure_catches_a_missing_indicator(js_page: Page) -> None:
    """The contrast check can fail: a link stripped of its focus style is reported."""
    page = js_page
    page.goto(slide_url(2))
    page.evaluate(
        """() => { const s = document.getElementById('contents-link').style;
             for (const p of ['outline', 'box-shadow', 'background']) {
               s.setProperty(p, 'none', 'important'); } }"""
    )
    page.locator("#prev-link").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "contents-link"
    assert not measure_focus(page).visible
    page.keyboard.press("Tab")
    assert measure_focus(page).visible  # the untouched Next link still passes
