"""The served HTML validates with html-validate (recommended rules, config in .htmlvalidate.json).

One rule is off there, `long-title`: it is advice about search-result snippets (70 characters),
not validity or accessibility. design.md prescribes the title "<heading> – Slide N of M – <deck>",
which puts what differs between pages first; the bundled essay's headline alone is 95 characters.
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.config import PROJECT_ROOT

from .pages import DECK_URL, SLUG, site_url, slide_url, total

pytestmark = pytest.mark.browser

HTML_VALIDATE = PROJECT_ROOT / "node_modules" / ".bin" / "html-validate"
CONFIG = PROJECT_ROOT / ".htmlvalidate.json"

FULL_PAGES = {
    "index": "./",
    "contents": DECK_URL,
    "statement": "accessibility/",
    "listen": f"{SLUG}/listen/",
    "not-found": f"{SLUG}/slides/{total() + 1}/",
    **{f"slide-{n}": slide_url(n) for n in range(1, total() + 1)},
}
FRAGMENTS = {f"fragment-{n}": slide_url(n) for n in range(1, total() + 1)}


def fetch(url: str, headers: dict[str, str] | None = None) -> str:
    """Return the body the server sends, whatever the status (the 404 page is validated too)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.read().decode("utf-8")


@pytest.fixture(scope="module")
def validation(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    """Validate every page and every HTMX fragment in one html-validate run; messages by name."""
    assert HTML_VALIDATE.is_file(), f"{HTML_VALIDATE} missing: run npm ci"
    folder = tmp_path_factory.mktemp("html")
    files: dict[str, Path] = {}
    for name, path in FULL_PAGES.items():
        files[name] = folder / f"{name}.html"
        files[name].write_text(fetch(site_url(base_url, path)), encoding="utf-8")
    for name, path in FRAGMENTS.items():
        # html-validate checks a file without a doctype as a fragment: what htmx swaps in is
        # the slide region's content, cut from the full page (hx-select="#slide-region > *").
        files[name] = folder / f"{name}.html"
        files[name].write_text(swapped_part(fetch(site_url(base_url, path))), encoding="utf-8")
    files["planted"] = folder / "planted.html"  # proves the run can fail
    files["planted"].write_text('<!DOCTYPE html><html><body><p>x<div id="a" id="a"></body>')
    result = subprocess.run(
        [
            str(HTML_VALIDATE),
            "--config",
            str(CONFIG),
            "--formatter",
            "json",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    reports = {
        Path(report["filePath"]).stem: report["messages"]
        for report in json.loads(result.stdout or "[]")
    }
    return {name: reports.get(name, []) for name in files}


@pytest.mark.parametrize("name", [*FULL_PAGES, *FRAGMENTS])
def test_html_validates(validation: dict[str, list], name: str) -> None:
    messages = [
        f"{m['line']}:{m['column']} {m['ruleId']}: {m['message']}" for m in validation[name]
    ]
    assert messages == []


def test_validator_reports_a_planted_error(validation: dict[str, list]) -> None:
    assert {m["ruleId"] for m in validation["planted"]} >= {"element-required-attributes"}


def swapped_part(page: str) -> str:
    """Return the children of #slide-region: what an htmx move inserts into the page."""
    region = BeautifulSoup(page, "html.parser").select_one("#slide-region")
    return region.decode_contents(formatter="html5")  # void elements as served: <img>, not <img/>


def test_fragment_is_a_fragment_and_page_is_a_page(base_url: str) -> None:
    """The validator sees what the browser gets: a whole document, and the part htmx swaps."""
    page = fetch(site_url(base_url, slide_url(2)))
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert fetch(site_url(base_url, slide_url(2)), {"HX-Request": "true"}) == page
    fragment = swapped_part(page)
    assert "<html" not in fragment and 'id="slide"' in fragment and 'id="next-link"' in fragment
