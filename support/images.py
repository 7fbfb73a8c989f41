"""
Intake of the KTP photo and the selfie: decode, check, re-encode.

Invariants:
- A file over MAX_BYTES is refused before Pillow reads a byte of it.
- Only JPEG, PNG and WebP are decoded; anything else, a file Pillow cannot read, or
  one declaring more than MAX_PIXELS pixels (a decompression bomb) is refused with
  ImageRefused and never fully decoded.
- What is kept is a new JPEG drawn from the pixels alone, turned upright by its EXIF
  orientation, at most MAX_SIDE pixels on its long side: no EXIF (no GPS), no ICC
  profile, no comment or other metadata of the upload survives.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024  # 5 MB per image, as the form says
MAX_PIXELS = 40_000_000  # 40 megapixels: any phone camera, far from a bomb
MAX_SIDE = 2000  # enough to read a KTP, small enough to store
JPEG_QUALITY = 85
FORMATS = ("JPEG", "PNG", "WEBP")

# Pillow's own guard, at our bound: past it, Image.open warns, past twice it raises.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageRefused(Exception):
    """`reason` is image_too_large, image_unreadable or image_too_many_pixels."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    width: int
    height: int


def clean_image(upload, size: int) -> CleanImage:
    """Re-encode the uploaded file (`size` bytes long) or raise ImageRefused."""
    if size > MAX_BYTES:
        raise ImageRefused("image_too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=FORMATS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ImageRefused("image_too_many_pixels")
                image.load()
                return _reencode(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise ImageRefused("image_too_many_pixels") from bomb
    except (OSError, ValueError, SyntaxError) as error:  # what Pillow raises on junk
        raise ImageRefused("image_unreadable") from error


def _reencode(image: Image.Image) -> CleanImage:
    upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    output = io.BytesIO()
    # A fresh RGB image carries no info of the upload; nothing is passed to save.
    upright.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanImage(output.getvalue(), upright.width, upright.height)
