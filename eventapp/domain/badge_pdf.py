"""Badges as PDF: A6 cards, one per page or four to an A4 sheet with cut marks.

Each badge shows the event, the person's name (as large as it fits: long
Vietnamese names wrap onto two lines and shrink, never overflow or clip),
position, organisation, province, a QR of the signed badge code and a band
coloured by participation, so door staff tell buyers from exhibitors at a
glance. The font is embedded, so the text is real, searchable Vietnamese.

The caller translates every label: this module only lays out what it is given.
"""

import functools
import io
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import segno
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from eventapp.domain.pdf_fonts import register_fonts
from eventapp.domain.streaming_pdf import streaming_canvas

BADGE_WIDTH, BADGE_HEIGHT = A6
MARGIN = 8 * mm
QR_SYMBOL = 30 * mm  # the symbol without its quiet zone: 27 mm even on the scaled A4 sheet
QUIET_ZONE_MODULES = 4  # what the QR standard asks for
# On an A4 sheet each A6 quarter loses a margin to the printer and the cut marks.
SHEET_SCALE = 0.9
CUT_MARK_OFFSET, CUT_MARK_LENGTH = 1 * mm, 3 * mm

ROLE_COLOURS = {
    "delegate": "#1f5fa8",
    "exhibitor": "#0b6b3a",
    "buyer": "#c2571a",
    "press": "#6a3d9a",
    "speaker": "#b3202a",
}
OTHER_ROLE_COLOUR = "#555555"
INK = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
EVENT_INK = HexColor("#0b6b3a")


class SheetLayout(StrEnum):
    A6 = "a6"  # one badge per A6 page
    A4_4UP = "a4-4up"  # four A6 badges per A4 sheet, with cut marks


@dataclass(frozen=True)
class BadgeFonts:
    regular: Path
    bold: Path


@dataclass(frozen=True)
class Badge:
    full_name: str
    organisation: str
    role: str  # the participation code: picks the band's colour
    role_label: str
    event_name: str
    event_dates: str
    code: str
    position: str = ""
    province: str = ""
    booth: str = ""  # already labelled, e.g. "Gian hàng A12"


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str


def _register(fonts: BadgeFonts) -> _Fonts:
    """Register the TTFs once per process, under names of our own so other
    PDFs of the app never get these metrics by accident."""
    names = _Fonts(regular="EventappBadge-" + Path(fonts.regular).stem, bold="EventappBadge-" + Path(fonts.bold).stem)
    register_fonts({names.regular: fonts.regular, names.bold: fonts.bold})
    return names


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: tuple[str, ...]


def _balanced_lines(words: list[str], count: int, width_of) -> tuple[str, ...]:
    """``words`` in ``count`` lines whose widest line is as narrow as possible."""
    if count == 1 or len(words) < 2:
        return (" ".join(words),)
    best: tuple[str, ...] = ()
    best_width = float("inf")
    for split in range(1, len(words)):
        first, rest = " ".join(words[:split]), _balanced_lines(words[split:], count - 1, width_of)
        widest = max(width_of(first), *(width_of(line) for line in rest))
        if widest < best_width:
            best, best_width = (first, *rest), widest
    return best


# Organisations, positions, provinces and labels repeat from badge to badge;
# their fitting is worked out once. The key holds the font's name, and a name
# stands for one registered font for the life of the process.
@functools.lru_cache(maxsize=4096)
def fit_text(
    text: str, font: str, *, width: float, height: float, max_size: float, max_lines: int = 2, leading: float = 1.15
) -> FittedText:
    """The largest size (at most ``max_size``) and line breaks at which
    ``text`` fits the box. Text widths grow linearly with the size, so the
    size is computed, not searched; fewer lines win a tie."""
    words = text.split()
    if not words:
        return FittedText(max_size, ())
    ascent, descent = pdfmetrics.getAscentDescent(font, 1)

    def width_of(line: str) -> float:
        return pdfmetrics.stringWidth(line, font, 1)

    best = FittedText(0, ())
    for count in range(1, min(max_lines, len(words)) + 1):
        lines = _balanced_lines(words, count, width_of)
        block = (ascent - descent) + (count - 1) * leading
        size = min(max_size, width / max(width_of(line) for line in lines), height / block)
        if size > best.size + 0.01:
            best = FittedText(size, lines)
    return best


