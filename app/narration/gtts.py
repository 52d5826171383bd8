"""gTTS: Google Translate's speech, over the network, with a timeout, retries and a small cap."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable

import numpy as np
import soundfile as sf

from .interface import Clip, EngineUnavailable, SynthesisError

TIMEOUT = 10.0  # seconds for connect and for each read
RETRIES = 3  # extra tries after an HTTP 429 or 5xx
BACKOFF = 0.5  # seconds before the first retry; doubles each time
CONCURRENCY = 2  # requests in flight at once, across every engine in the process

_slots = threading.BoundedSemaphore(CONCURRENCY)


def gtts_language(tag: str) -> str:
    """Map a BCP 47 tag to a gTTS language ('en-GB' -> 'en', 'zh-TW' stays); ValueError if none."""
    from gtts.lang import tts_langs

    known = {key.lower(): key for key in tts_langs()}
    for candidate in (tag.lower(), tag.split("-")[0].lower()):
        if candidate in known:
            return known[candidate]
    raise ValueError(f"gTTS does not speak language {tag!r}")


def _retryable(status: int | None) -> bool:
    return status is not None and (status == 429 or status >= 500)


class GttsEngine:
    """gTTS speech, decoded from MP3 in memory so no partial file is ever written."""

    name = "gtts"
    phonemes = False  # reads [[...]] as text
    concurrency = CONCURRENCY

    def __init__(
        self,
        language: str = "en",
        tld: str = "com",
        speed: float = 1.0,
        *,
        timeout: float = TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.lang = gtts_language(language)
        self.tld = tld
        self.slow = speed <= 0.75  # gTTS has only two speeds
        self.voice = f"{self.lang}, google.{tld}"
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep

    def identity(self) -> dict:
        """Return everything that shapes the audio: language, Google domain, speed."""
        return {"engine": self.name, "lang": self.lang, "tld": self.tld, "slow": self.slow}

    def synthesize(self, text: str) -> Clip:
        """Speak `text`, retrying 429 and 5xx answers with exponential backoff."""
        for attempt in range(self.retries + 1):
            status, result = self._attempt(text)
            if result is not None:
                return _decode(result)
            if attempt < self.retries:
                self.sleep(self.backoff * 2**attempt)
        raise EngineUnavailable(f"HTTP {status} from google.{self.tld} after {attempt + 1} tries")

    def _attempt(self, text: str) -> tuple[int | None, bytes | None]:
        """Make one request; return (status, None) for a retryable answer, else the MP3 bytes."""
        from gtts import gTTS, gTTSError

        buffer = io.BytesIO()
        try:
            with _slots:
                speech = gTTS(
                    text,
                    tld=self.tld,
                    lang=self.lang,
                    slow=self.slow,
                    lang_check=False,
                    timeout=self.timeout,
                )
                speech.write_to_fp(buffer)
        except gTTSError as error:
            status = error.rsp.status_code if error.rsp is not None else None
            if status is None:
                raise EngineUnavailable(f"cannot reach google.{self.tld}: {error}") from error
            if _retryable(status):
                return status, None
            raise SynthesisError(f"gTTS failed: {error}") from error
        except AssertionError as error:  # gTTS asserts there is something to speak
            raise SynthesisError(f"gTTS: {error}") from error
        return 200, buffer.getvalue()


def _decode(mp3: bytes) -> Clip:
    """Decode gTTS's MP3 bytes to a mono clip at the deck rate."""
    if not mp3:
        raise SynthesisError("gTTS returned no audio")
    try:
        samples, rate = sf.read(io.BytesIO(mp3), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError) as error:
        raise SynthesisError(f"gTTS audio could not be decoded: {error}") from error
    mono = samples.mean(axis=1).astype(np.float32)
    if not len(mono):
        raise SynthesisError("gTTS returned no audio")
    return Clip(mono, rate).resampled()
