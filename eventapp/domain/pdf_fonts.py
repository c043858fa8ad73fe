"""The TrueType fonts PDFs embed (Be Vietnam Pro, so Vietnamese prints and
extracts with every tone mark). Each kind of PDF registers the files under
names of its own, so that none gets another's metrics by accident."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_registered: dict[str, Path] = {}


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path

    @classmethod
    def in_folder(cls, folder: Path) -> "FontFiles":
        """Be Vietnam Pro, as shipped in static/fonts."""
        return cls(
            regular=folder / "BeVietnamPro-Regular.ttf",
            bold=folder / "BeVietnamPro-Bold.ttf",
            italic=folder / "BeVietnamPro-Italic.ttf",
        )


def register_fonts(files: Mapping[str, Path]) -> None:
    """Register each font name for its TTF file: each file is parsed once per
    process, and a name always means the file last given for it."""
    for name, path in files.items():
        resolved = Path(path).resolve()
        if _registered.get(name) != resolved:
            pdfmetrics.registerFont(TTFont(name, str(path)))
            _registered[name] = resolved


def register_family(regular: str, bold: str, italic: str) -> None:
    """So that <b> and <i> in a paragraph pick the bold and italic fonts."""
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold)
