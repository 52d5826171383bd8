"""Canonical URLs: one address per slide (redirects never echo the Host: see `app.hosts`).

A slide lives at `/<deck>/slides/<n>/` (a static host serves it as `n/index.html`). Other
spellings of the same number (`01`, `١`, `１`, no trailing slash) answer 301 to it.
"""

from __future__ import annotations

import re
import unicodedata

CANONICAL_NUMBER = re.compile(r"^[1-9][0-9]{0,5}$")
ANY_DIGITS = re.compile(r"^\d{1,8}$")


def slide_number(text: str) -> tuple[int | None, bool]:
    """Return (number, canonical) for a URL's slide number; number is None if it is not one.

    Any Unicode decimal digits count as a number (so a link typed with Arabic-Indic or
    full-width digits still finds its slide), but only plain ASCII without leading zeros
    is canonical.
    """
    if CANONICAL_NUMBER.match(text):
        return int(text), True
    if ANY_DIGITS.match(text) and all(unicodedata.decimal(c, None) is not None for c in text):
        return int("".join(str(unicodedata.decimal(c)) for c in text)), False
    return None, False
