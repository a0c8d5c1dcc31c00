"""Article images: every upload decoded and re-encoded with Pillow, so that what is stored and served is
an image Pillow wrote, never the bytes a browser sent (a PNG with a program appended after IEND, a JPEG
with GPS coordinates in its EXIF, an "image" that is an HTML page …).

The rules, in order: at most ``MAX_BYTES``; the bytes decode as JPEG, PNG, GIF or WebP (``Image.open`` and
``verify``, then opened again, since a verified image cannot be used); at most ``MAX_PIXELS`` pixels
(Pillow's decompression-bomb guard is set to the same limit and its warning is an error here); EXIF
orientation applied, then every metadata dropped (EXIF, ICC profile, text chunks); scaled down to at most
``LONG_SIDE`` pixels on the long side; saved as PNG when the image has transparency, JPEG otherwise.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kaopu.appeals.attachments import human_size

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8000 × 5000: a camera's photo, not a bomb
LONG_SIDE = 2000
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
JPEG_QUALITY = 85

# Pillow warns beyond MAX_IMAGE_PIXELS and raises beyond twice that; re-encoding turns the warning into an
# error as well (see reencode), so the limit holds at MAX_PIXELS.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageRefused(ValueError):
    """Why an upload is not accepted as an image (a sentence for a person)."""


@dataclass(frozen=True)
class Encoded:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA"):
        return image.getextrema()[-1][0] < 255  # an alpha channel that is not fully opaque
    return image.mode == "P" and "transparency" in image.info


def _open(data: bytes, name: str) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise ImageRefused(_("Image “%(name)s”: only JPG, PNG, GIF and WebP images are accepted.")
                                       % {"name": name})
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused(_("Image “%(name)s” is too large: at most %(pixels)s million pixels.")
                               % {"name": name, "pixels": MAX_PIXELS // 1_000_000}) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            if isinstance(error, ImageRefused):
                raise
            raise ImageRefused(_("Image “%(name)s” is not a readable image: only JPG, PNG, GIF and WebP images "
                                 "are accepted.") % {"name": name}) from None
    return image


def reencode(data: bytes, name: str = "") -> Encoded:
    """The image in ``data`` as the platform stores it, or ImageRefused naming the rule it breaks."""
    name = name or _("image")
    if len(data) > MAX_BYTES:
        raise ImageRefused(_("Image “%(name)s” is %(size)s; an image may be at most %(max)s.")
                           % {"name": name, "size": human_size(len(data)), "max": human_size(MAX_BYTES)})
    if not data:
        raise ImageRefused(_("Image “%(name)s” is empty.") % {"name": name})
    image = _open(data, name)
    with contextlib.suppress(OSError, ValueError, SyntaxError):  # a broken EXIF block: pixels as they come
        image = ImageOps.exif_transpose(image) or image
    transparent = _has_alpha(image)
    image = image.convert("RGBA" if transparent else "RGB")
    image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    image.info = {}  # no EXIF, ICC profile or text chunk travels into the new file
    out = io.BytesIO()
    if transparent:
        image.save(out, "PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        content_type, extension = "image/jpeg", "jpg"
    return Encoded(out.getvalue(), content_type, extension, image.width, image.height)


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, reading at most one byte beyond the limit."""
    upload.seek(0)
    return upload.read(MAX_BYTES + 1)
