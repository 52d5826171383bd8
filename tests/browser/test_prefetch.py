"""Issue 9: the next slide is fetched ahead when the browser is idle, and moves use it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from app.assets import BUNDLES, bundle
from app.config import PROJECT_ROOT
from app.headers import SECURITY_HEADERS

from .network import (
    RECORD_EVENTS,
    max_in_flight,
    open_watched,
    prefetched,
    wait_prefetched,
    watch,
)
from .pages import (
    RECORD_ANNOUNCEMENTS,
    announcement,
    heading,
    slide_title,
    slide_url,
    wait_for_slide,
)

pytestmark = pytest.mark.browser


def slide_path(number: int) -> str:
    """The path the browser requests for slide `number` (slide_url is relative to the site)."""
    return "/" + slide_url(number)


SHOWN_IMAGE = "() => new URL(document.querySelector('#slide img').currentSrc).pathname"
SLIDE_PAGE = re.compile(r".*/slides/\d+/$")


def wait_images(page: Page, count: int) -> None:
    """Wait until prefetch.js has reported `count` pictures fetched ahead."""
    page.wait_for_function(
        "n => window.prefetched.filter(d => d.kind === 'image').length >= n", arg=count
    )


def test_neighbours_and_the_next_picture_are_fetched_ahead_after_settle(new_context) -> None:
    page, network = open_watched(new_context, 5)
    wait_prefetched(page, slide_url(6))
    wait_prefetched(page, slide_url(4))
    wait_images(page, 1)
    loaded = page.evaluate(
        "() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd"
    )
    ahead = [r for r in network.from_network() if r.kind == "Fetch"]
    assert sorted(r.path for r in ahead) == [slide_path(4), slide_path(6)]
    [picture] = prefetched(page, "image")
    ahead += [r for r in network.from_network() if r.path == picture]
    assert len(ahead) == 3
    assert all(r.wall >= loaded for r in ahead), "fetched ahead before the page had settled"
    assert all(r.priority in ("Low", "VeryLow") for r in ahead), [r.priority for r in ahead]

    network.clear()
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 6, js=True)
    assert page.evaluate(SHOWN_IMAGE) == picture  # the variant fetched ahead is the one shown
    wait_prefetched(page, slide_url(7))
    settled = page.evaluate("window.settledAt")[-1]
    [seven] = [r for r in network.from_network() if r.path == slide_path(7)]
    assert seven.wall >= settled, "slide 7 was fetched before the move to slide 6 had settled"


def test_a_cached_move_asks_the_network_for_nothing_and_nothing_is_fetched_twice(
    new_context,
) -> None:
    page, network = open_watched(new_context, 2)
    for images, number in enumerate((3, 4, 5, 6), start=1):
        wait_prefetched(page, slide_url(number))
        wait_images(page, images)
        before = len(network.requests)
        page.keyboard.press("ArrowRight")
        wait_for_slide(page, number, js=True)
        moved = {r.path for r in network.requests[before:] if r.id not in network.cached}
        assert slide_path(number) not in moved, f"slide {number} was fetched on the move"
        assert page.evaluate(SHOWN_IMAGE) not in moved, f"slide {number}'s picture was fetched"
    wait_prefetched(page, slide_url(7))
    before = len(network.requests)
    page.keyboard.press("ArrowLeft")  # back to slide 5: still in the cache
    wait_for_slide(page, 5, js=True)
    assert slide_path(5) not in {r.path for r in network.requests[before:]}
    ahead = [r.path for r in network.from_network() if r.kind in ("Fetch", "Image")]
    assert len(ahead) == len(set(ahead)), ahead


def test_at_most_two_requests_ahead_at_once(new_context) -> None:
    """Hold both neighbour pages; during Play all, the next picture and clip queue for a slot."""
    context = new_context(color_scheme="light")
    context.add_init_script(f"({RECORD_EVENTS})()")
    page = context.new_page()
    held: dict[str, Route] = {}

    def hold(route: Route) -> None:
        path = re.sub(r"^https?://[^/]+", "", route.request.url)
        if path in (slide_path(4), slide_path(6)):
            held[path] = route
        else:
            route.continue_()

    page.route(SLIDE_PAGE, hold)
    network = watch(page)
    page.goto(slide_url(5))
    page.wait_for_function("() => window.htmx && document.readyState === 'complete'")
    while len(held) < 2:
        page.wait_for_timeout(50)
    page.locator("#play-all-button").click()
    page.wait_for_function("() => document.getElementById('narration-audio').currentTime > 0")
    held.pop(slide_path(6)).continue_()  # the next page arrives; the previous one stays out
    wait_images(page, 1)
    page.wait_for_function("() => window.prefetched.some(d => d.kind === 'clip')")
    held.pop(slide_path(4)).continue_()
    wait_prefetched(page, slide_url(4))
    page.locator("#play-all-button").click()
    [picture], [clip] = prefetched(page, "image"), prefetched(page, "clip")
    ahead = [r for r in network.from_network() if r.kind == "Fetch"]
    ahead += [r for r in network.from_network() if r.path in (picture, clip)][:2]
    assert len(ahead) == 4
    assert max_in_flight(ahead) == 2
    first, second = sorted(ahead[2:], key=lambda r: r.sent)
    assert second.sent >= first.done, "a third request started while two were out"


def test_nothing_is_fetched_ahead_when_the_browser_asks_to_save_data(new_context) -> None:
    page, network = open_watched(new_context, 5, save_data=True)
    page.wait_for_function("() => navigator.connection.saveData === true")
    page.wait_for_timeout(1500)  # far longer than the idle deadline
    assert network.paths("Fetch") == []
    assert [r.path for r in network.from_network() if r.kind == "Image"] == [
        page.evaluate(SHOWN_IMAGE)
    ]
    page.keyboard.press("ArrowRight")  # moves still work, over the network
    wait_for_slide(page, 6, js=True)
    page.wait_for_timeout(1000)
    assert network.paths("Fetch") == [slide_path(6)]


@pytest.mark.parametrize("latency", [0, 150], ids=["loopback", "150ms"])
def test_a_burst_of_five_lands_five_slides_on_and_announces_once(new_context, latency) -> None:
    page, network = open_watched(new_context, 2, latency)
    wait_prefetched(page, slide_url(3))
    page.evaluate(RECORD_ANNOUNCEMENTS)
    length = page.evaluate("history.length")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    wait_for_slide(page, 7, js=True)
    page.wait_for_timeout(800)  # longer than the announcement delay: nothing else comes
    assert [text for text in page.evaluate("window.announced") if text] == [announcement(7)]
    assert page.evaluate("history.length") == length + 5
    pages = network.paths("Fetch")
    assert len(pages) == len(set(pages)), pages
    for number in (6, 5, 4, 3, 2):  # one history entry per slide passed, in order
        page.go_back()
        expect(page).to_have_url(re.compile(re.escape(slide_url(number)) + "$"))
        expect(page.locator("h1")).to_have_text(heading(number))
        expect(page).to_have_title(slide_title(number))


def without_prefetch_js(route: Route) -> None:
    """Answer for the slide pages' script bundle with every part of it but prefetch.js."""
    parts = tuple(part for part in BUNDLES["slide.js"] if part != "prefetch.js")
    assert len(parts) == len(BUNDLES["slide.js"]) - 1
    body = bundle(parts, PROJECT_ROOT / "node_modules")
    route.fulfill(body=body, content_type="text/javascript", headers=dict(SECURITY_HEADERS))


