"""A Core statement run on the driver's connection gives what SQLAlchemy
would: the same values, typed the same way (aware UTC instants, dates and
booleans on SQLite too), and its parameters processed the same way."""

from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa

from eventapp.domain.checkin import ScanInput
from eventapp.driver_statements import DriverConnection, DriverStatement
from eventapp.models import Scan
from eventapp.services import badges, checkin

SCANS = Scan.__table__


def test_rows_match_what_sqlalchemy_reads(db, make_event, make_user, make_participant):
    event = make_event()
    staff = make_user("checkin", event)
    guest = make_participant(event)
    shown_at = datetime(2020, 11, 20, 1, 30, tzinfo=UTC)
    checkin.check_in(db, staff, event.id, ScanInput(code=badges.badge_code(guest), scanned_at=shown_at))
    # An instant given in another zone is the same instant.
    since = sa.bindparam("since", type_=SCANS.c.scanned_at.type)
    statement = sa.select(SCANS.c.id, SCANS.c.entry_day, SCANS.c.first_entry, SCANS.c.scanned_at).where(
        SCANS.c.participant_id == sa.bindparam("participant_id", type_=sa.Integer), SCANS.c.scanned_at >= since
    )
    values = {"participant_id": guest.id, "since": shown_at.astimezone(timezone(timedelta(hours=7))) - timedelta(seconds=1)}
    expected = db.execute(statement, values).one()
    row = DriverStatement(statement).first(DriverConnection.of(db.connection()), values)
    assert tuple(row) == tuple(expected)
    assert row.scanned_at.tzinfo is not None and row.scanned_at == shown_at
    assert row.first_entry is True
    assert row.entry_day.isoformat() == "2020-11-20"


def test_no_row_is_none(db, make_event):
    event = make_event()
    statement = sa.select(SCANS.c.id).where(SCANS.c.event_id == sa.bindparam("event_id", type_=sa.Integer))
    assert DriverStatement(statement).first(DriverConnection.of(db.connection()), {"event_id": event.id}) is None
