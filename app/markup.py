"""Templates loaded without the indentation of their source lines: smaller pages, same DOM.

Indentation makes templates readable; in a page it is only whitespace between tags, which HTML
collapses anyway (no template holds a <pre> or <textarea>, and no style keeps white space). Only
template text is touched, never a value rendered into it, so the text a reader sees, and every
offset the read-along data counts in it, is unchanged. Every page is fetched whole on each slide
move, so these bytes are paid on every move.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import Environment, FileSystemLoader

# A line's indentation, and whether the line before it ends with a block or comment tag.
_INDENT = re.compile(r"([%#]\})?\n[ \t]+")


def dedent(source: str) -> str:
    """Return template source without line indentation.

    After a line that ends with a block or comment tag, trim_blocks drops the line break, so the
    indentation is the only white space between what comes before and after: one space is kept.
    """
    return _INDENT.sub(lambda found: f"{found[1]}\n " if found[1] else "\n", source)


class DedentedLoader(FileSystemLoader):
    """A FileSystemLoader that gives templates without the indentation of their lines."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        return dedent(source), filename, uptodate
