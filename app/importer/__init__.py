"""Bring an essay in: import a saved web page or Markdown file, or start a new deck.

`html` and `markdown` read a source into the shared `figures` model; `writer` turns it into
`deck.toml` text; `run` copies the pictures and writes the deck; `scaffold` writes `glimpse new`.
"""

from __future__ import annotations

from .run import ImportReport, import_essay

__all__ = ["ImportReport", "import_essay"]
