"""The reader's settings: 320 px reflow, text spacing, 200% text, 400% zoom, forced colours,
reduced motion, and target sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .focus import number_controls, tab_walk
from .pages import (
    PAGE_NAMES,
    SLIDE_PAGES,
    STATE_IDS,
    expected_number,
    open_named,
    open_state,
    slide_url,
    total,
    wait_for_slide,
)

pytestmark = [pytest.mark.browser]

all_pages = pytest.mark.parametrize("name", PAGE_NAMES)
both_js = pytest.mark.parametrize("js", [True, False], ids=STATE_IDS.get)

NO_SIDEWAYS_SCROLL = (
    "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
)

# WCAG 1.4.12's spacing, applied as a reader's own stylesheet would be.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""
# Text-only enlargement: the app sizes everything in rem, so this is what a 200% default font
# size in the browser's settings does.
LARGE_TEXT = "html { font-size: 200% !important; }"

# Elements whose content does not fit: boxes that hide overflow, and controls whose text spills
# out. `.visually-hidden` is clipped on purpose (text for screen readers only).
CLIPPED = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.checkVisibility() || el.closest('.visually-hidden')) { continue; }
    const style = getComputedStyle(el);
    const hides = [style.overflowX, style.overflowY].some(v => v !== 'visible');
    const control = el.matches('a.pager__link, button, .button-link, label, .listening__row');
    if ((hides || control) && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) {
      out.push(el.tagName + '.' + el.className + ' ' + (el.innerText || '').slice(0, 30));
    }
  }
  return out;
}"""


def styled_page(new_context, name: str, js: bool, css: str, **options) -> Page:
    """Open a named page, then apply `css` the way a reader's own stylesheet would.

    `bypass_csp` is needed for this only: the sheet goes in as a <style> element, which the
    app's CSP refuses, while a reader's stylesheet or extension is not subject to it. The element
    is added by a synchronous evaluate (`add_style_tag` waits for a load event that never fires
    with JavaScript off).
    """
    context = new_context(java_script_enabled=js, bypass_csp=True, **options)
    page = open_named(context.new_page(), name, js)
    page.evaluate(
        "css => { const s = document.createElement('style'); s.textContent = css;"
        " document.head.append(s); }",
        css,
    )
    return page


@all_pages
@both_js
def test_320px_wide_nothing_scrolls_sideways_and_the_pager_works(
    new_context, name: str, js: bool
) -> None:
    page = open_state(new_context, name, js, viewport={"width": 320, "height": 640})
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    outside = page.evaluate(
        """() => [...document.querySelectorAll('[data-walk]')].filter(el => {
             const r = el.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth + 1;
           }).map(el => el.outerHTML.slice(0, 60))"""
        if number_controls(page)
        else "() => []"
    )
    assert outside == []
    number = expected_number(name)
    if number is not None:
        target = number + 1 if number < total() else number - 1
        page.locator("#next-link" if number < total() else "#prev-link").click()
        wait_for_slide(page, target, js)


@all_pages
@both_js
@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_clips_nothing(new_context, name: str, js: bool, width: int) -> None:
    page = styled_page(
        new_context, name, js, TEXT_SPACING, viewport={"width": width, "height": 800}
    )
    assert page.evaluate("() => getComputedStyle(document.body).wordSpacing") != "0px"
    assert page.evaluate(CLIPPED) == []
    assert page.evaluate(NO_SIDEWAYS_SCROLL)


def assert_every_control_reachable(page: Page) -> None:
    """Tab reaches every control, each on screen and uncovered, with no sideways scrolling."""
    controls = number_controls(page)
    steps = tab_walk(page, len(controls))
    assert [step.walk for step in steps] == list(range(len(controls)))
    hidden = [controls[step.walk] for step in steps if step.covered or not step.on_screen]
    assert hidden == []
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert page.evaluate(CLIPPED) == []


@all_pages
@both_js
def test_200_percent_text_every_control_reachable(new_context, name: str, js: bool) -> None:
    page = styled_page(new_context, name, js, LARGE_TEXT, viewport={"width": 1280, "height": 800})
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "32px"
    assert_every_control_reachable(page)


@all_pages
@both_js
def test_400_percent_zoom_every_control_reachable(new_context, name: str, js: bool) -> None:
    """1280x1024 at 400% is a 320x256 CSS px viewport with 4 device pixels per CSS pixel."""
    page = open_state(
        new_context, name, js, viewport={"width": 320, "height": 256}, device_scale_factor=4
    )
    assert_every_control_reachable(page)


BORDERS = """() => [...document.querySelectorAll('button, select, .pager__link, .button-link')]
  .filter(el => el.checkVisibility())
  .filter(el => { const s = getComputedStyle(el);
                  return s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) < 1; })
  .map(el => el.outerHTML.slice(0, 60))"""


@pytest.mark.parametrize("name", ["contents", "first", "middle", "last", "moved"])
def test_forced_colors_controls_keep_their_borders(new_context, name: str) -> None:
    page = open_state(new_context, name, True)
    page.emulate_media(forced_colors="active")
    assert page.evaluate("() => matchMedia('(forced-colors: active)').matches")
    assert page.evaluate(BORDERS) == []


MOTION = """() => ({
  animations: document.getAnimations().length,
  // Fallback content inside <audio> is never rendered and has no computed style: skip it.
  moving: [...document.querySelectorAll('*')].filter(el => el.checkVisibility()).filter(el => {
    const s = getComputedStyle(el);
    return s.transitionDuration.split(',').some(d => parseFloat(d) > 0)
      || s.animationName !== 'none' || s.scrollBehavior === 'smooth';
  }).map(el => el.tagName + '.' + el.className),
})"""


def test_reduced_motion_nothing_animates(new_context) -> None:
    page = new_context(reduced_motion="reduce").new_page()
    page.goto(slide_url(2))
    page.locator("#next-link").click()
    wait_for_slide(page, 3, js=True)
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 4, js=True)
    page.locator("#play-button").click()
    page.locator("#play-button").click()
    page.keyboard.press("Tab")
    page.locator("#next-link").hover()
    assert page.evaluate(MOTION) == {"animations": 0, "moving": []}


# Controls smaller than 24x24 CSS px, except links inside a sentence (WCAG 2.5.8's inline
# exception): a link whose parent block holds other text.
SMALL_TARGETS = """() => [...document.querySelectorAll('[data-walk]')].filter(el => {
  const r = el.getBoundingClientRect();
  if (r.width >= 24 && r.height >= 24) { return false; }
  const block = el.parentElement.closest('p, li, dd, td, figcaption');
  const inSentence = el.tagName === 'A' && block
    && block.innerText.trim().length > el.innerText.trim().length;
  return !inSentence;
}).map(el => el.outerHTML.slice(0, 60) + ' ' + Math.round(el.getBoundingClientRect().width)
  + 'x' + Math.round(el.getBoundingClientRect().height))"""


@all_pages
@both_js
def test_targets_at_least_24_css_px(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    assert number_controls(page)
    assert page.evaluate(SMALL_TARGETS) == []


@pytest.mark.parametrize("name", sorted(SLIDE_PAGES))
def test_listening_controls_are_visible_with_javascript(new_context, name: str) -> None:
    page = open_state(new_context, name, True)
    for control in ("#play-button", "#play-all-button", "#speed-select", "#autoplay-toggle"):
        expect(page.locator(control)).to_be_visible()
