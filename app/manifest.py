"""The manifest of a published generation, as pages read it (see `app.publish` for its files).

Entries name files in the generation's media folder (`Published.path(entry["file"])`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Manifest:
    """What one build published for one deck."""

    slug: str
    narration: dict[str, Any] = field(default_factory=dict)
    images: list[dict[str, Any] | None] = field(default_factory=list)
    files: frozenset[str] = frozenset()
    # Take-away files (app.takeaway): {"epub"|"podcast_chapters"|"transcript": {"file": name}}.
    takeaway: dict[str, dict[str, Any]] = field(default_factory=dict)

    def clip(self, number: int) -> dict[str, Any] | None:
        """Return slide `number`'s narration entry, or None."""
        clips = self.narration.get("clips") or []
        return clips[number - 1] if 0 < number <= len(clips) else None

    def image(self, number: int) -> dict[str, Any] | None:
        """Return slide `number`'s image entry, or None."""
        return self.images[number - 1] if 0 < number <= len(self.images) else None

    @property
    def essay(self) -> dict[str, Any] | None:
        return self.narration.get("essay")
