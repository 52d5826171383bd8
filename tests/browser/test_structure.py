"""Structure and names on every page and state: headings, landmarks, alt text, control names."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from playwright.sync_api import Page, expect

from .pages import PAGE_NAMES, SLIDE_PAGES, STATE_IDS, bundled_deck, expected_number, open_state

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("js", [True, False], ids=STATE_IDS.get),
    pytest.mark.parametrize("name", PAGE_NAMES),
]

# Elements a keyboard user can reach or operate (hidden ones are filtered out in the page).
CONTROLS = 'a[href], [role=link], button, select, input, textarea, audio[controls], [tabindex]:not([tabindex="-1"])'

RENDERED_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.checkVisibility() || h.closest('.visually-hidden'))
  .map(h => Number(h.tagName[1]))"""


def test_one_h1_and_headings_in_order(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    levels = page.evaluate(RENDERED_HEADINGS)
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, f"the first heading must be the h1: {levels}"
    skipped = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert not skipped, f"heading levels skip: {levels}"


def test_each_landmark_exactly_once(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    for role in ("banner", "navigation", "main", "contentinfo"):
        assert page.get_by_role(role).count() == 1, role


def test_images_have_alt_that_is_not_the_caption(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    images = page.evaluate(
        """() => [...document.images].map(img => ({
             alt: img.getAttribute('alt'),
             caption: img.closest('figure')?.querySelector('figcaption')?.innerText ?? null,
             captionText: img.closest('figure')?.querySelector('.slide__caption-text')?.innerText ?? null,
           }))"""
    )
    if name in SLIDE_PAGES and bundled_deck().slides[expected_number(name) - 1].image:
        assert images, "a slide with a picture must show it"
    for image in images:
        assert image["alt"], image
        for caption in (image["caption"], image["captionText"]):
            assert caption is None or image["alt"].strip() != caption.strip(), image


def test_every_control_name_contains_its_visible_label(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    controls = page.locator(CONTROLS).filter(visible=True)
    assert controls.count() > 0
    for index in range(controls.count()):
        control = controls.nth(index)
        label = visible_label(page, control)
        if label:
            pattern = re.compile(re.escape(label), re.IGNORECASE)
            expect(control).to_have_accessible_name(pattern)


def visible_label(page: Page, control) -> str:
    """Return the control's visible text (its <label> for form fields), whitespace-collapsed."""
    text = control.evaluate(
        """el => (el.labels && el.labels.length ? el.labels[0].innerText
                 : el.matches('select, audio') ? '' : el.innerText)"""
    )
    return " ".join(text.split())


def test_carousel_and_slide_semantics(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    carousels = page.locator("[aria-roledescription=carousel]")
    slides = page.locator("[aria-roledescription=slide]")
    if name not in SLIDE_PAGES:
        assert carousels.count() == 0 and slides.count() == 0
        return
    assert carousels.count() == 1 and slides.count() == 1, "only the current slide is in the DOM"
    carousel_name = carousels.get_attribute("aria-label") or ""
    assert carousel_name and "carousel" not in carousel_name.lower()
    assert slides.get_attribute("role") == "group"
    expect(slides).to_have_accessible_name(page.locator("h1").inner_text())
    assert page.locator("#slide-region [aria-roledescription=slide]").count() == 1
    expect(page.locator("a[rel=prev], #prev-link")).to_have_count(1)
    expect(page.locator("#prev-link")).to_have_accessible_name(re.compile("^Previous"))
    expect(page.locator("#next-link")).to_have_accessible_name(re.compile("^Next"))


def test_no_application_role_and_nothing_focusable_is_hidden(
    new_context, name: str, js: bool
) -> None:
    page = open_state(new_context, name, js)
    assert page.locator("[role=application]").count() == 0
    hidden_focusable = page.evaluate(
        """() => [...document.querySelectorAll('[aria-hidden=true], [aria-hidden=true] *')]
             .filter(el => el.tabIndex >= 0 && !el.disabled).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert hidden_focusable == []


def test_footer_links_to_the_accessibility_statement(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    link = page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement")
    expect(link).to_have_attribute("href", "/accessibility/")


def test_page_language_is_the_deck_language(new_context, name: str, js: bool) -> None:
    page = open_state(new_context, name, js)
    deck_page = name in SLIDE_PAGES or name == "contents"
    expected = bundled_deck().model.language if deck_page else "en"
    assert page.locator("html").get_attribute("lang") == expected
    if name == "index":
        expect(page.locator(".deck-list__item").first).to_have_attribute(
            "lang", bundled_deck().model.language
        )
