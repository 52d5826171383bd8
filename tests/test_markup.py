"""Templates without their indentation: the same pages, white space runs only shorter."""

from __future__ import annotations

import re

from jinja2 import FileSystemLoader

from app import TEMPLATES_DIR, create_app
from app.markup import dedent
from tests.conftest import BUNDLED_CONTENT, BUNDLED_SLUG

PAGES = ["/", "/accessibility/", f"/{BUNDLED_SLUG}/", "/no-such-page/"] + [
    f"/{BUNDLED_SLUG}/slides/{n}/" for n in (1, 2, 20, 29)
]


def test_dedent_keeps_a_space_where_trim_blocks_drops_the_line_break():
    source = "<p>\n    <span>a</span>{% endif %}\n    <span>b</span>\n  text\n</p>"
    assert dedent(source) == "<p>\n<span>a</span>{% endif %}\n <span>b</span>\ntext\n</p>"


def test_every_page_is_the_same_but_for_the_length_of_white_space_runs(tmp_path):
    config = {"TESTING": True, "CONTENT_DIR": BUNDLED_CONTENT, "OUTPUT_DIR": tmp_path}
    dedented, indented = create_app(config), create_app(config)
    indented.jinja_loader = FileSystemLoader(str(TEMPLATES_DIR))
    for path in PAGES:
        small = dedented.test_client().get(path).data.decode()
        large = indented.test_client().get(path).data.decode()
        assert re.sub(r"\s+", " ", small) == re.sub(r"\s+", " ", large), path
        assert len(small) < len(large), path
