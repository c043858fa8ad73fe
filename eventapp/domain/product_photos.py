"""What a product photo may be, and what is kept of it: a JPEG, PNG or WebP
known by its content, within a size and a pixel count read from its header
before a single pixel is decoded, re-encoded by us as a JPEG of at most
``LARGE_SIDE`` pixels and a thumbnail.

Re-encoding is the defence: whatever else the upload carried (a script in a
polyglot, the phone's GPS position in its EXIF) is not in what we serve.
An SVG, a GIF, a renamed program are refused by their first bytes; a PNG
bomb (a few kilobytes declaring a gigapixel) by its declared size.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.scanned_documents import SCAN_MAX_PIXELS, DocumentType, sniff

LARGE_SIDE = 1200
THUMBNAIL_SIDE = 360
LARGE_QUALITY, THUMBNAIL_QUALITY = 85, 80
# A 48-megapixel phone camera writes 12-megapixel photos unless asked. A JPEG
# decodes at a fraction of its size (draft mode), so 30 megapixels cost a
# fraction of a second; a PNG or WebP decodes whole (a 30-megapixel PNG of one
# colour is 100 KB and 4 s of a worker), so those stop at 12.
PHOTO_MAX_PIXELS = {"JPEG": 30_000_000, "PNG": 12_000_000, "WEBP": 12_000_000}
PHOTO_MAX_SIDE = 12_000  # a panorama's long side
FIELD = "photo"

# Pillow refuses on its own anything past twice this, and warns past it (the
# check below takes the warning as a refusal): no image this app reads, a
# photo or a scanned MoU, may be larger, even where a check were forgotten.
Image.MAX_IMAGE_PIXELS = SCAN_MAX_PIXELS


@dataclass(frozen=True)
class ProcessedPhoto:
    large: bytes
    thumbnail: bytes
    width: int
    height: int


def size_limit(max_bytes: int) -> str:
    """A size limit as people read it: "8 MB", "64 KB"."""
    if max_bytes >= 1024 * 1024:
        return f"{max_bytes // (1024 * 1024)} MB"
    return f"{max(max_bytes // 1024, 1)} KB"


def too_large(max_bytes: int) -> Text:
    return Text("The photo is larger than %(limit)s.", {"limit": size_limit(max_bytes)})


def _refuse(message: Text) -> ValidationError:
    return ValidationError(message, {FIELD: message})


def _kind(content: bytes) -> str | None:
    """Pillow's name of the format the content starts as, among those accepted."""
    sniffed = sniff(content)
    if sniffed is DocumentType.JPEG:
        return "JPEG"
    if sniffed is DocumentType.PNG:
        return "PNG"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "WEBP"
    return None


def _encoded(image: Image.Image, side: int, quality: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue(), copy.width, copy.height


def _flattened(image: Image.Image) -> Image.Image:
    """RGB, a transparent background made white (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def process_photo(content: bytes, max_bytes: int) -> ProcessedPhoto:
    """The photo as we keep it, or a ``ValidationError`` on ``photo`` saying why not."""
    if not content:
        raise _refuse(Text("The file is empty."))
    if len(content) > max_bytes:
        raise _refuse(too_large(max_bytes))
    kind = _kind(content)
    if kind is None:
        raise _refuse(Text("Upload the photo as a JPEG, PNG or WebP image."))
    damaged = Text("This image file is damaged.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[kind]) as image:
                # Opening reads the header only: the size is known before any decoding.
                width, height = image.size
                most = PHOTO_MAX_PIXELS[kind]
                if width > PHOTO_MAX_SIDE or height > PHOTO_MAX_SIDE or width * height > most:
                    raise _refuse(
                        Text(
                            "This photo is too large to show (%(limit)s megapixels at most): "
                            "save it smaller, e.g. 2000 pixels wide, and upload it again.",
                            {"limit": most // 10**6},
                        )
                    )
                # A JPEG decodes at an eighth, a quarter or half its size when that is enough.
                image.draft("RGB", (LARGE_SIDE, LARGE_SIDE))
                upright = ImageOps.exif_transpose(image)
                upright.load()
                flat = _flattened(upright)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(Text("This photo is too large to show.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _refuse(damaged) from None
    large, large_width, large_height = _encoded(flat, LARGE_SIDE, LARGE_QUALITY)
    thumbnail, _width, _height = _encoded(flat, THUMBNAIL_SIDE, THUMBNAIL_QUALITY)
    return ProcessedPhoto(large=large, thumbnail=thumbnail, width=large_width, height=large_height)
