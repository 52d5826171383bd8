"""Take-away formats built from a deck's published generation: the EPUB 3 talking book and the
podcast feed (with its chapters JSON, transcript and cover art).

Every builder here is a pure function of published data `(deck, manifest, media_dir)`, so the
live server, the build and a static export all produce the same bytes.
"""

from .epub import EPUB_MIME, build_epub
from .errors import TakeawayError
from .publish import TAKEAWAY_DIR, epub_name, publish_takeaway, remove_stale_takeaway

__all__ = [
    "EPUB_MIME",
    "TAKEAWAY_DIR",
    "TakeawayError",
    "build_epub",
    "epub_name",
    "publish_takeaway",
    "remove_stale_takeaway",
]
