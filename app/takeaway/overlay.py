"""Media Overlays: constant-bitrate audio per slide and a SMIL document with one `par` per span.

Overlay audio is re-encoded as constant bitrate because reading systems seek into it by time
(clipBegin), and the EPUB 3.4 draft says variable bitrate SHOULD NOT be used for overlays.
It is decoded and encoded a block at a time into a file: memory stays flat whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
from lxml import etree

from ..narration.encode import mp3_blocks, write_blocks
from ..narration.interface import SAMPLE_RATE
from .spans import Span

SMIL = "http://www.w3.org/ns/SMIL"
OPS = "http://www.idpf.org/2007/ops"
CBR_SETTINGS = {"format": "MP3", "compression_level": 0.7, "bitrate_mode": "CONSTANT"}
"""LAME CBR at 56 kbps for 22.05 kHz mono speech: about 7 KB per second."""


def cbr_mp3(published: Path, target: Path) -> float:
    """Re-encode a published MP3 at constant bitrate into `target`; return its duration."""
    frames = 0

    def counted() -> Iterator[np.ndarray]:
        nonlocal frames
        for block in mp3_blocks(published):
            frames += len(block)
            yield block

    write_blocks(counted(), target, settings=CBR_SETTINGS)
    return frames / SAMPLE_RATE


def clock(seconds: float) -> str:
    """Return a SMIL clock value with millisecond precision, e.g. '1.234s'."""
    return f"{round(seconds * 1000) / 1000:.3f}s"


def media_duration(seconds: float) -> str:
    """Return a `media:duration` value (full clock, milliseconds): '0:00:05.720'."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def smil_document(text_href: str, audio_href: str, spans: list[Span], duration: float) -> bytes:
    """Return the SMIL overlay of one content document: `par`s in reading order.

    Paths are relative to the SMIL file, which sits beside the content documents.
    """
    root = etree.Element(f"{{{SMIL}}}smil", nsmap={None: SMIL, "epub": OPS}, version="3.0")
    body = etree.SubElement(root, f"{{{SMIL}}}body")
    seq = etree.SubElement(body, f"{{{SMIL}}}seq", id="seq-1")
    seq.set(f"{{{OPS}}}textref", text_href)
    for index, span in enumerate(spans, start=1):
        par = etree.SubElement(seq, f"{{{SMIL}}}par", id=f"par-{index}")
        etree.SubElement(par, f"{{{SMIL}}}text", src=f"{text_href}#{span.id}")
        audio = etree.SubElement(par, f"{{{SMIL}}}audio", src=audio_href)
        audio.set("clipBegin", clock(min(span.start, duration)))
        audio.set("clipEnd", clock(min(span.stop, duration)))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
