"""iPhone pictures: HEIC is read like a JPEG, and nothing identifying in it is ever published."""

from __future__ import annotations

import io

import pillow_heif
import pytest
from PIL import ExifTags, Image

from app.deck import DeckError
from app.images import CAMERA_WARNING, GPS_WARNING, check_image, inspect_source, publish_image
from tests.images_support import SECRETS, image_deck, image_slide, photo_like, save
from tests.test_images_privacy import FORBIDDEN_INFO, jpeg_markers, webp_chunks

JPEG_ALLOWED = {0xE0, 0xDB, 0xC4, 0xC2, 0xDD}


def secret_heic(image: Image.Image, orientation: int = 6) -> bytes:
    """Return a HEIC (written by libheif, as a phone does) carrying GPS, camera and XMP data."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SecretCam"
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    exif_ifd[ExifTags.Base.BodySerialNumber] = SECRETS["serial"].decode()
    exif_ifd[ExifTags.Base.CameraOwnerName] = SECRETS["camera owner"].decode()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (39.0, 1.0, 10.0), 3: "E", 4: (125.0, 45.0, 0.0)})
    gps[ExifTags.GPS.GPSMapDatum] = SECRETS["gps datum"].decode()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SECRETS["xmp"] + b"</x:xmpmeta>"
    heif = pillow_heif.from_pillow(image)
    buffer = io.BytesIO()
    heif.save(buffer, format="HEIF", quality=90, exif=exif.tobytes(), xmp=xmp)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Publish one secret-laden, sideways HEIC; return (entry, output folder, source bytes)."""
    root = tmp_path_factory.mktemp("heic")
    source = photo_like((600, 300))
    data = secret_heic(source)
    deck = image_deck(root / "deck", [image_slide("images/01.heic")])
    save(deck.folder, "images/01.heic", data)
    entry = publish_image(deck, 1, root / "out", widths=(150, 300))
    return entry, root / "out", data


def test_fixture_is_a_real_heic_carrying_the_secrets(published):
    _, _, data = published
    assert data[4:12] == b"ftypheic"
    for name in ("serial", "camera owner", "gps datum", "xmp"):
        assert SECRETS[name] in data, name
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "HEIF"
        gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert gps[ExifTags.GPS.GPSMapDatum] == "GPS-DATUM-SECRET"


def test_heic_is_published_upright_in_every_format(published):
    entry, out, _ = published
    assert (entry.width, entry.height) == (300, 600)  # stored landscape, shown portrait
    assert sorted({v.format for v in entry.variants}) == ["avif", "jpeg", "webp"]
    for variant in entry.variants:
        with Image.open(out / variant.file) as image:
            assert image.size == (variant.width, variant.height)


def test_heic_outputs_are_bare_pixels(published):
    entry, out, _ = published
    for variant in entry.variants:
        data = (out / variant.file).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert not FORBIDDEN_INFO & set(image.info), variant.file
            assert not image.getexif(), variant.file
        for name, secret in SECRETS.items():
            assert secret not in data, f"{variant.file} leaks the {name}"
        assert b"SecretCam" not in data and b"Exif" not in data
        if variant.format == "jpeg":
            assert jpeg_markers(data) <= JPEG_ALLOWED
        elif variant.format == "webp":
            assert webp_chunks(data) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
        else:
            assert b"colrprof" not in data and b"mime" not in data


def test_heic_gps_and_camera_data_are_reported(published, tmp_path):
    entry, _, data = published
    assert GPS_WARNING in entry.warnings and CAMERA_WARNING in entry.warnings
    assert inspect_source(save(tmp_path, "a.heic", data)) == [GPS_WARNING, CAMERA_WARNING]


def test_a_damaged_heic_says_what_to_do_in_plain_words(tmp_path, published):
    _, _, data = published
    deck = image_deck(tmp_path / "deck", [image_slide("images/01.heic")])
    save(deck.folder, "images/01.heic", data[:40])  # the header of a HEIC, nothing more
    with pytest.raises(DeckError) as caught:
        check_image(deck, 1)
    assert caught.value.message == (
        "images/01.heic: this file could not be read as a picture; export it as JPEG or PNG"
    )
