"""Issue 9: a move from the cache changes the slide in place and leaves the DOM htmx would."""

from __future__ import annotations

import pytest

from .network import RECORD_EVENTS, wait_prefetched
from .pages import slide_url, total, wait_for_slide

pytestmark = pytest.mark.browser

# At each swap of the slide region (before anything settles): its markup, who has focus, and
# whether announcements are held (until the move settles); and every element that lost focus.
RECORD_SWAPS = """() => {
  window.swaps = []; window.blurred = [];
  document.addEventListener('htmx:afterSwap', e => {
    if (e.target.id !== 'slide-region') { return; }
    window.swaps.push({html: e.target.innerHTML, focused: document.activeElement.id,
                       same: document.activeElement === window.focusedBefore,
                       held: e.target.hasAttribute('data-moving')});
  }, true);
  document.addEventListener('focusout', e => window.blurred.push(e.target.id || e.target.tagName));
}"""

# The slide region as htmx builds it from the page's own markup: the elements hx-select keeps.
AS_HTMX_WOULD = """url => fetch(url, {cache: 'no-store'}).then(r => r.text()).then(html =>
  Array.from(new DOMParser().parseFromString(html, 'text/html')
    .querySelectorAll('#slide-region > *'), e => e.outerHTML).join(''))"""


def test_every_cached_move_leaves_the_slide_as_the_page_markup_and_keeps_focus(
    new_context,
) -> None:
    """First slide to last by Enter on Next: every slide's shape (title page, quotes, notes,
    narration scripts, the last slide's inert Next) is covered. Focus stays on the very element
    the reader pressed (no blur: screen readers hear no focus change), except on the last move,
    where Next becomes a different element and focus moves to it by id, as htmx does."""
    context = new_context(color_scheme="light")
    context.add_init_script(f"({RECORD_EVENTS})()")
    context.add_init_script(f"({RECORD_SWAPS})()")
    page = context.new_page()
    page.goto(slide_url(1))
    page.locator("#next-link").focus()
    for number in range(2, total() + 1):
        wait_prefetched(page, slide_url(number))
        page.evaluate("window.focusedBefore = document.activeElement")
        page.keyboard.press("Enter")
        wait_for_slide(page, number, js=True)
        swap = page.evaluate("window.swaps.at(-1)")
        expected = page.evaluate(AS_HTMX_WOULD, "/" + slide_url(number))
        assert swap["html"] == expected, f"slide {number}: the region differs from its markup"
        assert swap["focused"] == "next-link"
        assert swap["same"] == (number < total()), f"slide {number}"
        # Until it settles, an announcement timer of the slide before must not fire: it would
        # read this slide's announcement, which is then made a second time.
        assert swap["held"], f"slide {number}: announcements not held until the move settles"
    assert page.evaluate("window.blurred") == ["next-link"]  # only the last move
    assert page.evaluate("document.activeElement.id") == "next-link"


def test_url_and_title_follow_each_move_and_history_holds_every_slide(new_context) -> None:
    """The URL and title are set after the new slide is painted; each move still gets its own
    history entry, in order, even when the next move comes before the frame."""
    context = new_context(color_scheme="light")
    context.add_init_script(f"({RECORD_EVENTS})()")
    page = context.new_page()
    page.goto(slide_url(2))
    length = page.evaluate("history.length")
    for number in (3, 4):
        wait_prefetched(page, slide_url(number))
        page.keyboard.press("ArrowRight")
        wait_for_slide(page, number, js=True)
    wait_prefetched(page, slide_url(5))
    # Two moves in one task: the second comes before the first has been painted.
    page.evaluate(
        "() => { document.getElementById('next-link').click();"
        " document.getElementById('next-link').click(); }"
    )
    wait_for_slide(page, 6, js=True)
    assert page.evaluate("history.length") == length + 4
    for number in (5, 4, 3, 2):
        page.go_back()
        wait_for_slide(page, number, js=False)
