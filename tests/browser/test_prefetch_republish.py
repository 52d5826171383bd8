"""Issue 9: a republish never shows one build's text with another build's media from the cache."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.build import NarrationOptions, build

from .conftest import serve
from .network import RECORD_EVENTS, wait_prefetched

pytestmark = pytest.mark.browser

SLIDES = [
    {"heading": "Opening", "caption": "An opening line."},
    {"heading": "Harbour", "caption": "Boats at dawn.", "image": "images/a.jpg"},
    {"heading": "Market", "caption": "Stalls at noon.", "image": "images/b.jpg"},
    {"heading": "Closing", "caption": "A closing line."},
]
for _slide in SLIDES[1:3]:
    _slide |= {"placeholder": True, "alt": f"A stand-in picture of the {_slide['heading']}."}

SHOWN = """() => ({
  caption: document.querySelector('.slide__caption-text, .slide__text').textContent.trim(),
  audio: new URL(document.getElementById('narration-audio').src).pathname,
  generation: document.getElementById('slide').dataset.generation})"""


def published(out: Path) -> tuple[str, list[dict]]:
    """Return the current generation of the deck and its narration clips."""
    generation = json.loads((out / "essay" / "current.json").read_text())["generation"]
    manifest = out / "essay" / "generations" / generation / "manifest.json"
    return generation, json.loads(manifest.read_text())["narration"]["clips"]


def expect_slide(page: Page, number: int, caption: str, out: Path, generation: str, clips):
    """Check the slide shown: its caption, and the clip and generation it was rendered with."""
    expect(page.locator("h1")).to_have_text(SLIDES[number - 1]["heading"])
    shown = page.evaluate(SHOWN)
    assert shown == {
        "caption": caption,
        "audio": f"/essay/media/{clips[number - 1]['file']}",
        "generation": generation.rsplit("-", 1)[-1],  # pages name a build by its content id
    }
    assert caption in clips[number - 1]["text"]  # the clip speaks the caption shown


def test_after_a_republish_the_cache_is_dropped_and_never_mixes_builds(
    make_deck, tmp_path, browser: Browser
) -> None:
    make_deck("essay", slides=SLIDES)
    config = {"CONTENT_DIR": tmp_path / "content", "OUTPUT_DIR": tmp_path / "out"}
    out = config["OUTPUT_DIR"]
    assert build(config, NarrationOptions(progress=False)).ok
    old, old_clips = published(out)
    url, stop = serve(config)
    try:
        context = browser.new_context(base_url=url, color_scheme="light")
        context.set_default_timeout(15_000)
        context.add_init_script(f"({RECORD_EVENTS})()")
        page = context.new_page()
        page.goto("/essay/slides/2/")
        wait_prefetched(page, "/essay/slides/3/")

        slides = copy.deepcopy(SLIDES)
        slides[2]["caption"] = "Stalls at noon, rewritten."
        slides[3]["caption"] = "A closing line, rewritten."
        make_deck("essay", slides=slides)
        assert build(config, NarrationOptions(progress=False)).ok
        new, new_clips = published(out)
        assert new != old

        # Slide 3 was fetched before the republish: shown whole from the old build, text and clip.
        page.keyboard.press("ArrowRight")
        expect_slide(page, 3, SLIDES[2]["caption"], out, old, old_clips)
        # Fetching slide 4 ahead meets the new generation: the old pages are dropped.
        page.wait_for_function("() => window.dropped >= 1")
        wait_prefetched(page, "/essay/slides/4/")
        page.keyboard.press("ArrowRight")
        expect_slide(page, 4, slides[3]["caption"], out, new, new_clips)
        wait_prefetched(page, "/essay/slides/3/", times=2)
        page.keyboard.press("ArrowLeft")  # slide 3 again, now from the new build
        expect_slide(page, 3, slides[2]["caption"], out, new, new_clips)
        context.close()
    finally:
        stop()
