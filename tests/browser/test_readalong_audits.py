"""Issue 11 audits while narration plays: axe, highlight contrast, forced colours, and the live
DOM through html-validate, on a slide page and on the listen page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import describe_violations, run_axe
from .pages import slide_url
from .readalong import LISTEN_URL, inside, play, seek, sentences, wait_highlight
from .test_html_validate import CONFIG, HTML_VALIDATE

pytestmark = pytest.mark.browser

PLACES = {"slide": slide_url(2), "listen": LISTEN_URL}
places = pytest.mark.parametrize("place", PLACES)

# The highlight's own colours and, for comparison, what the system colours compute to here.
HIGHLIGHT_COLOURS = """() => {
  const el = document.querySelector('[data-part]');
  const style = getComputedStyle(el, '::highlight(readalong)');
  const probe = document.createElement('span');
  probe.style.backgroundColor = 'Highlight'; probe.style.color = 'HighlightText';
  document.body.append(probe);
  const system = getComputedStyle(probe);
  const result = {background: style.backgroundColor, color: style.color,
                  line: style.textDecorationLine,
                  systemBackground: system.backgroundColor, systemColor: system.color};
  probe.remove();
  return result;
}"""


def playing(page: Page, place: str, output: Path) -> Page:
    """Open the place and play it with the second sentence highlighted."""
    page.goto(PLACES[place])
    sentence = sentences(page, output)[1]
    play(page)
    seek(page, inside(sentence))
    wait_highlight(page, sentence["text"])
    return page


@places
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_while_playing(new_context, place: str, scheme: str, built_output: Path) -> None:
    page = playing(new_context(color_scheme=scheme).new_page(), place, built_output)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


def luminance(rgb: str) -> float:
    """WCAG relative luminance of an opaque 'rgb(r, g, b)' colour."""
    assert rgb.startswith("rgb("), f"expected an opaque colour, got {rgb}"
    channels = [int(part) / 255 for part in rgb[4:-1].split(",")]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@places
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_text_contrast_is_at_least_4_5(
    new_context, place: str, scheme: str, built_output: Path
) -> None:
    page = playing(new_context(color_scheme=scheme).new_page(), place, built_output)
    colours = page.evaluate(HIGHLIGHT_COLOURS)
    assert contrast(colours["color"], colours["background"]) >= 4.5, colours
    assert colours["line"] == "underline", "the highlight must not rely on colour alone"


@places
def test_forced_colours_highlight_uses_system_colours(
    new_context, place: str, built_output: Path
) -> None:
    page = playing(new_context(forced_colors="active").new_page(), place, built_output)
    colours = page.evaluate(HIGHLIGHT_COLOURS)
    assert colours["background"] == colours["systemBackground"], colours
    assert colours["color"] == colours["systemColor"], colours
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


# The browser's serializer writes every boolean attribute as `defer=""`: those two style rules
# judge how the markup is spelled, which here is the serializer's choice, not ours. (The served
# HTML is checked with them on in test_html_validate.py.)
SERIALIZER_RULES = {"attribute-boolean-style": "off", "attribute-empty-style": "off"}


def test_live_dom_validates_while_playing(new_context, tmp_path: Path, built_output: Path) -> None:
    """The document as it stands mid-playback (script-revealed controls, highlight) is valid."""
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    config["rules"] = {**config.get("rules", {}), **SERIALIZER_RULES}
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    files = []
    for place in PLACES:
        page = playing(new_context().new_page(), place, built_output)
        html = "<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML")
        files.append(tmp_path / f"{place}.html")
        files[-1].write_text(html, encoding="utf-8")
    result = subprocess.run(
        [
            str(HTML_VALIDATE),
            "--config",
            str(tmp_path / "config.json"),
            "--formatter",
            "json",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    reports = json.loads(result.stdout or "[]")
    messages = [
        f"{Path(r['filePath']).stem} {m['line']}:{m['column']} {m['ruleId']}: {m['message']}"
        for r in reports
        for m in r["messages"]
    ]
    assert messages == []
    assert result.returncode == 0, result.stderr
