"""`glimpse say`: hear how text will sound with a deck's voice and pronunciation table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import soundfile as sf

from ..deck import Deck
from .encode import atomic_target, write_blocks
from .engine import make_engine
from .interface import Engine
from .render import render
from .script import Sentence, speak
from .sentences import sentences, split_long


@dataclass(frozen=True)
class Said:
    """What was spoken: the text given to the engine, its phonemes, the file written."""

    spoken: list[str]
    phonemes: str | None
    file: Path
    duration: float


def engine_for(deck: Deck | None) -> Engine:
    """Return the deck's engine (the default Piper voice without a deck)."""
    if deck is None:
        return make_engine("piper")
    from .narrate import settings_for

    return settings_for(deck, None, None, None, None).make()


def say(text: str, out: Path, deck: Deck | None = None, engine: Engine | None = None) -> Said:
    """Speak `text` as the deck's narration would (table, normalisation, loudness) into `out`.

    `out` ending in .wav gets WAV; anything else MP3.
    """
    engine = engine or engine_for(deck)
    table = deck.model.pronunciations if deck else {}
    language = deck.model.language if deck else "en"
    target = deck.model.narration.loudness if deck else -16.0
    phonemes = getattr(engine, "phonemes", False)
    spoken = [
        Sentence("narration", shown, tuple(split_long(speak(shown, table, language, phonemes))))
        for shown in sentences(text)
    ]
    spoken = [sentence for sentence in spoken if sentence.pieces]
    with render(engine, spoken, target, out.resolve().parent) as rendered:
        if out.suffix.lower() == ".wav":
            with (
                atomic_target(out) as temporary,
                sf.SoundFile(temporary, "w", rendered.audio.rate, 1, format="WAV") as wav,
            ):
                for block in rendered.audio.blocks():
                    wav.write(block)
        else:
            write_blocks(rendered.audio.blocks(), out)
    pieces = [piece for sentence in spoken for piece in sentence.pieces]
    phonemize = getattr(engine, "phonemize", None)
    heard = phonemize(" ".join(pieces)) if phonemize else None
    return Said(pieces, heard, out, rendered.duration)
