"""The post-event report as the files officials hand over: the A4 PDF and the
workbook. The figures come from ``services.event_report``; the layout from
``domain.event_report_pdf`` and ``domain.event_report_sheets``. This module
picks the language, the labels and the font files."""

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from eventapp import i18n
from eventapp.domain.event_report import MEETING_FIGURES, Labels
from eventapp.domain.event_report_pdf import render_event_report_pdf
from eventapp.domain.event_report_sheets import report_sheets
from eventapp.domain.mou_export import to_workbook
from eventapp.models import User
from eventapp.services import event_report, mou_reports
from eventapp.services.access import require_event_role
from eventapp.services.mou_reports import Report, report_fonts

MEETING_LABELS = {
    "requested": _l("Meeting requests"),
    "accepted": _l("Requests accepted"),
    "scheduled": _l("Meetings arranged"),
    "held": _l("Meetings held"),
    "no_show": _l("No-shows"),
    "follow_up": _l("Follow-ups planned"),
    "deals": _l("Deals"),
}


def _labels() -> Labels:
    """The vocabularies in the current locale, as plain strings."""
    return Labels(
        roles={code: str(label) for code, label in i18n.PARTICIPANT_ROLES.items()},
        statuses={code: str(label) for code, label in i18n.PARTICIPANT_STATUSES.items()},
        kinds={code: str(label) for code, label in i18n.ORGANISATION_KINDS.items()},
        groups={code: str(label) for code, label in i18n.PRODUCT_GROUPS.items()},
        meetings={name: str(MEETING_LABELS[name]) for name in MEETING_FIGURES},
    )


def _file_name(event_id: int, language: str, extension: str) -> str:
    if language == "en":
        return f"event-report-{event_id}.{extension}"
    return f"bao-cao-tong-ket-su-kien-{event_id}.{extension}"


def report_pdf(session, actor: User | None, event_id: int, language: str | None) -> Report:
    """Vietnamese unless English is asked for by name."""
    event = require_event_role(session, actor, event_id, event_report.READ_ROLES)
    language = mou_reports.report_language(language)
    report = event_report.event_report(session, actor, event_id, language)
    with force_locale(language):
        content = render_event_report_pdf(
            report, _labels(), mou_reports.summary_of(session, actor, event, language), report_fonts(), gettext
        )
    return Report(content, _file_name(event_id, language, "pdf"))


def report_xlsx(session, actor: User | None, event_id: int, language: str | None) -> Report:
    language = mou_reports.report_language(language)
    report = event_report.event_report(session, actor, event_id, language)
    with force_locale(language):
        content = to_workbook(report_sheets(report, _labels(), gettext))
    return Report(content, _file_name(event_id, language, "xlsx"))
