"""The image pipeline: read a deck's pictures safely, publish metadata-free variants, draw stand-ins.

One job per module: `source` reads and checks a file without trusting it, `encode` resizes and
encodes AVIF/WebP/JPEG variants, `standin` draws the labelled card shown when a photograph is
absent, and `publish` ties them together into content-addressed files for the build.
"""

from __future__ import annotations

from .publish import ImageEntry, Variant, check_image, publish_image, remove_stale_images
from .source import ANIMATED_WARNING, CAMERA_WARNING, GPS_WARNING, inspect_source
from .standin import draw_stand_in

__all__ = [
    "ANIMATED_WARNING",
    "CAMERA_WARNING",
    "GPS_WARNING",
    "ImageEntry",
    "Variant",
    "check_image",
    "draw_stand_in",
    "inspect_source",
    "publish_image",
    "remove_stale_images",
]
