"""Booth signs as PDF: one A5 page per exhibitor, to stand on the booth's
table: the booth number large enough to read across the aisle, the
organisation and its province, its OCOP products with their stars, and a QR
that opens the producer's page of the public catalogue on a visitor's phone.

The caller translates every label; this module only lays out what it is given.
"""

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from eventapp.domain.badge_pdf import BadgeFonts, draw_qr_code, fit_text
from eventapp.domain.pdf_fonts import register_fonts

SIGN_WIDTH, SIGN_HEIGHT = A5
MARGIN = 12 * mm
QR_SYMBOL = 45 * mm  # read by a phone held at arm's length from the table
PRODUCT_LINES = 6  # more would crowd the sign: the catalogue page has them all
INK = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
GREEN = HexColor("#0b6b3a")
REGULAR, BOLD = "EventappSign-Regular", "EventappSign-Bold"


@dataclass(frozen=True)
class BoothSign:
    event_name: str
    booth: str  # already labelled, e.g. "Gian hàng A12"; empty when none is assigned
    organisation: str
    province: str
    products: tuple[str, ...]  # one line each, e.g. "Bánh pía sầu riêng · ★★★★"
    more_products: str  # e.g. "và 3 sản phẩm khác", shown when products were left out
    url: str  # the producer's catalogue page
    scan_hint: str  # e.g. "Quét mã để xem sản phẩm"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def _centred(canvas: Canvas, text: str, font: str, *, top: float, height: float, max_size: float, colour, max_lines: int) -> None:
    """``text`` as large as fits a full-width box whose top is ``top``."""
    fitted = fit_text(_clean(text), font, width=SIGN_WIDTH - 2 * MARGIN, height=height, max_size=max_size, max_lines=max_lines)
    if not fitted.lines:
        return
    ascent, _descent = pdfmetrics.getAscentDescent(font, fitted.size)
    baseline = top - ascent
    canvas.setFont(font, fitted.size)
    canvas.setFillColor(colour)
    for line in fitted.lines:
        canvas.drawCentredString(SIGN_WIDTH / 2, baseline, line)
        baseline -= 1.15 * fitted.size


def _draw_sign(canvas: Canvas, sign: BoothSign) -> None:
    canvas.setFillColor(GREEN)
    canvas.rect(0, SIGN_HEIGHT - 8 * mm, SIGN_WIDTH, 8 * mm, stroke=0, fill=1)
    top = SIGN_HEIGHT - 14 * mm
    _centred(canvas, sign.event_name, REGULAR, top=top, height=10 * mm, max_size=11, colour=GREEN, max_lines=2)
    if sign.booth:
        _centred(canvas, sign.booth, BOLD, top=top - 14 * mm, height=22 * mm, max_size=44, colour=INK, max_lines=1)
    _centred(canvas, sign.organisation, BOLD, top=top - 40 * mm, height=24 * mm, max_size=24, colour=INK, max_lines=3)
    _centred(canvas, sign.province, REGULAR, top=top - 66 * mm, height=7 * mm, max_size=13, colour=MUTED, max_lines=1)
    lines = [*sign.products[:PRODUCT_LINES]]
    if len(sign.products) > PRODUCT_LINES and sign.more_products:
        lines.append(sign.more_products)
    baseline = top - 78 * mm
    for line in lines:
        _centred(canvas, line, REGULAR, top=baseline, height=6 * mm, max_size=12.5, colour=INK, max_lines=1)
        baseline -= 6 * mm
    draw_qr_code(canvas, sign.url, centre_x=SIGN_WIDTH / 2, bottom=MARGIN + 4 * mm, symbol_size=QR_SYMBOL)
    canvas.setFont(REGULAR, 10)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(SIGN_WIDTH / 2, MARGIN, _clean(sign.scan_hint))


def render_booth_signs(signs: Iterable[BoothSign], fonts: BadgeFonts, *, title: str = "") -> bytes:
    register_fonts({REGULAR: fonts.regular, BOLD: fonts.bold})
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A5, pageCompression=1)
    canvas.setTitle(title)
    for sign in signs:
        _draw_sign(canvas, sign)
        canvas.showPage()
    canvas.save()
    return output.getvalue()
