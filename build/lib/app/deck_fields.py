"""Field types of the deck schema that carry a rule of their own: text, spoken text, languages.

Each rule here is one the build would otherwise hit later (a NUL byte that the speech engine
refuses, a caption of punctuation that produces no audio, a language tag that misleads a screen
reader's voice switching), so `glimpse check` finds it before any synthesis.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

import langcodes
from pydantic import AfterValidator, StringConstraints

# Line breaks and tabs are ordinary in multi-line TOML strings; every other control character is
# invisible in an editor and breaks the speech engine.
_ALLOWED_CONTROLS = {"\n", "\t", "\r"}


def no_control_characters(value: str) -> str:
    """Refuse invisible control characters (NUL, escape, ...), naming the first one found."""
    for position, char in enumerate(value, start=1):
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            raise ValueError(
                f"contains an invisible control character (U+{ord(char):04X}) at character "
                f"{position}: delete it (retype the text if you cannot see it)"
            )
    return value


def speakable(value: str) -> str:
    """Refuse text with no letter or digit: there would be nothing to say or read."""
    if value.strip() and not any(char.isalnum() for char in value):
        raise ValueError(
            "has no words in it (only punctuation or symbols): write the words to show and speak"
        )
    return value


def language_tag(value: str) -> str:
    """Accept only well-formed BCP 47 tags ("en", "en-GB", "ko-Kore"): pages and voices use them."""
    if not langcodes.tag_is_valid(value):
        raise ValueError(
            f"{value!r} is not a language tag: write a BCP 47 tag such as 'en', 'en-GB' or 'ko'"
        )
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(no_control_characters),
    AfterValidator(speakable),
]
"""Required text: not empty, no control characters, at least one word."""

OptionalText = Annotated[str, AfterValidator(no_control_characters), AfterValidator(speakable)]
"""Optional text (it may be empty), with the same rules when given."""

PlainText = Annotated[str, AfterValidator(no_control_characters)]
"""Text that need not contain words (an alt text may be empty for a decorative image)."""

LanguageTag = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(language_tag)]
"""A BCP 47 language tag."""
