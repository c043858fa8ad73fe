"""The officials' summary PDF and the organisers' spreadsheets of MoUs.

The figures are SQL aggregates, counted here by the database (GROUP BY,
SUM), so the dashboard, the API and the PDF agree; the layout comes from
``domain.mou_report`` and ``domain.mou_export``. This module maps rows to the
domain's dataclasses and picks the language and the font files.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import force_locale, gettext

from eventapp import i18n
from eventapp.domain import provinces
from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.mou_export import Cell, Sheet
from eventapp.domain.mou_report import render_summary_pdf
from eventapp.domain.mou_stats import CategoryFigure, MouCounts, MouLine, MouSummary, PartyLine, province_figures
from eventapp.domain.mous import MouFilter
from eventapp.domain.pdf_fonts import FontFiles
from eventapp.models import Event, Organisation, User
from eventapp.models.mou import Mou, MouCategory, MouParty
from eventapp.services import mou_search
from eventapp.services.access import require_event_role
from eventapp.services.mou_categories import READ_ROLES, default_categories


def counts(session: so.Session, actor: User | None, event_id: int, language: str = "vi") -> MouCounts:
    """The officials' figures, each one SQL aggregate."""
    require_event_role(session, actor, event_id, READ_ROLES)
    return count_figures(session, event_id, language)


def count_figures(session: so.Session, event_id: int, language: str) -> MouCounts:
    """Count and value per category, and MoUs with a party from each province,
    in one statement (the totals are the categories' sums: every MoU has one)."""
    per_category = (
        sa.select(
            sa.literal("category").label("kind"),
            MouCategory.code.label("key"),
            MouCategory.label_vi,
            MouCategory.label_en,
            MouCategory.position,
            MouCategory.id.label("category_id"),
            # Not "count": a row's .count is also the tuple method of that name.
            sa.func.count(Mou.id).label("mous"),
            # NULL when none of the category's MoUs records a value: "—", not 0 đ.
            sa.func.sum(Mou.value_vnd).label("value"),
        )
        .outerjoin(Mou, sa.and_(Mou.category_id == MouCategory.id, Mou.event_id == MouCategory.event_id))
        .where(MouCategory.event_id == event_id)
        .group_by(MouCategory.id, MouCategory.code, MouCategory.label_vi, MouCategory.label_en, MouCategory.position)
    )
    per_province = (
        sa.select(
            sa.literal("province"),
            Organisation.province,
            sa.null(),
            sa.null(),
            sa.null(),
            sa.null(),
            sa.func.count(sa.distinct(MouParty.mou_id)),
            sa.null(),
        )
        .join(MouParty, MouParty.organisation_id == Organisation.id)
        .join(Mou, Mou.id == MouParty.mou_id)
        .where(Mou.event_id == event_id)
        .group_by(Organisation.province)
    )
    rows: Sequence[sa.Row[*tuple[Any, ...]]] = session.execute(sa.union_all(per_category, per_province)).all()
    stored = sorted((row for row in rows if row.kind == "category"), key=lambda row: (row.position, row.category_id))
    if stored:
        categories = tuple(
            CategoryFigure(
                row.key,
                row.label_en if language == "en" else row.label_vi,
                int(row.mous),
                None if row.value is None else int(row.value),
            )
            for row in stored
        )
    else:
        categories = tuple(
            CategoryFigure(category.code, category.label(language), 0, None) for category in default_categories(event_id)
        )
    return MouCounts(
        total=sum(figure.count for figure in categories),
        value_vnd_total=sum(figure.value_vnd or 0 for figure in categories),
        categories=categories,
        provinces=province_figures(((row.key, row.mous) for row in rows if row.kind == "province"), language),
    )


def report_language(requested: str | None) -> str:
    """Reports are in Vietnamese unless English is asked for by name."""
    language = requested or "vi"
    if language not in ("vi", "en"):
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"lang": Text("Choose one of: %(choices)s.", {"choices": "vi, en"})}
        )
    return language


def report_fonts() -> FontFiles:
    return FontFiles.in_folder(Path(current_app.static_folder or "static") / "fonts")


def report_lines(session: so.Session, event_id: int, language: str) -> tuple[MouLine, ...]:
    """Every MoU of the event in report order (by category, then date), with
    its parties in their order: two plain queries, since loading ten thousand
    MoUs as objects with their relationships costs seconds."""
    province_names: dict[str, str] = {}
    parties: defaultdict[int, list[PartyLine]] = defaultdict(list)
    for mou_id, name, province in session.execute(
        sa.select(MouParty.mou_id, Organisation.name, Organisation.province)
        .join(Organisation, Organisation.id == MouParty.organisation_id)
        .join(Mou, Mou.id == MouParty.mou_id)
        .where(Mou.event_id == event_id)
        .order_by(MouParty.mou_id, MouParty.position)
    ):
        if province not in province_names:
            province_names[province] = provinces.province_name(province, language)
        parties[mou_id].append(PartyLine(name, province_names[province]))
    return tuple(
        MouLine(title=title, category=code, signed_on=signed_on, value_vnd=value, parties=tuple(parties[mou_id]))
        for mou_id, title, code, signed_on, value in session.execute(
            sa.select(Mou.id, Mou.title, MouCategory.code, Mou.signed_on, Mou.value_vnd)
            .join(MouCategory, MouCategory.id == Mou.category_id)
            .where(Mou.event_id == event_id)
            .order_by(MouCategory.position, MouCategory.id, Mou.signed_on, Mou.id)
        )
    )


@dataclass(frozen=True)
class Report:
    content: bytes
    filename: str


def summary_of(session: so.Session, actor: User | None, event: Event, language: str) -> MouSummary:
    """Every figure and every MoU of the event, as the reports print them."""
    require_event_role(session, actor, event.id, READ_ROLES)
    figures = count_figures(session, event.id, language)
    lines = report_lines(session, event.id, language)
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
    event = require_event_role(session, actor, event_id, READ_ROLES)
    language = report_language(language)
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
    event = require_event_role(session, actor, event_id, READ_ROLES)
    zone = ZoneInfo(event.timezone)
    rows: list[list[Cell]] = []
    with force_locale(language):
        for number, mou in enumerate(mou_search.all_matching(session, actor, event_id, criteria), start=1):
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
