"""Languages of the page and its parts, the deck's language in the narration engine, a missing clip.

A second server runs on a content folder with the bundled deck (linked, read only) and a small
test deck whose slide caption and quote are in French, and on a copy of the bundled build with
one clip deleted.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.deck import load_deck
from app.narration.narrate import settings_for
from app.publish import load_published

from ..conftest import BASE_DECK, write_deck
from .conftest import describe_violations, run_axe, serve
from .pages import BUNDLED_CONTENT, SLUG

pytestmark = pytest.mark.browser

MISSING_CLIP_SLIDE = 5
FRENCH = "Le marché du matin, avant l'ouverture des bureaux."


def french_deck(language: str = "en") -> dict:
    """Return the test deck with a French caption and quote on slide 1."""
    data = json.loads(json.dumps(BASE_DECK))
    data["language"] = language
    data["slides"][0].update(
        caption=FRENCH, lang="fr", quote={"text": "Rien n'est simple.", "by": "Sempé", "lang": "fr"}
    )
    return data


@pytest.fixture(scope="module")
def second_url(built_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the test deck and a copy of the bundled build missing one slide's clip."""
    root = tmp_path_factory.mktemp("second")
    content = root / "content"
    content.mkdir()
    (content / SLUG).symlink_to(BUNDLED_CONTENT / SLUG, target_is_directory=True)
    write_deck(content / "mixed-languages", french_deck())
    output = root / "published"
    shutil.copytree(built_output / SLUG, output / SLUG)
    published = load_published(output, SLUG)
    published.path(published.manifest.clip(MISSING_CLIP_SLIDE)["file"]).unlink()
    url, stop = serve({"CONTENT_DIR": content, "OUTPUT_DIR": output})
    yield url
    stop()


@pytest.fixture
def second_page(new_context, second_url: str) -> Page:
    return new_context(base_url=second_url).new_page()


def test_caption_and_quote_in_another_language_are_marked(second_page: Page) -> None:
    page = second_page
    page.goto("/mixed-languages/slides/1/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("[lang=fr]", has_text=FRENCH)).to_have_count(1)
    expect(page.locator("blockquote[lang=fr]")).to_have_text("Rien n'est simple.")
    page.goto("/mixed-languages/")
    expect(page.locator("[lang=fr]", has_text=FRENCH)).to_have_count(1)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


def test_slide_whose_clip_is_missing_says_so(second_page: Page) -> None:
    page = second_page
    page.goto(f"/{SLUG}/slides/{MISSING_CLIP_SLIDE}/")
    expect(page.get_by_text("Narration not available")).to_be_visible()
    expect(page.locator("audio")).to_have_count(0)
    expect(page.locator("#play-button")).to_have_attribute("aria-disabled", "true")
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.goto(f"/{SLUG}/slides/{MISSING_CLIP_SLIDE + 1}/")
    expect(page.locator("audio[controls]")).to_have_count(1)


def test_unbuilt_deck_renders_without_narration(second_page: Page) -> None:
    page = second_page
    page.goto("/mixed-languages/slides/2/")
    expect(page.get_by_text("Narration not available")).to_be_visible()
    expect(page.locator("h1")).to_have_text("A harbour")


def test_deck_language_reaches_the_narration_engine(make_deck) -> None:
    """The deck's language goes to the engine; Piper's English voice refuses a French deck."""
    deck = load_deck(make_deck("french", **french_deck(language="fr")))
    settings = settings_for(deck, engine=None, voice=None, speed=None, noise=None)
    assert settings.language == "fr"
    with pytest.raises(ValueError, match="language is 'fr'"):
        settings.make()
    gtts_settings = settings_for(deck, engine="gtts", voice=None, speed=None, noise=None)
    assert gtts_settings.make().lang == "fr"
