"""The core browser suite against the static export, on hosts that cannot vary on headers.

The same tests as for the live server (imported, not copied) run with `base_url` pointing at
the bundled deck's export served by Python's http.server (no custom headers at all), by
Debian's nginx with deploy/nginx.conf, and by nginx under the sub-path /glimpse/: keyboard
walk first to last with JavaScript on and off, Back/Forward after HTMX moves, html-validate on
every page and fragment, and axe on the contents page and the first, a middle and the last slide.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.export import export_site
from tests.export_support import serve_directory, serve_export_with_nginx

from .conftest import describe_violations, run_axe
from .pages import BUNDLED_CONTENT, open_state
from .test_html_validate import (  # noqa: F401 (collected here against the export)
    test_fragment_is_a_fragment_and_page_is_a_page,
    test_html_validates,
    test_validator_reports_a_planted_error,
    validation,
)
from .test_navigation import (  # noqa: F401 (collected here against the export)
    test_back_after_home_and_end_returns_to_the_slide_left,
    test_back_and_forward_after_htmx_moves,
    test_keyboard_alone_reaches_last_slide_with_javascript,
    test_keyboard_alone_reaches_last_slide_without_javascript,
)

pytestmark = pytest.mark.browser

SUB_PATH = "/glimpse/"


@pytest.fixture(scope="module")
def exported(built_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled deck exported at the root of a folder, and again under SUB_PATH."""
    root = tmp_path_factory.mktemp("export")
    config = {"CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": built_output}
    export_site(config, root / "site")
    export_site(config, root / "www" / SUB_PATH.strip("/"), SUB_PATH)
    return root


@pytest.fixture(scope="module", params=["http.server", "nginx", "nginx-sub-path"])
def base_url(request, exported: Path, tmp_path_factory) -> Iterator[str]:
    """The export on a static host (this module's tests run against it, not the live app)."""
    prefix = tmp_path_factory.mktemp("nginx")
    if request.param == "http.server":
        with serve_directory(exported / "site") as url:
            yield url
    elif request.param == "nginx":
        with serve_export_with_nginx(exported / "site", prefix) as url:
            yield url
    else:
        with serve_export_with_nginx(exported / "www", prefix, SUB_PATH) as url:
            yield url


@pytest.mark.parametrize("name", ["contents", "first", "middle", "last"])
def test_axe_finds_no_violations_on_the_export(new_context, name: str) -> None:
    page = open_state(new_context, name, True)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
