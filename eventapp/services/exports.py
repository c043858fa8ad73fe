"""The participant list as a CSV or XLSX file, in the import's format: what
an organiser exports imports into another event unchanged."""

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy.orm as so

from eventapp.domain import participant_table, spreadsheets
from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.questions import Question
from eventapp.domain.vocabulary import EventRole
from eventapp.models import User
from eventapp.services import participants as participant_service
from eventapp.services import questions as question_service
from eventapp.services.access import require_event_role
from eventapp.services.registration import as_input

MIMETYPES = {
    spreadsheets.CSV: "text/csv; charset=utf-8",
    spreadsheets.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SHEET_TITLES = {"vi": "Người tham dự", "en": "Participants"}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mimetype: str
    content: bytes


def _check_choices(file_format: str, header_language: str) -> None:
    fields = {}
    if file_format not in MIMETYPES:
        fields["format"] = Text("Choose one of: %(choices)s.", {"choices": ", ".join(MIMETYPES)})
    if header_language not in participant_table.HEADER_LANGUAGES:
        fields["headers"] = Text("Choose one of: %(choices)s.", {"choices": ", ".join(participant_table.HEADER_LANGUAGES)})
    if fields:
        raise ValidationError(Text("Please correct the highlighted fields."), fields)


def _file(
    event_id: int, name: str, file_format: str, header_language: str, rows: list[list[str]], questions: Sequence[Question]
) -> ExportFile:
    headers = participant_table.export_headers(header_language, questions)
    widths = participant_table.COLUMN_WIDTHS + (participant_table.QUESTION_COLUMN_WIDTH,) * len(questions)
    if file_format == spreadsheets.CSV:
        content = spreadsheets.write_csv(headers, rows)
    else:
        content = spreadsheets.write_xlsx(headers, rows, title=SHEET_TITLES[header_language], widths=widths)
    return ExportFile(filename=f"{name}-event-{event_id}.{file_format}", mimetype=MIMETYPES[file_format], content=content)


def export_participants(
    session: so.Session,
    actor: User | None,
    event_id: int,
    criteria: participant_service.ParticipantFilter,
    *,
    file_format: str,
    header_language: str = "vi",
) -> ExportFile:
    """The participants the filter selects, in its order. Vietnamese headers
    and value names by default; ``header_language="en"`` writes the column
    keys and codes."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    _check_choices(file_format, header_language)
    people = participant_service.all_matching(session, actor, event_id, criteria)
    questions = question_service.event_questions(session, event_id)
    rows = [
        participant_table.export_row(as_input(person), person.status, header_language, event.starts_on, questions)
        for person in people
    ]
    return _file(event_id, "participants", file_format, header_language, rows, questions)


def import_template(
    session: so.Session, actor: User | None, event_id: int, *, file_format: str, header_language: str = "vi"
) -> ExportFile:
    """An empty list with the headers, to fill in and import."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    _check_choices(file_format, header_language)
    questions = question_service.event_questions(session, event_id)
    return _file(event_id, "import-template", file_format, header_language, [], questions)
