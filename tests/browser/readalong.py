"""Read-along helpers: the sentences a page follows, what is highlighted, how to play and seek."""

from __future__ import annotations

from playwright.sync_api import Page

from .pages import SLUG

LISTEN_URL = f"/{SLUG}/listen/"

# The texts of the ranges in the read-along highlight (null when none was ever set).
HIGHLIGHTED = """() => { const h = CSS.highlights.get('readalong');
  return h ? [...h].map(range => range.toString()) : null; }"""

# Resolves after `frames` animation frames: "the page has had its chance to update".
FRAMES = """frames => new Promise(done => { const step = n => n ? requestAnimationFrame(() => step(n - 1))
  : done(); step(frames); })"""


def sentences(page: Page) -> list[dict]:
    """Return the timed sentences the page follows (from its JSON data element)."""
    return page.evaluate(
        "() => JSON.parse(document.getElementById('readalong-data').dataset.sentences)"
    )


def audio_id(page: Page) -> str:
    return page.evaluate("() => document.getElementById('readalong-data').dataset.audio")


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


def sentence_point(page: Page, index: int) -> dict:
    """Return the centre of the first line box of sentence `index` in the page's text."""
    return page.evaluate(
        """([index, text]) => {
          const data = document.getElementById('readalong-data');
          const scope = document.getElementById(data.dataset.scope);
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
        [index, sentences(page)[index]["text"]],
    )
