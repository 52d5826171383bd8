"""Narration: speak each slide's transcript, cache clips by their inputs, build the essay MP3."""

from .encode import mp3_duration, write_mp3
from .engine import make_engine
from .essay import EssayEntry
from .interface import Clip, Engine, EngineUnavailable, SynthesisError
from .narrate import narrate_deck, remove_stale
from .result import ClipEntry, NarrationError, NarrationResult
from .script import apply_pronunciations, clean_for_speech, display_script, spoken_segments

__all__ = [
    "Clip",
    "ClipEntry",
    "Engine",
    "EngineUnavailable",
    "EssayEntry",
    "NarrationError",
    "NarrationResult",
    "SynthesisError",
    "apply_pronunciations",
    "clean_for_speech",
    "display_script",
    "make_engine",
    "mp3_duration",
    "narrate_deck",
    "remove_stale",
    "spoken_segments",
    "write_mp3",
]
