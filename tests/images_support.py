"""Image fixtures for the image tests, all generated here: no binary files in the repo."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageCms

from app.deck import Deck, DeckModel

SECRETS = {
    "serial": b"SN-SECRET-4711",
    "maker note": b"MAKERNOTE-SECRET",
    "gps datum": b"GPS-DATUM-SECRET",
    "camera owner": b"OWNER-SECRET",
    "xmp": b"XMP-SECRET",
    "iptc": b"IPTC-CITY-SECRET",
    "comment": b"COMMENT-SECRET",
    "thumbnail": b"THUMB-SECRET",
}


def image_deck(folder: Path, slides: list[dict], credit: str = "Photographs by Test") -> Deck:
    """Return a deck in `folder` without load_deck's file checks, so bad images reach us."""
    folder.mkdir(parents=True, exist_ok=True)
    model = DeckModel.model_validate({"title": "Test", "credit": credit, "slides": slides})
    return Deck(slug=folder.name, folder=folder, model=model)


def image_slide(path: str = "images/01.jpg", **extra: object) -> dict:
    """Return a slide dict with an image and alt text."""
    return {"heading": "A slide", "image": path, "alt": "A street at dusk", **extra}


def save(folder: Path, relative: str, data: bytes) -> Path:
    """Write `data` at `folder/relative`, creating folders."""
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def to_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    """Encode an image in memory."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo_like(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """Return a noisy, photograph-like RGB image: soft colour fields, texture, a ramp, noise."""
    width, height = size
    rng = np.random.default_rng(seed)

    def field(step: int, resample: Image.Resampling) -> np.ndarray:
        cells = rng.integers(0, 256, (max(height // step, 2), max(width // step, 2), 3), np.uint8)
        return np.asarray(Image.fromarray(cells).resize(size, resample), dtype=np.float32)

    ramp = np.linspace(0, 60, width, dtype=np.float32)[None, :, None]
    noise = rng.normal(0, 6, (height, width, 3)).astype(np.float32)
    coarse, fine = max(width // 25, 1), max(width // 300, 1)  # detail scales with the frame
    pixels = 0.6 * field(coarse, Image.Resampling.BICUBIC)
    pixels += 0.25 * field(fine, Image.Resampling.BILINEAR)
    pixels += ramp + noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def crafted_png(width: int, height: int) -> bytes:
    """Return a valid all-black 1-bit PNG of any size, built by hand so a bomb costs nothing."""
    row = b"\x00" + bytes((width + 7) // 8)
    chunks = [
        (b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)),
        (b"IDAT", zlib.compress(row * height, 9)),
        (b"IEND", b""),
    ]
    body = b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in chunks
    )
    return b"\x89PNG\r\n\x1a\n" + body


def _exif_with_thumbnail(orientation: int) -> bytes:
    """Return EXIF with orientation, camera serial, maker note, GPS, and an IFD1 thumbnail.

    Pillow cannot write IFD1, so the thumbnail IFD is appended by hand and linked from IFD0.
    """
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SecretCam"
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    exif_ifd[ExifTags.Base.BodySerialNumber] = SECRETS["serial"].decode()
    exif_ifd[ExifTags.Base.CameraOwnerName] = SECRETS["camera owner"].decode()
    exif_ifd[ExifTags.Base.MakerNote] = SECRETS["maker note"]
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (39.0, 1.0, 10.0), 3: "E", 4: (125.0, 45.0, 0.0)})
    gps[ExifTags.GPS.GPSMapDatum] = SECRETS["gps datum"].decode()
    tiff = bytearray(exif.tobytes()[6:])
    assert tiff[:2] == b"MM"
    ifd0 = struct.unpack(">I", tiff[4:8])[0]
    entries = struct.unpack(">H", tiff[ifd0 : ifd0 + 2])[0]
    next_pointer = ifd0 + 2 + 12 * entries
    thumb = to_bytes(Image.new("RGB", (32, 24), "red"), "JPEG", comment=SECRETS["thumbnail"])
    if len(tiff) % 2:
        tiff += b"\0"
    ifd1 = len(tiff)
    thumb_at = ifd1 + 2 + 3 * 12 + 4
    tiff[next_pointer : next_pointer + 4] = struct.pack(">I", ifd1)
    tiff += struct.pack(">H", 3)
    tiff += struct.pack(">HHIHH", 0x0103, 3, 1, 6, 0)  # Compression: JPEG
    tiff += struct.pack(">HHII", 0x0201, 4, 1, thumb_at)  # JPEGInterchangeFormat
    tiff += struct.pack(">HHII", 0x0202, 4, 1, len(thumb))  # JPEGInterchangeFormatLength
    tiff += struct.pack(">I", 0) + thumb
    return b"Exif\x00\x00" + bytes(tiff)


def _iptc_segment() -> bytes:
    """Return a JPEG APP13 segment with IPTC city and by-line records."""
    records = b""
    for dataset, value in ((90, SECRETS["iptc"]), (80, b"A. Photographer")):
        records += bytes([0x1C, 2, dataset]) + struct.pack(">H", len(value)) + value
    if len(records) % 2:
        records += b"\0"
    resource = b"8BIM" + b"\x04\x04" + b"\0\0" + struct.pack(">I", len(records)) + records
    payload = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def secret_jpeg(image: Image.Image, orientation: int = 6) -> bytes:
    """Return a JPEG carrying every kind of identifying metadata we know of."""
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>'
        + SECRETS["xmp"]
        + b"</rdf:RDF></x:xmpmeta>"
    )
    data = to_bytes(
        image,
        "JPEG",
        quality=90,
        exif=_exif_with_thumbnail(orientation),
        xmp=xmp,
        comment=SECRETS["comment"],
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return data[:2] + _iptc_segment() + data[2:]


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def swapped_primaries_icc() -> bytes:
    """Return an RGB matrix/TRC ICC profile whose red and green primaries are swapped.

    Pillow can only create sRGB, LAB and XYZ profiles, so this one is assembled by hand; a
    pure red pixel tagged with it is really green, which makes the conversion easy to see.
    """
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)

    def xyz(values: tuple[float, float, float]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 563) + b"\0\0"  # gamma 2.2
    text = b"Swapped primaries\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", xyz(green)),
        (b"gXYZ", xyz(red)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(4 + 4 + 4 + 4 + 8 + 4)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + bytes(4 + 44)
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
