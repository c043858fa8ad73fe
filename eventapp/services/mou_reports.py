"""The officials' summary PDF and the organisers' spreadsheets of MoUs.

The figures come from ``services.mous`` (SQL aggregates); the layout from
``domain.mou_report`` and ``domain.mou_export``. This module only maps rows
to the domain's dataclasses and picks the language and the font files.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy.orm as so
from flask import current_app
from flask_babel import force_locale, gettext

from eventapp import i18n
from eventapp.domain import provinces
from eventapp.domain.errors import Text
from eventapp.domain.mou_export import Sheet
from eventapp.domain.mou_report import render_summary_pdf
from eventapp.domain.mou_stats import MouLine, MouSummary, PartyLine
from eventapp.domain.mous import MouFilter
from eventapp.domain.pdf_fonts import FontFiles
from eventapp.models import Event, User
from eventapp.models.mou import Mou
from eventapp.services import mous
from eventapp.services.access import require_event_role


def report_fonts() -> FontFiles:
    return FontFiles.in_folder(Path(current_app.static_folder or "static") / "fonts")


def _line(mou: Mou, language: str) -> MouLine:
    return MouLine(
        title=mou.title,
        category=mou.category.code,
        signed_on=mou.signed_on,
        value_vnd=mou.value_vnd,
        parties=tuple(
            PartyLine(party.organisation.name, provinces.province_name(party.organisation.province, language))
            for party in mou.parties
        ),
    )


@dataclass(frozen=True)
class Report:
    content: bytes
    filename: str


def summary_of(session: so.Session, actor: User | None, event: Event, language: str) -> MouSummary:
    """Every figure and every MoU of the event, as the reports print them."""
    figures = mous.count_figures(session, event.id, language)
    lines = tuple(_line(mou, language) for mou in mous.all_matching(session, actor, event.id, MouFilter()))
    return MouSummary(
        language=language,
        event_name=event.name_in(language),
        venue=event.venue_in(language),
        place=provinces.province_name(event.province, language),
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        counts=figures,
        mous=lines,
        generated_at=datetime.now(ZoneInfo(event.timezone)),
    )


def summary_pdf(session: so.Session, actor: User | None, event_id: int, language: str | None) -> Report:
    """The A4 report officials hand on: Vietnamese unless English is asked for."""
    event = require_event_role(session, actor, event_id, mous.READ_ROLES)
    language = mous.report_language(language)
    summary = summary_of(session, actor, event, language)
    with force_locale(language):
        content = render_summary_pdf(summary, report_fonts(), gettext)
    if language == "en":
        return Report(content, f"mou-summary-event-{event_id}.pdf")
    return Report(content, f"bao-cao-ky-ket-bien-ban-ghi-nho-su-kien-{event_id}.pdf")


EXPORT_COLUMNS = (
    Text("No."),
    Text("Title"),
    Text("Category"),
    Text("Signed on"),
    Text("Parties"),
    Text("Provinces"),
    Text("Value (VND)"),
    Text("Product groups"),
    Text("Notes"),
    Text("Scanned copy"),
    Text("Recorded by"),
    Text("Recorded at"),
)


def export_sheet(session: so.Session, actor: User | None, event_id: int, criteria: MouFilter, language: str) -> Sheet:
    """The MoUs the filter selects, one row each, labels in ``language``."""
    event = require_event_role(session, actor, event_id, mous.READ_ROLES)
    zone = ZoneInfo(event.timezone)
    rows = []
    with force_locale(language):
        for number, mou in enumerate(mous.all_matching(session, actor, event_id, criteria), start=1):
            organisations = [party.organisation for party in mou.parties]
            rows.append(
                [
                    number,
                    mou.title,
                    mou.category.label(language),
                    mou.signed_on,
                    "; ".join(organisation.name for organisation in organisations),
                    "; ".join(dict.fromkeys(provinces.province_name(o.province, language) for o in organisations)),
                    mou.value_vnd,
                    ", ".join(str(i18n.PRODUCT_GROUPS[group]) for group in mou.product_group_codes),
                    mou.notes,
                    mou.document_name or "",
                    mou.recorded_by.email if mou.recorded_by else "",
                    mou.recorded_at.astimezone(zone).replace(tzinfo=None),
                ]
            )
        header = [column.render(gettext) for column in EXPORT_COLUMNS]
        title = gettext("MoUs")
    return Sheet(title=title, header=header, rows=rows)