def _draw_text(
    canvas: Canvas,
    text: str,
    font: str,
    *,
    box_bottom: float,
    box_height: float,
    max_size: float,
    colour=INK,
    max_lines: int = 2,
    leading: float = 1.15,
    width: float = BADGE_WIDTH - 2 * MARGIN,
) -> None:
    """``text`` centred in a full-width box, as large as fits."""
    fitted = fit_text(text, font, width=width, height=box_height, max_size=max_size, max_lines=max_lines, leading=leading)
    if not fitted.lines:
        return
    ascent, descent = pdfmetrics.getAscentDescent(font, fitted.size)
    block = (ascent - descent) + (len(fitted.lines) - 1) * leading * fitted.size
    baseline = box_bottom + (box_height + block) / 2 - ascent
    canvas.setFont(font, fitted.size)
    canvas.setFillColor(colour)
    for line in fitted.lines:
        canvas.drawCentredString(BADGE_WIDTH / 2, baseline, line)
        baseline -= leading * fitted.size


# Any of the eight masks makes a valid symbol; choosing the "best" one by the
# standard's penalty scores costs most of the encoding time, for codes that
# every decoder reads with any mask (the tests decode the printed badges).
QR_MASK = 0


def _qr_symbol(data: bytes) -> segno.QRCode:
    """The symbol of ``data`` in byte mode, error correction M, the fixed mask."""
    return segno.make_qr(data, error="m", mode="byte", mask=QR_MASK, boost_error=False)


def qr_modules(code: str) -> list[list[bool]]:
    """The QR symbol of ``code`` (error correction M), without quiet zone:
    the same symbol the printed badge carries."""
    return [[bool(module) for module in row] for row in _qr_symbol(code.encode()).matrix]


_AS_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


@dataclass(frozen=True)
class _QrLayout:
    """Every symbol of a text of one length, as the rows of a 1-bit image
    (each row padded to whole bytes) read as one integer.

    With the length, the error correction and the mask fixed, a byte-mode
    symbol is an affine function of the text's bits over GF(2): the header,
    terminator and padding are the same, Reed-Solomon parity is linear, and
    placing, interleaving and masking only move or flip bits. So a symbol is
    the symbol of the all-zero text with, for each set bit of the text, that
    bit's own pattern flipped in: a few dozen integer XORs where an encoder
    in Python spends a millisecond. segno makes the patterns, once a length."""

    size: int  # modules a side
    blank: int  # the symbol of the all-zero text
    flips: tuple[int, ...]  # flips[i]: what bit i of the text (as a big-endian integer) toggles


def _image_bits(symbol: segno.QRCode) -> int:
    matrix = symbol.matrix
    row_bits = (len(matrix) + 7) // 8 * 8
    value = 0
    for row in matrix:
        value = (value << row_bits) | (int(bytes(row).translate(_AS_BINARY_DIGITS), 2) << (row_bits - len(row)))
    return value


@functools.lru_cache(maxsize=16)
def _qr_layout(length: int) -> _QrLayout:
    blank_symbol = _qr_symbol(bytes(length))
    blank = _image_bits(blank_symbol)
    flips = tuple(_image_bits(_qr_symbol((1 << bit).to_bytes(length, "big"))) ^ blank for bit in range(8 * length))
    return _QrLayout(size=len(blank_symbol.matrix), blank=blank, flips=flips)


def _layout_image(layout: _QrLayout, data: bytes) -> int:
    image, bits, flips = layout.blank, int.from_bytes(data, "big"), layout.flips
    while bits:
        lowest = bits & -bits
        image ^= flips[lowest.bit_length() - 1]
        bits ^= lowest
    return image


# Codes encoded directly so far, by length. A length's patterns cost as much
# as encoding 8 × length + 1 codes, so they are made once that many codes of
# the length have been drawn: a batch of badges soon runs on XORs, while one
# badge, or a few booth signs with long links, never pay for the patterns.
_direct_encodings: Counter[int] = Counter()


