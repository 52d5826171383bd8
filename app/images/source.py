"""Open a source image safely and turn it into plain 8-bit sRGB pixels.

Everything here works on bytes already read from disk, so the caller hashes exactly what was
decoded. Problems raise `ImageProblem` (a message only); `app.images` adds the deck location.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

MAX_PIXELS = 64_000_000
MAX_SIDE = 20_000
MIN_SIDE = 16
MAX_ASPECT = 10.0

# A stricter bomb limit than Pillow's default (~89 MP): Pillow warns above it and refuses above
# twice it; `open_checked` turns both into ImageProblem.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# iPhones save HEIC by default: let Pillow open HEIC/HEIF wherever the pipeline reads a source.
# Orientation stays in the EXIF for `decode` to apply, exactly as for a JPEG.
register_heif_opener()

UNREADABLE = "this file could not be read as a picture; export it as JPEG or PNG"
DAMAGED = (
    "this file is damaged or incomplete (perhaps cut short when copied); copy or export it again"
)

GPS_WARNING = "carries GPS location data (it will be stripped on publish)"
CAMERA_WARNING = "carries camera or owner details (they will be stripped on publish)"
ANIMATED_WARNING = "is animated: only the first frame is published"
_CAMERA_TAGS = {
    ExifTags.Base.Make,
    ExifTags.Base.Model,
    ExifTags.Base.Artist,
    ExifTags.Base.BodySerialNumber,
    ExifTags.Base.LensSerialNumber,
    ExifTags.Base.CameraOwnerName,
    ExifTags.Base.MakerNote,
}
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_SIXTEEN_BIT = {"I", "I;16", "I;16L", "I;16B", "I;16N"}


class ImageProblem(Exception):
    """A source image that cannot be published; the message says why and what to do.

    Messages name no file (the caller prefixes the deck's image path) and no library.
    """


def open_checked(data: bytes) -> tuple[Image.Image, list[str]]:
    """Open image bytes lazily, refusing bombs and absurd shapes before any pixel is decoded.

    Return the image and notes about damaged metadata Pillow met while reading the header.
    """
    notes: list[str] = []
    try:
        with noting(notes):
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageProblem(
            f"this picture is too large (more than {MAX_PIXELS // 1_000_000} megapixels);"
            " export it smaller, for example 6000 px on the long side"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageProblem(UNREADABLE) from None
    _check_shape(*image.size)
    return image, notes


def _check_shape(width: int, height: int) -> None:
    """Refuse sizes no photograph has: they are mistakes or attacks."""
    size = f"this picture is {width}x{height} px"
    if max(width, height) > MAX_SIDE:
        raise ImageProblem(f"{size}, over {MAX_SIDE} px on a side; export it smaller")
    if min(width, height) < MIN_SIDE:
        raise ImageProblem(f"{size}, under {MIN_SIDE} px on a side; use the full-size picture")
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise ImageProblem(
            f"{size}: one side is over {MAX_ASPECT:g} times the other; crop it to a less extreme shape"
        )


def oriented_size(image: Image.Image) -> tuple[int, int]:
    """Return the size after EXIF orientation, without decoding pixels."""
    width, height = image.size
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return (height, width) if orientation in _ROTATED else (width, height)


@contextmanager
def noting(notes: list[str]) -> Iterator[None]:
    """Turn Pillow's warnings about damaged metadata into notes for the editor.

    Metadata is never published, so a corrupt EXIF block is worth a note, not a failure.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    damaged = []
    for warning in caught:
        if issubclass(warning.category, UserWarning):
            damaged.append(str(warning.message).strip())
        else:
            warnings.warn(warning.message, warning.category, stacklevel=3)
    if damaged:
        notes.append(f"has damaged metadata, ignored ({'; '.join(damaged)})")


def header_warnings(image: Image.Image) -> list[str]:
    """List what the editor should know about a source (private data, animation)."""
    found: list[str] = []
    with noting(found):
        exif = image.getexif()
        tags = set(exif) | set(exif.get_ifd(ExifTags.IFD.Exif))
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo) or ExifTags.IFD.GPSInfo in exif
    if gps:
        found.append(GPS_WARNING)
    if tags & _CAMERA_TAGS:
        found.append(CAMERA_WARNING)
    if getattr(image, "n_frames", 1) > 1:
        found.append(ANIMATED_WARNING)
    return found


def inspect_source(path: Path) -> list[str]:
    """Return warnings for `glimpse check` about an image file; unreadable files give none."""
    try:
        image, notes = open_checked(path.read_bytes())
        with image:
            return notes + header_warnings(image)
    except (OSError, ImageProblem):
        return []  # publishing reports these as errors


def decode(image: Image.Image, largest: tuple[int, int]) -> tuple[Image.Image, list[str]]:
    """Decode the first frame, upright, as 8-bit sRGB "RGB" or "RGBA"; return it and warnings.

    `largest` is the biggest upright size wanted: a JPEG is decoded at the smallest DCT scale
    that still covers it, which makes camera-sized sources several times faster.
    """
    notes: list[str] = []
    if image.format == "JPEG":
        swapped = image.getexif().get(ExifTags.Base.Orientation, 1) in _ROTATED
        image.draft(image.mode, largest[::-1] if swapped else largest)
    try:
        image.seek(0)
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise ImageProblem(DAMAGED) from None
    icc = image.info.get("icc_profile")
    with noting([]):  # header_warnings already reported damaged metadata
        upright = _flatten_palette(_to_eight_bit(ImageOps.exif_transpose(image)))
    if icc:
        try:
            upright = _to_srgb(upright, icc)
        except (ImageCms.PyCMSError, OSError, ValueError):
            notes.append(
                "has a colour profile that could not be read, so its colours were taken as"
                " standard sRGB; export it again if they look wrong"
            )
    return _to_output_mode(upright), notes


def _to_eight_bit(image: Image.Image) -> Image.Image:
    """Scale 16-bit grayscale to 8 bits; Pillow's own conversion clips instead of scaling."""
    if image.mode == "F":
        values = np.asarray(image, dtype=np.float64)
    elif image.mode in _SIXTEEN_BIT:
        values = np.asarray(image, dtype=np.float64) / 257.0
    else:
        return image
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), "L")


def _flatten_palette(image: Image.Image) -> Image.Image:
    """Expand palette and 1-bit images, so colour management sees plain channels."""
    if image.mode in {"P", "PA", "1"}:
        return image.convert("RGBA" if image.has_transparency_data else "RGB")
    return image


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Convert pixels from their embedded profile to sRGB, keeping any alpha untouched."""
    source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    srgb = ImageCms.createProfile("sRGB")
    alpha = image.getchannel("A") if image.mode in {"RGBA", "LA"} else None
    if alpha is not None:
        image = image.convert({"RGBA": "RGB", "LA": "L"}[image.mode])
    converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
    if converted is None:  # only when inPlace=True; keeps the type checker honest
        raise ValueError("colour conversion failed")
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _to_output_mode(image: Image.Image) -> Image.Image:
    """Return "RGBA" when transparency matters, otherwise "RGB" (CMYK, palette, gray, ...)."""
    if image.mode == "RGB":
        return image
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        if rgba.getchannel("A").getextrema() != (255, 255):
            return rgba
        return rgba.convert("RGB")
    return image.convert("RGB")
