import io

import pytest
from PIL import Image

from support.images import MAX_BYTES, MAX_SIDE, ImageRefused, clean_image

from .photos import GPS_IFD, bomb_png, photo_bytes


def clean(data: bytes):
    return clean_image(io.BytesIO(data), len(data))


def test_jpeg_is_reencoded_as_jpeg():
    kept = clean(photo_bytes("JPEG"))
    assert Image.open(io.BytesIO(kept.data)).format == "JPEG"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted_and_reencoded_as_jpeg(fmt):
    kept = clean(photo_bytes(fmt))
    assert Image.open(io.BytesIO(kept.data)).format == "JPEG"


def test_text_file_is_refused_as_unreadable():
    with pytest.raises(ImageRefused) as refused:
        clean(b"this is not a photo, it is a letter")
    assert refused.value.reason == "image_unreadable"


def test_gif_is_refused_as_unreadable():
    with pytest.raises(ImageRefused) as refused:
        clean(photo_bytes("GIF"))
    assert refused.value.reason == "image_unreadable"


def test_file_over_five_megabytes_is_refused_before_decoding():
    with pytest.raises(ImageRefused) as refused:
        clean_image(io.BytesIO(b""), MAX_BYTES + 1)
    assert refused.value.reason == "image_too_large"


def test_decompression_bomb_is_refused():
    with pytest.raises(ImageRefused) as refused:
        clean(bomb_png())
    assert refused.value.reason == "image_too_many_pixels"


def test_image_just_over_the_pixel_bound_is_refused():
    with pytest.raises(ImageRefused) as refused:
        clean(bomb_png(width=8000, height=5001))
    assert refused.value.reason == "image_too_many_pixels"


def test_gps_exif_is_gone_after_reencoding():
    upload = photo_bytes("JPEG", gps=True)
    assert Image.open(io.BytesIO(upload)).getexif().get_ifd(GPS_IFD)  # the test's own
    kept = clean(upload)
    stored = Image.open(io.BytesIO(kept.data))
    assert not stored.getexif()
    assert "exif" not in stored.info and b"Exif" not in kept.data


def test_icc_profile_is_dropped():
    image = Image.new("RGB", (50, 50))
    output = io.BytesIO()
    image.save(output, "JPEG", icc_profile=b"\x00" * 128)
    kept = clean(output.getvalue())
    assert "icc_profile" not in Image.open(io.BytesIO(kept.data)).info


def test_large_photo_is_downscaled_to_the_long_side_bound():
    kept = clean(photo_bytes("JPEG", size=(4000, 3000)))
    assert (kept.width, kept.height) == (MAX_SIDE, 1500)


def test_exif_orientation_is_applied_to_the_pixels():
    image = Image.new("RGB", (300, 100))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    kept = clean(output.getvalue())
    assert (kept.width, kept.height) == (100, 300)
