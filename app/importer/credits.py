"""Keep credit lines ("Photo: Jane Doe", "© Reuters") apart from the caption they often end."""

from __future__ import annotations

import re

from .figures import clean

# A credit starts with one of these words, at the start, after a sentence, after a separator
# ("|", "/", "–", "—") or inside brackets at the end.
_CREDIT = r"(?:(?:photo(?:graph)?s?|image|picture|credit|source)\s*(?:by\b|:)|©|\(c\)\s)"
_TRAILING = re.compile(
    rf"(?:^|(?<=[.!?…])\s+|\s+[|/–—-]\s+)(?P<credit>{_CREDIT}.*)$", re.IGNORECASE | re.DOTALL
)
_BRACKETED = re.compile(rf"\s*[(\[](?P<credit>{_CREDIT}[^)\]]*)[)\]]\s*$", re.IGNORECASE)
CREDIT_CLASSES = ("credit", "byline", "copyright", "attribution", "photographer", "source")


def split_credit(text: str | None) -> tuple[str | None, str | None]:
    """Return (caption, credit) from a caption that may end with a credit line."""
    text = clean(text)
    if not text:
        return None, None
    for pattern in (_BRACKETED, _TRAILING):
        match = pattern.search(text)
        if match:
            caption = clean(text[: match.start()])
            return caption, clean(match.group("credit"))
    return text, None


def is_credit_class(tokens: set[str]) -> bool:
    """Say whether an element's class or id words mark it as a credit line."""
    return any(word in token for token in tokens for word in CREDIT_CLASSES)
