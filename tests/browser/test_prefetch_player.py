"""Issue 9: during Play all the next slide's player is filled ahead and is the one shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.export import export_site
from tests.export_support import serve_directory

from .network import open_watched, prefetched, wait_prefetched
from .pages import BUNDLED_CONTENT, heading, slide_url, wait_for_slide

pytestmark = pytest.mark.browser

# The player at each swap of the slide region, the moment it enters the page.
RECORD_PLAYERS = """() => {
  window.players = [];
  document.addEventListener('htmx:afterSwap', e => {
    const a = document.getElementById('narration-audio');
    if (e.target.id !== 'slide-region' || !a) { return; }
    window.players.push({src: new URL(a.src).pathname, ready: a.readyState, muted: a.muted,
                         html: a.outerHTML});
  }, true);
}"""

# Brings the playing clip to its end: a seek, or 16x speed where the host cannot seek (no Range).
END_SOON = """() => { const a = document.getElementById('narration-audio');
  if (a.seekable.length && a.seekable.end(0) > a.duration - 1) { a.currentTime = a.duration - 0.2; }
  else { a.playbackRate = 16; } }"""

# The player as the page's own markup has it.
MARKUP = """url => fetch(url, {cache: 'no-store'}).then(r => r.text()).then(html =>
  new DOMParser().parseFromString(html, 'text/html').getElementById('narration-audio').outerHTML)"""


@pytest.fixture(scope="module")
def export_url(built_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled deck's export on Python's http.server: a host without Range requests."""
    root = tmp_path_factory.mktemp("export")
    export_site({"CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": built_output}, root / "site")
    with serve_directory(root / "site") as url:
        yield url


@pytest.mark.parametrize("host", ["live", "http.server"])
def test_play_all_shows_the_player_it_filled_ahead(new_context, request, host: str) -> None:
    """The next clip is fetched while the current one plays, once, and the next slide's player
    enters the page with it already loaded: on a host without Range requests a new element
    could not reuse those bytes and would fetch the clip again."""
    options = {} if host == "live" else {"base_url": request.getfixturevalue("export_url")}
    page, network = open_watched(new_context, 8, **options)
    page.add_init_script(f"({RECORD_PLAYERS})()")
    page.evaluate(f"({RECORD_PLAYERS})()")
    wait_prefetched(page, slide_url(9))
    assert prefetched(page, "clip") == []  # only for listeners: nothing while nobody plays
    page.locator("#play-all-button").click()
    page.wait_for_function("() => window.prefetched.some(d => d.kind === 'clip')")
    [clip] = prefetched(page, "clip")
    assert page.evaluate("document.getElementById('narration-audio').paused") is False
    expect(page.locator("h1")).to_have_text(heading(8))  # still on slide 8
    fetched = [r.id for r in network.from_network() if r.path == clip]
    assert fetched, "the next clip was not fetched ahead"
    page.evaluate(END_SOON)
    wait_for_slide(page, 9, js=True)
    page.wait_for_function("() => !document.getElementById('narration-audio').paused")
    [player] = page.evaluate("window.players")
    assert player["src"] == clip
    assert player["ready"] == 4, "the player shown was not the one filled ahead"  # ENOUGH_DATA
    assert player["muted"] is False
    assert player["html"] == page.evaluate(MARKUP, "/" + slide_url(9))
    page.locator("#play-all-button").click()
    assert [r.id for r in network.from_network() if r.path == clip] == fetched, "fetched twice"
