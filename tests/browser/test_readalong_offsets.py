"""The read-along finds sentences from offsets in Chromium: a caption that repeats a sentence and
holds characters outside the Basic Multilingual Plane (two UTF-16 units each), spoken by Piper.
And readalong.js is a real code split: fetched when the read-along is first used, not before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app.build import NarrationOptions, build
from app.publish import load_published
from tests.conftest import write_deck

from .conftest import serve
from .readalong import FRAMES, audio_state, inside, play, seek

pytestmark = pytest.mark.browser

CAPTION = "Yes. No. Yes. The café “Chollima” 🐎 opens at eight. Yes."

# The one highlighted range: its text, and where it starts in the caption's text (UTF-16 units).
HIGHLIGHT = """() => { const h = CSS.highlights.get('readalong');
  if (!h || h.size !== 1) { return null; }
  const range = [...h][0], before = document.createRange();
  before.setStart(document.querySelector('[data-part="caption"]'), 0);
  before.setEnd(range.startContainer, range.startOffset);
  return [range.toString(), before.toString().length]; }"""

# Waits until the highlight is exactly [text, start].
HIGHLIGHTED_AT = f"want => {{ const got = ({HIGHLIGHT})(); return got && got[0] === want[0] && got[1] === want[1]; }}"
# Waits until the highlighted text is `text`, wherever it is.
HIGHLIGHTED_TEXT = f"text => {{ const got = ({HIGHLIGHT})(); return got && got[0] === text; }}"


def utf16_index(text: str, index: int) -> int:
    """Return where Python's character `index` of text is in UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


@pytest.fixture(scope="module")
def cafe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict]]]:
    """A one-caption deck built with real Piper narration and served; yields (URL, sentences)."""
    root = tmp_path_factory.mktemp("cafe")
    deck = {
        "title": "The café",
        "language": "en",
        "credit": "Photographs by A. Tester",
        "slides": [
            {"heading": "Yes and no", "caption": CAPTION},
            {"heading": "After", "caption": "The second slide."},
        ],
    }
    write_deck(root / "content" / "cafe", deck)
    config = {"CONTENT_DIR": root / "content", "OUTPUT_DIR": root / "audio"}
    assert build(config, NarrationOptions(progress=False)).ok
    sentences = load_published(config["OUTPUT_DIR"], "cafe").manifest.narration["clips"][0]
    url, stop = serve(config)
    yield url, sentences["sentences"]
    stop()


def expected_places(sentences: list[dict]) -> list[tuple[str, int]]:
    """Where each sentence is in the caption: the first "Yes." at 0, the last one at the end."""
    assert [s["text"] for s in sentences] == [
        "Yes.",
        "No. Yes.",
        "The café “Chollima” 🐎 opens at eight.",
        "Yes.",
    ], "Piper's sentence split changed: update the expected places"
    starts = [0, CAPTION.index("No."), CAPTION.index("The café"), CAPTION.rindex("Yes.")]
    return [(s["text"], utf16_index(CAPTION, at)) for s, at in zip(sentences, starts, strict=True)]


def test_each_sentence_is_highlighted_at_its_own_place(new_context, cafe) -> None:
    url, sentences = cafe
    page = new_context(base_url=url).new_page()
    page.goto("/cafe/slides/1/")
    play(page)
    places = expected_places(sentences)
    assert places[-1][1] == len(CAPTION.encode("utf-16-le")) // 2 - 4  # after the 🐎's two units
    for sentence, place in reversed(list(zip(sentences, places, strict=True))):
        seek(page, inside(sentence))
        page.wait_for_function(HIGHLIGHTED_AT, arg=list(place))
    assert page.evaluate(HIGHLIGHT) == list(places[0])


def readalong_requests(page: Page) -> list[str]:
    """Start recording the requests for readalong.js; return the list that fills up."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/static/readalong." in r.url else None)
    return seen


def test_readalong_js_is_fetched_on_first_use_and_the_controls_work_before(
    new_context, cafe
) -> None:
    url, _ = cafe
    page = new_context(base_url=url).new_page()
    fetched = readalong_requests(page)
    page.goto("/cafe/slides/1/")
    page.evaluate(FRAMES, 10)
    assert fetched == []  # the first load carries no read-along code
    expect(page.locator("#sentence-next")).to_have_attribute("aria-disabled", "false")
    expect(page.locator("#readalong-toggle")).to_be_checked()
    page.locator("#sentence-next").focus()
    page.keyboard.press("Enter")  # one press: the script is fetched, then the press is done
    page.wait_for_function(HIGHLIGHTED_AT, arg=["Yes.", 0])
    assert len(fetched) == 1 and not audio_state(page)["paused"]
    page.keyboard.press("Enter")
    page.wait_for_function(HIGHLIGHTED_AT, arg=["No. Yes.", utf16_index(CAPTION, 5)])
    assert page.evaluate("document.activeElement.id") == "sentence-next"
    assert len(fetched) == 1


def test_playing_first_fetches_it_and_the_highlight_follows(new_context, cafe) -> None:
    url, sentences = cafe
    page = new_context(base_url=url).new_page()
    fetched = readalong_requests(page)
    page.goto("/cafe/slides/1/")
    page.locator("#play-button").click()
    page.wait_for_function(f"() => ({HIGHLIGHT})() !== null")
    assert len(fetched) == 1
    seek(page, inside(sentences[2]))
    page.wait_for_function(HIGHLIGHTED_TEXT, arg=sentences[2]["text"])
