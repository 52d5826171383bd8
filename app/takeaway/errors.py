"""A take-away format could not be built: which deck, which slide, what is wrong."""

from __future__ import annotations


class TakeawayError(Exception):
    """Raised when a deck's published data cannot make a book or an episode."""

    def __init__(self, deck: str, slide: int | None, message: str):
        self.deck = deck
        self.slide = slide
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.deck}: slide {self.slide}" if self.slide else self.deck
        return f"{where}: {self.message}"
