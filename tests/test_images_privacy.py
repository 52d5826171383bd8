"""Source protection: nothing identifying photographer, camera or place is ever published."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import ExifTags, Image, IptcImagePlugin

from app.images import ANIMATED_WARNING, CAMERA_WARNING, GPS_WARNING, inspect_source, publish_image
from tests.images_support import (
    SECRETS,
    image_deck,
    image_slide,
    photo_like,
    save,
    secret_jpeg,
    to_bytes,
)

FORBIDDEN_INFO = {"exif", "xmp", "icc_profile", "comment", "photoshop", "iptc", "adobe"}
JPEG_ALLOWED = {0xE0, 0xDB, 0xC4, 0xC2, 0xDD}  # APP0 (JFIF), DQT, DHT, progressive SOF, DRI


def jpeg_markers(data: bytes) -> set[int]:
    """Return the marker codes of a JPEG's header segments, up to the first scan."""
    assert data[:2] == b"\xff\xd8"
    markers, at = set(), 2
    while data[at + 1] != 0xDA:
        markers.add(data[at + 1])
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    return markers


def webp_chunks(data: bytes) -> set[bytes]:
    """Return the chunk types of a WebP file."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, at = set(), 12
    while at < len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        chunks.add(kind)
        at += 8 + size + size % 2
    return chunks


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Publish one secret-laden, sideways JPEG once; return (entry, output folder, source)."""
    root = tmp_path_factory.mktemp("privacy")
    source = photo_like((600, 300))
    source.paste((255, 0, 0), (0, 0, 60, 60))  # marks the stored top-left corner
    data = secret_jpeg(source, orientation=6)
    deck = image_deck(root / "deck", [image_slide()])
    save(deck.folder, "images/01.jpg", data)
    entry = publish_image(deck, 1, root / "out", widths=(150, 300))
    return entry, root / "out", data


def test_fixture_really_carries_every_secret(published):
    _, _, data = published
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSMapDatum] == "GPS-DATUM-SECRET"
        assert exif.get_ifd(ExifTags.IFD.IFD1)[0x0201] > 0  # thumbnail offset
        assert IptcImagePlugin.getiptcinfo(image)[(2, 90)] == SECRETS["iptc"]
        assert {"xmp", "comment", "icc_profile", "photoshop"} <= set(image.info)
    assert all(secret in data for secret in SECRETS.values())


def test_every_output_is_bare_pixels(published):
    entry, out, _ = published
    assert len(entry.variants) == 6  # 2 widths x AVIF, WebP, JPEG
    for variant in entry.variants:
        data = (out / variant.file).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format.lower() == variant.format
            assert not FORBIDDEN_INFO & set(image.info), variant.file
            assert not image.getexif(), variant.file
        for name, secret in SECRETS.items():
            assert secret not in data, f"{variant.file} leaks the {name}"
        for marker in (b"Exif", b"http://ns.adobe.com/xap/1.0/", b"Photoshop 3.0", b"8BIM"):
            assert marker not in data, f"{variant.file} carries {marker!r}"


def test_containers_hold_no_metadata_blocks(published):
    entry, out, _ = published
    for variant in entry.variants:
        data = (out / variant.file).read_bytes()
        if variant.format == "jpeg":
            assert jpeg_markers(data) <= JPEG_ALLOWED  # no APP1-15, no COM
        elif variant.format == "webp":
            assert webp_chunks(data) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
        else:
            assert b"colrprof" not in data and b"colrrICC" not in data  # no embedded ICC
            assert b"mime" not in data  # XMP items are typed application/rdf+xml via 'mime'


def test_orientation_is_applied(published):
    entry, out, _ = published
    assert (entry.width, entry.height) == (300, 600)  # stored 600x300, rotated 90 degrees
    for variant in entry.variants:
        with Image.open(out / variant.file) as image:
            assert image.size == (variant.width, variant.height)
            rgb = image.convert("RGB")
            w = image.width
            top_right, top_left = rgb.getpixel((w - 1 - w // 30, w // 30)), rgb.getpixel((1, 1))
            assert top_right[0] > 180 and top_right[1] < 90, variant.file
            assert not (top_left[0] > 180 and top_left[1] < 90), variant.file


def test_inspect_source_warns_about_gps_and_camera(tmp_path):
    path = save(tmp_path, "secret.jpg", secret_jpeg(photo_like((64, 48))))
    assert inspect_source(path) == [GPS_WARNING, CAMERA_WARNING]


def test_inspect_source_is_quiet_for_a_clean_image(tmp_path):
    path = tmp_path / "clean.png"
    photo_like((64, 48)).save(path)
    assert inspect_source(path) == []


def test_inspect_source_warns_about_animation(tmp_path):
    path = tmp_path / "moving.gif"
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert inspect_source(path) == [ANIMATED_WARNING]


def test_publish_warns_that_gps_will_be_stripped(published):
    entry, _, _ = published
    assert GPS_WARNING in entry.warnings


def test_damaged_exif_is_a_warning_and_is_not_published(tmp_path):
    damaged = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05\x01\x12\x00\x03" + SECRETS["serial"]
    deck = image_deck(tmp_path / "deck", [image_slide()])
    save(deck.folder, "images/01.jpg", to_bytes(photo_like((64, 48)), "JPEG", exif=damaged))
    entry = publish_image(deck, 1, tmp_path / "out")
    assert any("damaged metadata" in warning for warning in entry.warnings)
    for variant in entry.variants:
        assert SECRETS["serial"] not in (tmp_path / "out" / variant.file).read_bytes()
