"""The published generation: what readers see of a deck, from exactly one build.

Layout of OUTPUT_DIR/<slug>/ (see `layout`): `current.json` names the current generation;
`generations/<id>/deck.json` and `manifest.json` hold its deck text and manifest;
`media/<hash>.<ext>` holds published files named by a hash of their bytes.

Public functions:

- `load_published(output_dir, slug) -> Published | None`: the deck's current generation, or
  None when it was never built or its output is damaged (logged; pages then show all text).
  Cheap to call per request: it re-reads only when `current.json` changed.
- `Published`: `slug`, `generation` (id, or None for a deck served unbuilt from content/),
  `deck` (the `Deck` of that build), `manifest` (a `Manifest` whose `file` entries are names in
  `media_dir`), `media_dir`, and `path(file)`: where a manifest file is on disk.
  `Published.unbuilt(deck, output_dir)` wraps a content/ deck that has no generation yet.
- `published_slugs(output_dir) -> list[str]`: decks that have a generation.
- `publish_generation(deck_out, deck, narration, images) -> str`: (the build) publish media by
  content hash, write the generation, then atomically switch `current.json` to it.
- `prune(deck_out)`: (the build, after switching) remove generations other than the newest 3
  and those younger than 24 h, and media files no kept generation names.
- `FILE_KEYS`: manifest keys whose values are file names (rewritten to published names).
"""

from .retain import KEEP_GENERATIONS, KEEP_SECONDS, prune
from .snapshot import Published, load_published, published_slugs
from .write import FILE_KEYS, publish_generation

__all__ = [
    "FILE_KEYS",
    "KEEP_GENERATIONS",
    "KEEP_SECONDS",
    "Published",
    "load_published",
    "prune",
    "publish_generation",
    "published_slugs",
]
