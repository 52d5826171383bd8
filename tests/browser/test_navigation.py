"""Issue 2 in a real browser: the whole deck by keyboard alone, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .pages import announcement, heading, slide_title, slide_url, total, wait_for_slide

pytestmark = pytest.mark.browser

MAX_TABS = 40


def tab_to(page: Page, element_id: str) -> int:
    """Press Tab until the element with `element_id` has focus; return how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return presses
    raise AssertionError(f"#{element_id} never received focus in {MAX_TABS} Tab presses")


def focused_id(page: Page) -> str:
    """Return the focused element's id, or its tag name when it has none (e.g. BODY)."""
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def test_keyboard_alone_reaches_last_slide_with_javascript(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(1))
    tab_to(page, "next-link")
    for number in range(2, total() + 1):
        page.keyboard.press("Enter")
        wait_for_slide(page, number, js=True)
        assert focused_id(page) == "next-link", f"focus lost after moving to slide {number}"
    # At the end the Next control stays focusable and does nothing.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(slide_url(total())) + "$"))
    assert focused_id(page) == "next-link"
    assert page.locator("#next-link").get_attribute("aria-disabled") == "true"


def test_keyboard_alone_reaches_last_slide_without_javascript(nojs_page: Page) -> None:
    page = nojs_page
    page.goto(slide_url(1))
    for number in range(2, total() + 1):
        tab_to(page, "next-link")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        wait_for_slide(page, number, js=False)
        assert page.locator("#announcer").inner_text() == "", "status must stay empty on load"
    assert page.locator("#next-link").get_attribute("href") is None


def test_back_and_forward_after_htmx_moves(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(1))
    tab_to(page, "next-link")
    for number in (2, 3, 4):
        page.keyboard.press("Enter")
        wait_for_slide(page, number, js=True)
    for number, move in ((3, page.go_back), (2, page.go_back), (3, page.go_forward)):
        move()
        expect(page).to_have_url(re.compile(re.escape(slide_url(number)) + "$"))
        expect(page.locator("h1")).to_have_text(heading(number))
        expect(page).to_have_title(slide_title(number))
        expect(page.locator("#slide")).to_have_count(1)
        page.wait_for_function(
            "() => document.activeElement && document.activeElement !== document.body"
        )
        assert focused_id(page) == "slide-heading"


def test_status_text_follows_each_htmx_move(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(3))
    assert page.locator("#announcer").inner_text() == ""
    page.locator("#prev-link").click()
    expect(page.locator("#announcer")).to_have_text(announcement(2))
    page.locator("#next-link").click()
    expect(page.locator("#announcer")).to_have_text(announcement(3))


def test_back_after_home_and_end_returns_to_the_slide_left(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(5))
    page.keyboard.press("End")
    wait_for_slide(page, total(), js=True)
    page.keyboard.press("Home")
    wait_for_slide(page, 1, js=True)
    for number in (total(), 5):
        page.go_back()
        expect(page).to_have_url(re.compile(re.escape(slide_url(number)) + "$"))
        expect(page.locator("h1")).to_have_text(heading(number))
        expect(page).to_have_title(slide_title(number))


def test_previous_by_keyboard_keeps_focus_down_to_the_first_slide(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(3))
    tab_to(page, "prev-link")
    for number in (2, 1):
        page.keyboard.press("Enter")
        wait_for_slide(page, number, js=True)
        assert focused_id(page) == "prev-link"
    assert page.locator("#prev-link").get_attribute("aria-disabled") == "true"
