"""The shape of a published generation's manifest, declared once and checked on every load.

A damaged manifest (valid JSON of the wrong shape) must read as "not built", never as a 500,
so the server validates it here instead of trusting the file. Extra keys are allowed: other
parts of the build add fields (sentence timings, captions) that readers may ignore.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MANIFEST_VERSION = 2

# A published file: the hash of its bytes and its extension, nothing else (no folders, no "..").
FileName = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{20}\.[a-z0-9]{2,5}$")]
Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Loose(BaseModel):
    """Base: unknown keys are kept (additive contract), known keys must have the right type."""

    model_config = ConfigDict(extra="allow")


class ClipShape(Loose):
    """One slide's narration clip."""

    file: FileName
    duration: Seconds
    text: str
    captions: FileName | None = None


class EssayShape(Loose):
    """The whole-essay MP3 and its chapters."""

    file: FileName
    chapters: FileName
    duration: Seconds
    captions: FileName | None = None


class NarrationShape(Loose):
    """The deck's narration: one clip (or null) per slide, and the essay."""

    clips: list[ClipShape | None] = Field(default_factory=list)
    essay: EssayShape | None = None


class VariantShape(Loose):
    """One encoded image file."""

    file: FileName
    width: Annotated[int, Field(gt=0)]
    height: Annotated[int, Field(gt=0)]
    format: str
    mime: str


class ImageShape(Loose):
    """One slide's picture: its size and variants."""

    width: Annotated[int, Field(gt=0)]
    height: Annotated[int, Field(gt=0)]
    placeholder: bool = False
    variants: list[VariantShape] = Field(min_length=1)


class FileEntry(Loose):
    """A published file named by one key (a take-away format)."""

    file: FileName


class ManifestShape(Loose):
    """A generation's manifest.json."""

    version: Literal[2]
    deck: str
    generation: str
    created: float
    narration: NarrationShape
    images: list[ImageShape | None]
    files: list[FileName]
    takeaway: dict[str, FileEntry] = Field(default_factory=dict)
