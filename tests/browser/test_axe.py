"""axe-core, WCAG 2.2 A/AA and best practices, on every kind of page and state: zero violations.

No rule is switched off. Pages: deck list, contents, first/middle/last slide, 404, accessibility
statement, and a slide reached by three moves; each with JavaScript on and off, light and dark.
"""

from __future__ import annotations

import pytest

from .conftest import describe_violations, run_axe
from .pages import PAGE_NAMES, STATE_IDS, open_state

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("js", [True, False], ids=STATE_IDS.get)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_axe_finds_no_violations(new_context, name: str, js: bool, scheme: str) -> None:
    page = open_state(new_context, name, js, scheme)
    violations = run_axe(page, javascript=js)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("js", [True, False], ids=STATE_IDS.get)
def test_axe_harness_reports_a_planted_violation(new_context, js: bool) -> None:
    """The audit can fail: an image without alt planted in the page is reported."""
    page = open_state(new_context, "middle", js)
    page.evaluate(
        "() => document.querySelector('main').append(Object.assign(new Image(1, 1), {src: '/x'}))"
    )
    assert "image-alt" in [violation["id"] for violation in run_axe(page, javascript=js)]
