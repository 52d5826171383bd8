"""The pages and states the browser suite visits, and how to reach each one.

Paths are relative to the site's base URL (no leading slash), so the same tests run against
the live server at / and against an export under a sub-path such as /glimpse/.
"""

from __future__ import annotations

import re
from functools import cache

from playwright.sync_api import Page, expect

from app.config import PROJECT_ROOT
from app.deck import Deck, load_deck

BUNDLED_CONTENT = PROJECT_ROOT / "content"
SLUG = "north-korea"
DECK_URL = f"{SLUG}/"


@cache
def bundled_deck() -> Deck:
    """Return the bundled deck as the app loads it (headings, titles, languages)."""
    return load_deck(BUNDLED_CONTENT / SLUG)


def total() -> int:
    return len(bundled_deck().slides)


def slide_url(number: int) -> str:
    return f"{SLUG}/slides/{number}/"


def site_url(base_url: str, path: str) -> str:
    """Return the absolute URL of a site path under `base_url` (with or without a sub-path)."""
    return base_url.rstrip("/") + "/" + path.removeprefix("./").lstrip("/")


def heading(number: int) -> str:
    return bundled_deck().slides[number - 1].heading


def slide_title(number: int) -> str:
    """Return the <title> design.md prescribes for slide `number`."""
    return f"{heading(number)} – Slide {number} of {total()} – {bundled_deck().title}"


def announcement(number: int) -> str:
    return f"Slide {number} of {total()}: {heading(number)}"


def middle() -> int:
    return (total() + 1) // 2


# name -> URL of every kind of page; "moved" is reached from slide 1 by three moves.
PAGE_NAMES = [
    "index",
    "contents",
    "first",
    "middle",
    "last",
    "not-found",
    "statement",
    "moved",
    "listen",
]
SLIDE_PAGES = {"first", "middle", "last", "moved"}


def page_path(name: str) -> str:
    """Return the URL path of a named page (for "moved", where the three moves start)."""
    paths = {
        "index": "./",
        "contents": DECK_URL,
        "first": slide_url(1),
        "middle": slide_url(middle()),
        "last": slide_url(total()),
        "not-found": f"{SLUG}/slides/{total() + 1}/",
        "statement": "accessibility/",
        "moved": slide_url(1),
        "listen": f"{SLUG}/listen/",
    }
    return paths[name]


def expected_number(name: str) -> int | None:
    """Return the slide a named page shows, or None for pages that are not slides."""
    return {"first": 1, "middle": middle(), "last": total(), "moved": 4}.get(name)


def open_named(page: Page, name: str, js: bool) -> Page:
    """Open a named page; for "moved", follow Next three times (HTMX with JS, page loads without)."""
    page.goto(page_path(name))
    if name == "moved":
        for number in (2, 3, 4):
            page.locator("#next-link").click()
            wait_for_slide(page, number, js)
    return page


def wait_for_slide(page: Page, number: int, js: bool) -> None:
    """Wait until slide `number` is shown (and, with HTMX, announced and settled)."""
    expect(page).to_have_url(re.compile(re.escape(slide_url(number)) + "$"))
    expect(page.locator("h1")).to_have_text(heading(number))
    if js:
        expect(page.locator("#announcer")).to_have_text(announcement(number))
    expect(page).to_have_title(slide_title(number))


STATE_IDS = {True: "js", False: "nojs"}


def open_state(new_context, name: str, js: bool, scheme: str = "light", **options) -> Page:
    """Open a named page in a fresh context with JavaScript on or off and a colour scheme."""
    context = new_context(java_script_enabled=js, color_scheme=scheme, **options)
    return open_named(context.new_page(), name, js)


# Keeps every text the status region shows, in order, so fast moves cannot be missed.
RECORD_ANNOUNCEMENTS = """() => {
  window.announced = [];
  const region = document.getElementById('announcer');
  new MutationObserver(() => window.announced.push(region.textContent.trim()))
    .observe(region, {childList: true, subtree: true, characterData: true});
}"""
