"""What narrating a deck produced: clips, essay, statistics; and how it can fail."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .essay import EssayEntry


class NarrationError(Exception):
    """Narration failed, for one slide (1-based number) or, when `slide` is None, the deck."""

    def __init__(self, slide: int | None, message: str):
        self.slide = slide
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"slide {self.slide}: {self.message}" if self.slide is not None else self.message


@dataclass(frozen=True)
class ClipEntry:
    """One slide's clip: file relative to the output folder, length, transcript, reused or new."""

    file: str
    duration: float
    text: str
    cached: bool
    sentences: list[dict] = field(default_factory=list)
    captions: str | None = None
    loudness: float | None = None
    true_peak: float | None = None
    wpm: float | None = None
    language: str | None = None


@dataclass(frozen=True)
class NarrationResult:
    """Everything the build needs to record about a deck's narration."""

    engine: str
    voice: str
    requested_engine: str
    fallback_reason: str | None
    clips: list[ClipEntry | None]
    essay: EssayEntry | None
    synthesis_seconds: float
    cached_count: int
    audio_seconds: float = field(init=False)

    def __post_init__(self) -> None:
        total = sum(clip.duration for clip in self.clips if clip)
        object.__setattr__(self, "audio_seconds", total)

    @property
    def synthesized_count(self) -> int:
        return sum(1 for clip in self.clips if clip and not clip.cached)

    def files(self) -> set[str]:
        """Return every file this narration uses, relative to the output folder."""
        names = {clip.file for clip in self.clips if clip}
        names |= {c.captions for c in self.clips if c and c.captions}
        names |= {c.file.removesuffix(".mp3") + ".json" for c in self.clips if c and c.captions}
        if self.essay:
            names |= {self.essay.file, self.essay.chapters}
            names |= {self.essay.captions} if self.essay.captions else set()
        return names

    @property
    def wpm(self) -> float | None:
        """Words per minute over the whole deck (each clip from first word to last)."""
        spans = [
            (c.wpm * (c.sentences[-1]["end"] - c.sentences[0]["start"]) / 60, c.sentences)
            for c in self.clips
            if c and c.wpm and c.sentences
        ]
        minutes = sum(s[-1]["end"] - s[0]["start"] for _, s in spans) / 60
        return round(sum(words for words, _ in spans) / minutes, 1) if minutes else None

    def to_manifest(self) -> dict:
        """Return a JSON-able record for the build's manifest."""
        record = asdict(self)
        record["synthesized_count"] = self.synthesized_count
        record["wpm"] = self.wpm
        return record

    def summary(self) -> str:
        """Return one line such as 'Narrated 29 slides: 312.4 s of audio, synthesized 29 in …'."""
        spoken = sum(1 for clip in self.clips if clip)
        line = (
            f"Narrated {spoken} slide{'' if spoken == 1 else 's'}: {self.audio_seconds:.1f} s of audio, synthesized "
            f"{self.synthesized_count} in {self.synthesis_seconds:.1f} s "
            f"({self.cached_count} cached), engine {self.engine} ({self.voice})"
        )
        if self.wpm:
            line += f", {self.wpm:.0f} words per minute"
        if self.fallback_reason:
            line += f"; {self.requested_engine} unavailable: {self.fallback_reason}"
        return line
