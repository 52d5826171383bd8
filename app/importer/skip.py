"""Tell the essay's pictures from the rest of a page: icons, avatars, pixels, ads and logos.

Decisions rest on class and id words, file names and pixel sizes, never on the alt text (a
photograph of a shop sign may well be described as showing a logo).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

AD_WORDS = {"ad", "ads", "advert", "adverts", "advertisement", "sponsored", "sponsor", "promo"}
_RULES = (
    ({"pixel", "beacon", "tracking", "tracker", "spacer"}, "tracking pixel"),
    (AD_WORDS | {"adsbygoogle", "doubleclick"}, "advertisement"),
    ({"avatar", "gravatar", "userpic", "headshot"}, "avatar"),
    ({"logo", "wordmark", "masthead"}, "logo"),
    ({"icon", "icons", "favicon", "emoji", "sprite", "badge"}, "icon"),
)
ICON_SIDE = 64  # both sides this small: an icon or a button, not a photograph
PIXEL_SIDE = 3


def words(*texts: str | None) -> set[str]:
    """Split class names, ids and file names into lowercase words ("site-logo_2x" -> site, logo, 2x)."""
    found: set[str] = set()
    for text in texts:
        spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "")  # authorAvatar -> author Avatar
        found |= {word for word in re.split(r"[^a-z0-9]+", spaced.lower()) if word}
    return found


def file_words(url: str) -> set[str]:
    """Return the words of a URL's path, without the file's suffix ("/badge/build.svg")."""
    path = PurePosixPath(unquote(urlsplit(url).path))
    return words(str(path.with_suffix("")) if path.suffix else str(path))


def skip_reason(
    found: set[str], size: tuple[int, int] | None, around: set[str] | None = None
) -> str | None:
    """Return why a picture is not part of the essay, or None when it is.

    `found` are the words of the image itself; `around` those of the elements holding it,
    which only mark advertisements (a gallery's "gallery-icon" box holds photographs).
    """
    if size and max(size) <= PIXEL_SIDE:
        return f"tracking pixel ({size[0]}x{size[1]} px)"
    if (around or set()) & AD_WORDS:
        return "advertisement"
    for rule_words, reason in _RULES:
        if found & rule_words:
            return reason
    if size and max(size) <= ICON_SIDE:
        return f"icon-sized ({size[0]}x{size[1]} px)"
    return None
