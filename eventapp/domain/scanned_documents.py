"""What a scanned copy of a signed document (an MoU) may be: a PDF, JPEG or
PNG known by its content, within a size and a pixel count, downloaded under
a name that ends as what it really is."""

import io
import warnings
from dataclasses import dataclass, field
from enum import StrEnum

from PIL import Image, UnidentifiedImageError

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.fields import CONTROL_CHARACTERS


class DocumentType(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"


DOCUMENT_EXTENSIONS = {DocumentType.PDF: ".pdf", DocumentType.JPEG: ".jpg", DocumentType.PNG: ".png"}
_NAME_EXTENSIONS = {DocumentType.PDF: {".pdf"}, DocumentType.JPEG: {".jpg", ".jpeg"}, DocumentType.PNG: {".png"}}


@dataclass(frozen=True)
class CheckedDocument:
    type: DocumentType
    filename: str
    size: int
    extension: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extension", DOCUMENT_EXTENSIONS[self.type])


def sniff(content: bytes) -> DocumentType | None:
    """What the content is by its first bytes (a PDF, a JPEG, a PNG), whatever its name says."""
    if content.startswith(b"%PDF-"):
        return DocumentType.PDF
    if content.startswith(b"\xff\xd8\xff"):
        return DocumentType.JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return DocumentType.PNG
    return None


# An A3 page scanned at 600 dpi is 70 million pixels.
SCAN_MAX_PIXELS = 80_000_000


def check_document(filename: str, content: bytes, max_bytes: int) -> CheckedDocument:
    """A scanned MoU is a PDF, JPEG or PNG, known by its content, never by its
    name: a renamed program or a web page with a .pdf name is refused."""
    refused = Text("Upload the scanned MoU as a PDF, JPEG or PNG file.")
    if not content:
        raise ValidationError(refused, {"document": Text("The file is empty.")})
    if len(content) > max_bytes:
        message = Text("The file is larger than %(limit)s MB.", {"limit": max_bytes // (1024 * 1024)})
        raise ValidationError(message, {"document": message})
    kind = sniff(content)
    if kind is None:
        raise ValidationError(refused, {"document": refused})
    if kind is DocumentType.PDF:
        # Every complete PDF ends with %%EOF (scanners may append a few bytes).
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError(refused, {"document": Text("This PDF file is incomplete or damaged.")})
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(content)) as image:
                    pixels = image.width * image.height
                    image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            pixels = SCAN_MAX_PIXELS + 1
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(refused, {"document": Text("This image file is damaged.")}) from None
        if pixels > SCAN_MAX_PIXELS:
            # A few kilobytes can declare a picture of billions of pixels that
            # would fill the memory of whoever decodes it (a browser, a printer).
            message = Text(
                "This image is larger than any scan of a page (%(limit)s megapixels).", {"limit": SCAN_MAX_PIXELS // 10**6}
            )
            raise ValidationError(message, {"document": message})
    return CheckedDocument(type=kind, filename=_download_name(filename, kind), size=len(content))


def _download_name(filename: str, kind: DocumentType) -> str:
    """The uploaded name, ending in the extension of what the file really is:
    a PDF uploaded as "scan.exe" is downloaded as "scan.pdf"."""
    base = CONTROL_CHARACTERS.sub("", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem, dot, suffix = base.rpartition(".")
    if dot and f".{suffix.lower()}" in _NAME_EXTENSIONS[kind]:
        return base[:200]
    extension = DOCUMENT_EXTENSIONS[kind]
    return f"{((stem if dot else base).strip() or 'mou')[: 200 - len(extension)]}{extension}"