def _qr_image(code: str) -> tuple[int, str]:
    """The symbol as a 1-bit image mask (1 = dark), hex-encoded rows: its size
    in modules, and the data."""
    data = code.encode()
    length = len(data)
    if _direct_encodings[length] <= 8 * length:
        _direct_encodings[length] += 1
        symbol = _qr_symbol(data)
        size, image = len(symbol.matrix), _image_bits(symbol)
    else:
        layout = _qr_layout(length)
        size, image = layout.size, _layout_image(layout, data)
    digits = (size + 7) // 8 * 2 * size
    return size, f"{image:0{digits}x}"


def _dark_runs(modules: list[list[bool]]) -> Iterable[tuple[int, int, int]]:
    """(row, first column, length) of each run of dark modules in a row."""
    for row_index, row in enumerate(modules):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            yield row_index, start, column - start


def qr_svg(code: str, *, label: str) -> str:
    """The QR of ``code`` as an SVG, quiet zone included, for a participant
    to show on their phone at the door; it scales without blurring."""
    modules = qr_modules(code)
    size = len(modules) + 2 * QUIET_ZONE_MODULES
    runs = "".join(
        f"M{start + QUIET_ZONE_MODULES} {row + QUIET_ZONE_MODULES}h{length}v1h-{length}z"
        for row, start, length in _dark_runs(modules)
    )
    title = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'shape-rendering="crispEdges"><title>{title}</title>'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{runs}" fill="#000"/></svg>'
    )


def draw_qr_code(canvas: Canvas, code: str, *, centre_x: float, bottom: float, symbol_size: float = QR_SYMBOL) -> float:
    """Draw the QR with its white quiet zone from ``bottom``; returns its total height."""
    size, data = _qr_image(code)
    module = symbol_size / size
    quiet = QUIET_ZONE_MODULES * module
    total = symbol_size + 2 * quiet
    left = centre_x - total / 2
    canvas.setFillColor(white)
    canvas.rect(left, bottom, total, total, stroke=0, fill=1)
    # One module per image sample, painted as a stencil in black: a hundred
    # bytes a code, and crisp at any scale (image masks are never smoothed).
    canvas.setFillColor(black)
    canvas.addLiteral(
        f"q {symbol_size:.4f} 0 0 {symbol_size:.4f} {left + quiet:.4f} {bottom + quiet:.4f} cm "
        f"BI /W {size} /H {size} /IM true /BPC 1 /D [1 0] /F /AHx ID {data}> EI Q"
    )
    return total


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


BAND_HEIGHT = 16 * mm


def _draw_shared_parts(canvas: Canvas, badge: Badge, fonts: _Fonts) -> None:
    """What every badge of one role at the event shows alike: the event's
    name and dates, and the role's rule and band."""
    top = BADGE_HEIGHT
    colour = HexColor(ROLE_COLOURS.get(badge.role, OTHER_ROLE_COLOUR))
    _draw_text(
        canvas, _clean(badge.event_name), fonts.bold, box_bottom=top - 23 * mm, box_height=16 * mm, max_size=11, colour=EVENT_INK
    )
    _draw_text(
        canvas,
        _clean(badge.event_dates),
        fonts.regular,
        box_bottom=top - 29 * mm,
        box_height=5 * mm,
        max_size=8.5,
        colour=MUTED,
        max_lines=1,
    )
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - 31.5 * mm, BADGE_WIDTH - MARGIN, top - 31.5 * mm)
    canvas.setFillColor(colour)
    canvas.rect(0, 0, BADGE_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    _draw_text(
        canvas,
        _clean(badge.role_label).upper(),
        fonts.bold,
        box_bottom=0,
        box_height=BAND_HEIGHT,
        max_size=18,
        colour=white,
        max_lines=1,
    )


def _draw_badge(canvas: Canvas, badge: Badge, fonts: _Fonts, draw_qr: bool, shared: dict[tuple[str, ...], str]) -> None:
    """One badge in A6 coordinates (the caller places and scales it). The
    parts shared by a role's badges are laid out once per document, as a
    form each badge refers to (``shared``: their forms so far)."""
    key = (badge.event_name, badge.event_dates, badge.role, badge.role_label)
    if key not in shared:
        shared[key] = f"BadgeShared{len(shared)}"
        canvas.beginForm(shared[key], 0, 0, BADGE_WIDTH, BADGE_HEIGHT)
        _draw_shared_parts(canvas, badge, fonts)
        canvas.endForm()
    canvas.doForm(shared[key])

    top = BADGE_HEIGHT
    _draw_text(
        canvas, _clean(badge.full_name), fonts.bold, box_bottom=top - 57 * mm, box_height=23 * mm, max_size=26, leading=1.1
    )
    _draw_text(
        canvas,
        _clean(badge.position),
        fonts.regular,
        box_bottom=top - 64 * mm,
        box_height=6.5 * mm,
        max_size=11,
        colour=MUTED,
        max_lines=1,
    )
    _draw_text(canvas, _clean(badge.organisation), fonts.bold, box_bottom=top - 76 * mm, box_height=11.5 * mm, max_size=12.5)
    details = " · ".join(part for part in (_clean(badge.province), _clean(badge.booth)) if part)
    _draw_text(
        canvas, details, fonts.regular, box_bottom=top - 82.5 * mm, box_height=6 * mm, max_size=10, colour=MUTED, max_lines=1
    )
    if draw_qr:
        draw_qr_code(canvas, badge.code, centre_x=BADGE_WIDTH / 2, bottom=BAND_HEIGHT + 3.5 * mm)
    canvas.setFont(fonts.regular, 6.5)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(BADGE_WIDTH / 2, BAND_HEIGHT + 1.6 * mm, badge.code)


def _cut_marks(canvas: Canvas, left: float, bottom: float, width: float, height: float) -> None:
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.25)
    near, far = CUT_MARK_OFFSET, CUT_MARK_OFFSET + CUT_MARK_LENGTH
    for x, direction_x in ((left, -1), (left + width, 1)):
        for y, direction_y in ((bottom, -1), (bottom + height, 1)):
            canvas.line(x + direction_x * near, y, x + direction_x * far, y)
            canvas.line(x, y + direction_y * near, x, y + direction_y * far)


