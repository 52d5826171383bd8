"""Read-along helpers: the sentences a page follows, what is highlighted, how to play and seek."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page

from app.publish import load_published
from app.readalong import valid_sentences

from .pages import SLUG

LISTEN_URL = f"/{SLUG}/listen/"

# The texts of the ranges in the read-along highlight (null when none was ever set).
HIGHLIGHTED = """() => { const h = CSS.highlights.get('readalong');
  return h ? [...h].map(range => range.toString()) : null; }"""

# Resolves after `frames` animation frames: "the page has had its chance to update".
FRAMES = """frames => new Promise(done => { const step = n => n ? requestAnimationFrame(() => step(n - 1))
  : done(); step(frames); })"""


def sentences(page: Page, output: Path) -> list[dict]:
    """Return the timed sentences the page follows, each with its text from the manifest.

    The page names where each sentence is shown (offsets), not its text: the text a test expects
    highlighted comes from the published manifest (the narration contract), never from the page.
    """
    data = page.evaluate(
        "() => JSON.parse(document.getElementById('readalong-data').dataset.sentences)"
    )
    narration = load_published(output, SLUG).manifest.narration
    number = re.search(r"/slides/(\d+)/", page.url)
    entries = narration["clips"][int(number[1]) - 1] if number else narration["essay"]
    expected = valid_sentences(entries["sentences"])
    assert [entry[0] for entry in data] == [round(s["start"], 3) for s in expected]
    assert [entry[1] for entry in data] == [s["part"] for s in expected]  # every one is shown
    return expected


def audio_id(page: Page) -> str:
    return page.evaluate(
        "() => document.getElementById('readalong-data').dataset.audio || 'narration-audio'"
    )


def audio_state(page: Page) -> dict:
    return page.evaluate(
        """id => { const a = document.getElementById(id);
                   return {paused: a.paused, time: a.currentTime}; }""",
        audio_id(page),
    )


def highlighted(page: Page) -> list[str] | None:
    return page.evaluate(HIGHLIGHTED)


def wait_frames(page: Page, frames: int = 3) -> None:
    page.evaluate(FRAMES, frames)


def play(page: Page) -> None:
    """Start the page's audio as a reader would (its own play() call) and wait until it runs."""
    identifier = audio_id(page)
    page.evaluate("id => document.getElementById(id).play()", identifier)
    page.wait_for_function(
        "id => { const a = document.getElementById(id); return !a.paused && a.currentTime > 0; }",
        arg=identifier,
    )


def seek(page: Page, seconds: float) -> None:
    page.evaluate(
        "([id, t]) => { document.getElementById(id).currentTime = t; }", [audio_id(page), seconds]
    )


def inside(sentence: dict, fraction: float = 0.3) -> float:
    """A time inside the sentence (early, so playback is still in it when the page checks)."""
    return sentence["start"] + fraction * (sentence["end"] - sentence["start"])


def wait_highlight(page: Page, text: str) -> None:
    """Wait until exactly the sentence `text` is highlighted."""
    page.wait_for_function(
        f"text => {{ const got = ({HIGHLIGHTED})(); return got && got.length === 1 && got[0] === text; }}",
        arg=text,
    )


def sentence_point(page: Page, text: str) -> dict:
    """Return the centre of the first line box of the first sentence `text` in the page's text."""
    return page.evaluate(
        """text => {
          const data = document.getElementById('readalong-data');
          const scope = document.getElementById(data.dataset.scope || 'slide');
          for (const el of scope.querySelectorAll('[data-part]')) {
            const node = [...el.childNodes].find(n => n.nodeType === 3 && n.data.includes(text));
            if (!node) { continue; }
            el.scrollIntoView({block: 'center'});
            const range = document.createRange();
            const at = node.data.indexOf(text);
            range.setStart(node, at); range.setEnd(node, at + text.length);
            const box = range.getClientRects()[0];
            return {x: box.left + box.width / 2, y: box.top + box.height / 2};
          }
          return null;
        }""",
        text,
    )
