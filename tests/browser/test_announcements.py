"""Announcements: one status region, empty on load, exactly "Slide N of M: heading" per move."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .pages import PAGE_NAMES, SLIDE_PAGES, STATE_IDS, announcement, open_state, slide_url, total

pytestmark = pytest.mark.browser

LIVE = "[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer]"

# Live attributes on the swapped region, on any of its ancestors, or inside it.
LIVE_AROUND_SLIDE = """(selector) => {
  const region = document.getElementById('slide-region');
  const found = [...region.querySelectorAll(selector)];
  for (let el = region; el; el = el.parentElement) { if (el.matches(selector)) found.push(el); }
  return found.map(el => el.outerHTML.slice(0, 80));
}"""


@pytest.mark.parametrize("js", [True, False], ids=STATE_IDS.get)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_one_empty_status_region_and_no_live_slide(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    live = page.locator(LIVE)
    if name not in SLIDE_PAGES:
        expect(live).to_have_count(0)
        return
    expect(live).to_have_count(1)
    status = page.get_by_role("status")
    expect(status).to_have_count(1)
    expected = announcement(4) if name == "moved" and js else ""
    assert status.inner_text().strip() == expected
    assert page.evaluate(LIVE_AROUND_SLIDE, LIVE) == []


def test_every_kind_of_move_announces_exactly_once(js_page: Page) -> None:
    page = js_page
    page.goto(slide_url(2))
    page.evaluate(
        """() => { window.announced = [];
             const region = document.getElementById('announcer');
             new MutationObserver(() => window.announced.push(region.textContent))
               .observe(region, {childList: true, characterData: true, subtree: true}); }"""
    )
    status = page.get_by_role("status")
    moves = [
        (lambda: page.locator("#next-link").click(), 3),
        (lambda: page.keyboard.press("ArrowRight"), 4),
        (lambda: page.keyboard.press("ArrowLeft"), 3),
        (lambda: page.keyboard.press("End"), total()),
        (lambda: page.keyboard.press("Home"), 1),
        (lambda: page.locator("#next-link").press("Enter"), 2),
    ]
    for move, number in moves:
        move()
        expect(status).to_have_text(announcement(number))
        expect(page.locator("#announcer")).to_have_count(1)
    texts = [text for text in page.evaluate("window.announced") if text.strip()]
    assert texts == [announcement(number) for _, number in moves]