def _sheets(badges: Iterable[Badge], size: int) -> Iterator[list[Badge]]:
    sheet: list[Badge] = []
    for badge in badges:
        sheet.append(badge)
        if len(sheet) == size:
            yield sheet
            sheet = []
    if sheet:
        yield sheet


def write_badges(
    badges: Iterable[Badge],
    fonts: BadgeFonts,
    output: BinaryIO,
    layout: SheetLayout = SheetLayout.A6,
    *,
    title: str = "",
    draw_qr: bool = True,
) -> None:
    """Write the PDF of ``badges`` in ``layout`` to ``output`` as it is laid
    out, sheet by sheet: memory does not grow with the number of badges.
    ``draw_qr=False`` leaves the QR out; only the benchmark uses it, as the
    baseline that shows what the codes cost."""
    names = _register(fonts)
    page_size = A4 if layout == SheetLayout.A4_4UP else A6
    canvas = streaming_canvas(output, page_size, names.regular)
    canvas.setTitle(title)
    canvas.setCreator("eventapp")
    shared: dict[tuple[str, ...], str] = {}
    if layout == SheetLayout.A6:
        for badge in badges:
            _draw_badge(canvas, badge, names, draw_qr, shared)
            canvas.showPage()
    else:
        quarter_width, quarter_height = A4[0] / 2, A4[1] / 2
        width, height = BADGE_WIDTH * SHEET_SCALE, BADGE_HEIGHT * SHEET_SCALE
        for sheet in _sheets(badges, 4):
            for index, badge in enumerate(sheet):
                column, row = index % 2, index // 2
                left = column * quarter_width + (quarter_width - width) / 2
                bottom = A4[1] - (row + 1) * quarter_height + (quarter_height - height) / 2
                canvas.saveState()
                canvas.translate(left, bottom)
                canvas.scale(SHEET_SCALE, SHEET_SCALE)
                _draw_badge(canvas, badge, names, draw_qr, shared)
                canvas.restoreState()
                _cut_marks(canvas, left, bottom, width, height)
            canvas.showPage()
    canvas.save()


def render_badges(
    badges: Sequence[Badge], fonts: BadgeFonts, layout: SheetLayout = SheetLayout.A6, *, title: str = "", draw_qr: bool = True
) -> bytes:
    """The PDF of ``badges`` in ``layout``, in memory: for the few badges a
    web request prints (see ``write_badges`` for the options)."""
    output = io.BytesIO()
    write_badges(badges, fonts, output, layout, title=title, draw_qr=draw_qr)
    return output.getvalue()
