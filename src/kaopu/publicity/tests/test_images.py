"""Image re-encoding (kaopu.publicity.images): what is stored is always an image Pillow wrote."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from kaopu.publicity import images
from kaopu.publicity.images import ImageRefused, reencode
from kaopu.publicity.tests.editorial_helpers import jpeg_bytes, png_bytes


def _exif_with_gps_and_rotation() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "Camera Maker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 14.0, 0.0), "E", (121.0, 28.0, 0.0)
    return exif.tobytes()


def test_exif_gps_is_dropped_and_orientation_applied() -> None:
    data = jpeg_bytes((60, 20), exif=_exif_with_gps_and_rotation())
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the input really has GPS data

    encoded = reencode(data, "photo.jpg")

    assert encoded.content_type == "image/jpeg" and encoded.extension == "jpg"
    assert (encoded.width, encoded.height) == (20, 60)  # turned upright, then the tag dropped
    with Image.open(io.BytesIO(encoded.content)) as stored:
        assert len(stored.getexif()) == 0 and "icc_profile" not in stored.info
    assert b"Camera Maker" not in encoded.content and b"GPS" not in encoded.content
    assert encoded.sha256 == hashlib.sha256(encoded.content).hexdigest()


def test_bytes_appended_after_a_pngs_iend_are_gone() -> None:
    payload = b"<?php system($_GET['c']); ?>" * 10
    data = png_bytes((30, 30), "RGBA", (0, 128, 0, 100)) + payload

    encoded = reencode(data, "logo.png")

    assert encoded.content_type == "image/png"  # transparency kept, so PNG
    assert payload not in encoded.content and encoded.content.endswith(b"IEND\xaeB`\x82")


def test_an_opaque_png_becomes_a_jpeg_and_a_large_image_is_scaled_down() -> None:
    encoded = reencode(png_bytes((4000, 1000)), "wide.png")

    assert encoded.content_type == "image/jpeg"
    assert (encoded.width, encoded.height) == (2000, 500)


def test_a_non_image_renamed_jpg_is_refused_in_chinese() -> None:
    with pytest.raises(ImageRefused, match=r"图片“invoice\.jpg”不是可读取的图片"):
        reencode(b"MZ\x90\x00 this is a program, not a picture" * 20, "invoice.jpg")


def test_an_html_page_named_png_is_refused() -> None:
    with pytest.raises(ImageRefused):
        reencode(b"<html><script>alert(1)</script></html>", "x.png")


def test_a_decompression_bomb_is_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # 10 000 × 10 000 pixels of one colour: a few kilobytes that would take 300 MB decoded.
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000

    with pytest.raises(ImageRefused, match="百万像素"):
        reencode(out.getvalue(), "bomb.png")


def test_too_many_bytes_are_refused_before_decoding(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    with pytest.raises(ImageRefused, match="最大"):
        reencode(png_bytes((300, 300), colour=(1, 2, 3)) + b"\0" * 2000, "big.png")
