"""Browser fixtures: the bundled deck built once, the real app on a free port, Debian's Chromium.

One Chromium for the whole session (launched with the autoplay policy relaxed, so that the
"nothing plays on load" checks are meaningful), and a fresh context per test. Never skipped: if
Chromium is missing the tests fail, because CI installs it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from app import create_app
from app.config import PROJECT_ROOT
from tests.nginx_support import serve_app

from .pages import BUNDLED_CONTENT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Relaxed on purpose: narration must stay silent on load even when the browser would allow it.
    "--autoplay-policy=no-user-gesture-required",
]
# Optional: a folder to build into instead of a fresh temporary one, so that repeated local runs
# reuse Piper's hashed clips (the build still runs in full; CI never sets it).
BUILD_DIR_ENV = "GLIMPSE_BROWSER_BUILD_DIR"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fail loudly if a test under tests/browser forgot its browser mark."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents and not item.get_closest_marker("browser"):
            raise pytest.UsageError(f"{item.nodeid} lacks @pytest.mark.browser")


@pytest.fixture(scope="session")
def built_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundled deck once (images and real Piper narration) and return OUTPUT_DIR."""
    from app.build import NarrationOptions, build

    chosen = os.environ.get(BUILD_DIR_ENV)
    output = Path(chosen) if chosen else tmp_path_factory.mktemp("published")
    report = build(
        {"CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": output}, NarrationOptions(progress=False)
    )
    assert report.ok, "\n".join(str(error) for error in report.errors)
    return output


def serve(app_config: dict[str, Any]) -> tuple[str, Callable[[], None]]:
    """Start the real app under waitress on a free local port; return its URL and a stopper.

    Waitress, not werkzeug's development server: browsers drop media connections mid-response
    all the time, and waitress closes the response's file when they do.
    """
    stack = contextlib.ExitStack()
    port = stack.enter_context(serve_app(create_app({"TESTING": True, **app_config})))
    return f"http://127.0.0.1:{port}", stack.close


@pytest.fixture(scope="session")
def base_url(built_output: Path) -> Iterator[str]:
    """The app on the bundled deck and its fresh build, at http://127.0.0.1:<free port>."""
    url, stop = serve({"CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": built_output})
    yield url
    stop()


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    """Debian's Chromium; a missing binary is a failure with a clear message, never a skip."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium "
            "(apt-get update && apt-get install -y chromium); never `playwright install`."
        )
    browser = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


ContextFactory = Callable[..., BrowserContext]


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator[ContextFactory]:
    """Return a factory of browser contexts (closed after the test); options pass through."""
    made: list[BrowserContext] = []

    def factory(**options: Any) -> BrowserContext:
        options.setdefault("base_url", base_url)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    yield factory
    for context in made:
        context.close()


@pytest.fixture
def js_page(new_context: ContextFactory) -> Page:
    """A page with JavaScript on, light colour scheme."""
    return new_context(color_scheme="light").new_page()


@pytest.fixture
def nojs_page(new_context: ContextFactory) -> Page:
    """A page with JavaScript off: every move is a full page load."""
    return new_context(java_script_enabled=False, color_scheme="light").new_page()


@pytest.fixture
def dark_page(new_context: ContextFactory) -> Page:
    """A page with JavaScript on in the dark colour scheme."""
    return new_context(color_scheme="dark").new_page()


AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def run_axe(page: Page, javascript: bool = True) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.2 A/AA and best practices) on the page and return its violations.

    No rule is switched off. The script is evaluated through the DevTools protocol rather than
    `add_script_tag`, because the app's strict CSP (rightly) refuses the inline <script> that
    `add_script_tag` inserts. With JavaScript disabled, Chromium still evaluates our code but
    never fires timers, and axe schedules its work with setTimeout: so in that case only, timers
    are replaced by promise callbacks first (no page script runs there to be affected).
    """
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} missing: run npm ci"
    if not javascript:
        page.evaluate(TIMERS_AS_PROMISES)
    if page.evaluate("typeof window.axe") != "object":
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


TIMERS_AS_PROMISES = """() => {
  window.setTimeout = (callback, delay, ...args) => {
    Promise.resolve().then(() => callback(...args));
    return 0;
  };
  window.clearTimeout = () => {};
}"""


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Summarize axe violations for an assertion message: rule, impact, first targets."""
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)