PAGE_STATE = """(length) => ({
  url: location.pathname, title: document.title, history: history.length - length,
  focused: document.activeElement.id, announced: document.getElementById('announcer').textContent,
  body: document.body.innerHTML})"""


def test_a_cached_move_leaves_the_page_as_htmx_own_request_does(new_context) -> None:
    states = []
    for prefetching in (True, False):
        context = new_context(color_scheme="light")
        context.add_init_script(f"({RECORD_EVENTS})()")
        page = context.new_page()
        if not prefetching:
            page.route(re.compile(r".*/slide\.[0-9a-f]+\.js$"), without_prefetch_js)
        page.goto(slide_url(2))
        if prefetching:
            wait_prefetched(page, slide_url(3))
        length = page.evaluate("history.length")
        page.locator("#next-link").focus()
        page.keyboard.press("Enter")
        wait_for_slide(page, 3, js=True)
        state = page.evaluate(PAGE_STATE, length)
        page.go_back()
        expect(page.locator("h1")).to_have_text(heading(2))
        page.wait_for_function("() => document.activeElement.id === 'slide-heading'")
        states.append(state | {"back": page.evaluate("[location.pathname, document.title]")})
        assert bool(prefetched(page, "page")) == prefetching  # the bundle without prefetch.js ran
    assert states[0] == states[1]
    assert states[0]["focused"] == "next-link" and states[0]["history"] == 1
