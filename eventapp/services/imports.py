"""Importing participants from a CSV or XLSX file: every row is checked like
a registration, and either all rows are added or none.

The file format (columns, accepted headers and values) is described in
``domain/participant_table.py`` and on the import page.
"""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import participant_table, spreadsheets
from eventapp.domain.errors import ValidationError
from eventapp.domain.participant_table import ImportRejected, RowError
from eventapp.domain.vocabulary import EventRole, ParticipantStatus
from eventapp.models import Organisation, Participant, User
from eventapp.services import audit, capacity
from eventapp.services import questions as question_service
from eventapp.services.access import require_event_role
from eventapp.services.registration import new_participant, queue_notice

# Which e-mail an imported person gets when the organiser asks for e-mails:
# the same as after registering (pending), being approved or put on the
# waiting list. Looked up by the
# stored status string (a StrEnum member hashes as its value).
NOTICE_FOR_STATUS: dict[str, str] = {
    ParticipantStatus.APPROVED: "registration_approved",
    ParticipantStatus.PENDING: "registration_received",
    ParticipantStatus.WAITLISTED: "registration_waitlisted",
}


@dataclass(frozen=True)
class ImportResult:
    created: int
    by_status: dict[str, int]
    organisations_created: int
    emails_queued: int
    ignored_columns: tuple[str, ...]
    file_format: str
    encoding: str | None


def import_participants(
    session: so.Session,
    actor: User | None,
    event_id: int,
    content: bytes,
    *,
    max_rows: int,
    encoding: str = spreadsheets.AUTO,
    send_emails: bool = False,
) -> ImportResult:
    """Add every participant of the file to the event, approved unless the
    file says otherwise, waitlisted beyond a role's capacity. Raises ``ValidationError`` about the file, or
    ``ImportRejected`` listing every bad row; then nothing was added (the
    caller rolls back what was flushed)."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    # The header, and title lines above it, come on top of the participants' rows.
    sheet = spreadsheets.read_sheet(content, encoding=encoding, max_rows=max_rows + participant_table.HEADER_SEARCH_ROWS)
    taken = set(session.scalars(sa.select(Participant.email).where(Participant.event_id == event_id)))
    table = participant_table.read_participants(
        sheet,
        event_day=event.starts_on,
        taken_emails=taken,
        max_rows=max_rows,
        questions=question_service.event_questions(session, event_id),
    )
    organisations_before = _count_organisations(session)
    participants: list[Participant] = []
    errors: list[RowError] = []
    # The file's order is the order of arrival: rows beyond a role's capacity wait.
    statuses = capacity.statuses_on_arrival(session, event.id, [(row.participant.role, row.status) for row in table.rows])
    for row, status in zip(table.rows, statuses, strict=True):
        try:
            participants.append(new_participant(session, event.id, row.participant, status))
        except ValidationError as error:
            # Only the organisation can still conflict with stored data (a
            # known name in the province with another tax code).
            errors.extend(
                RowError(row.number, table.layout.label("organisation_tax_code"), message) for message in error.fields.values()
            )
    if errors:
        raise ImportRejected(errors)
    session.add_all(participants)
    session.flush()
    audit.record(
        session,
        actor,
        "participants.imported",
        "event",
        event_id,
        event_id=event_id,
        changes={
            "created": len(participants),
            "participant_ids": [participant.id for participant in participants],
            "file_format": sheet.file_format,
            "send_emails": send_emails,
        },
    )
    emails = 0
    if send_emails:
        for participant in participants:
            template = NOTICE_FOR_STATUS.get(participant.status)
            if template:
                queue_notice(session, participant, template)
                emails += 1
    return ImportResult(
        created=len(participants),
        by_status=dict(Counter(participant.status for participant in participants)),
        organisations_created=_count_organisations(session) - organisations_before,
        emails_queued=emails,
        ignored_columns=table.layout.ignored,
        file_format=sheet.file_format,
        encoding=sheet.encoding,
    )


def _count_organisations(session: so.Session) -> int:
    return session.scalar(sa.select(sa.func.count(Organisation.id))) or 0
