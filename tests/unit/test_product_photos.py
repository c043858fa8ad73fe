"""What a product photo may be and what is kept of it: known by its content,
its size read from the header before any decoding, re-encoded as a JPEG."""

import io
import struct
import zlib

import pytest
from PIL import Image

from eventapp.domain.errors import ValidationError
from eventapp.domain.product_photos import LARGE_SIDE, THUMBNAIL_SIDE, process_photo

LIMIT = 8 * 1024 * 1024


def image_bytes(size=(3000, 2000), kind="JPEG", mode="RGB", colour=(200, 80, 40), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, kind, **save)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height``, with a few bytes of
    pixels: what a decompression bomb looks like before it is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")


def refusal(content: bytes, limit: int = LIMIT) -> str:
    with pytest.raises(ValidationError) as raised:
        process_photo(content, limit)
    return raised.value.fields["photo"].msgid


def test_a_phone_photo_is_kept_as_a_jpeg_of_1200_pixels_and_a_thumbnail():
    photo = process_photo(image_bytes((4000, 3000)), LIMIT)

    assert (photo.width, photo.height) == (LARGE_SIDE, 900)
    large, thumbnail = Image.open(io.BytesIO(photo.large)), Image.open(io.BytesIO(photo.thumbnail))
    assert large.format == thumbnail.format == "JPEG"
    assert large.size == (1200, 900) and thumbnail.size == (THUMBNAIL_SIDE, 270)


def test_a_small_photo_is_not_enlarged_and_a_transparent_png_gets_a_white_background():
    photo = process_photo(image_bytes((400, 300), "PNG", "RGBA", (0, 0, 0, 0)), LIMIT)

    large = Image.open(io.BytesIO(photo.large))
    assert large.size == (400, 300) and large.mode == "RGB"
    assert large.getpixel((10, 10)) == (255, 255, 255)


def test_the_phone_s_metadata_is_not_kept_and_its_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the camera was held upright
    exif[0x010F] = "Camera maker"
    photo = process_photo(image_bytes((1600, 1200), exif=exif.tobytes()), LIMIT)

    large = Image.open(io.BytesIO(photo.large))
    assert large.size == (900, 1200)
    assert not large.getexif() and b"Camera maker" not in photo.large


def test_what_a_polyglot_carries_besides_the_image_is_not_served():
    script = b"<script>alert(document.cookie)</script>"
    photo = process_photo(image_bytes((800, 600)) + script + b"PK\x03\x04zip payload", LIMIT)

    assert script not in photo.large and script not in photo.thumbnail and b"PK\x03\x04" not in photo.large


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
        b"GIF89a" + b"\0" * 100,
        b"MZ\x90\0 a renamed program",
        b"<html><body>" + image_bytes((50, 50)),
        b"%PDF-1.4\n%%EOF\n",
    ],
    ids=["svg", "gif", "program", "html-first", "pdf"],
)
def test_anything_but_a_jpeg_png_or_webp_is_refused_by_its_content(content):
    assert refusal(content) == "Upload the photo as a JPEG, PNG or WebP image."


def test_webp_is_accepted():
    assert process_photo(image_bytes((640, 480), "WEBP"), LIMIT).width == 640


def test_a_photo_over_the_size_limit_or_empty_is_refused():
    assert refusal(image_bytes((800, 600)), limit=1024) == "The photo is larger than %(limit)s."
    assert refusal(b"") == "The file is empty."


@pytest.mark.parametrize("size", [(100_000, 100_000), (40_000, 40_000), (6_000, 6_000)], ids=["gigapixel", "bomb", "36-mp"])
def test_a_declared_size_past_the_limit_is_refused_before_decoding(size):
    content = png_declaring(*size)
    assert len(content) < 200
    message = refusal(content)
    assert message.startswith("This photo is too large to show")


def test_a_png_stops_at_fewer_pixels_than_a_jpeg_which_decodes_at_a_fraction_of_its_size():
    assert refusal(png_declaring(4500, 3500)).startswith("This photo is too large to show")
    assert process_photo(image_bytes((4500, 3500)), LIMIT).width == LARGE_SIDE


def test_a_side_longer_than_a_panorama_is_refused():
    assert refusal(png_declaring(20_000, 10)).startswith("This photo is too large to show")


def test_a_damaged_image_is_refused():
    truncated = image_bytes((800, 600))[:300]
    assert refusal(truncated) == "This image file is damaged."
    assert refusal(png_declaring(800, 600)) == "This image file is damaged."
