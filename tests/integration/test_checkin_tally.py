"""The tallies the database keeps per check-in list and day (people in,
refused scans) say what counting the scans says, whatever wrote them: the
door, a participant's status changed, a participant removed, and the
revision that counts the scans made before it."""

import uuid

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade

from eventapp.extensions import db as extension
from eventapp.models import CheckinList, CheckinTally, Participant, Scan
from eventapp.services import badges

TALLY_REVISION = "2fbc96a058f3"
DAY_ONE = "2020-11-20T08:00:00+07:00"
DAY_TWO = "2020-11-21T08:30:00+07:00"


def counted_from_scans(db) -> dict[tuple[int, str], tuple[int, int]]:
    """(list, day) -> (first entries of approved people, refused scans), from the scans themselves."""
    approved = sa.exists().where(Participant.id == Scan.participant_id, Participant.status == "approved")
    rows = db.execute(
        sa.select(
            Scan.list_id,
            Scan.entry_day,
            sa.func.count(sa.case((sa.and_(Scan.first_entry, approved), 1))),
            sa.func.count(sa.case((Scan.result == "invalid", 1))),
        ).group_by(Scan.list_id, Scan.entry_day)
    ).all()
    return {(list_id, day.isoformat()): (entries, refused) for list_id, day, entries, refused in rows if entries or refused}


def tallied(db) -> dict[tuple[int, str], tuple[int, int]]:
    db.expire_all()
    rows = db.execute(sa.select(CheckinTally.list_id, CheckinTally.entry_day, CheckinTally.entries, CheckinTally.refused))
    return {(list_id, day.isoformat()): (entries, refused) for list_id, day, entries, refused in rows if entries or refused}


@pytest.fixture()
def door(db, client, make_event, make_user, make_participant, api_headers):
    event = make_event()
    hall = CheckinList(event=event, name="Khu B2B", name_en="B2B hall", zone="b2b", allow_reentry=True)
    db.add(hall)
    db.commit()
    headers = api_headers(make_user("checkin", event))
    people = [make_participant(event) for _ in range(4)]
    url = f"/api/v1/events/{event.id}/checkins"

    def scan(person, at: str, checkin_list=None, code: str | None = None):
        body = {"code": code or badges.badge_code(person), "scan_id": str(uuid.uuid4()), "scanned_at": at}
        if checkin_list is not None:
            body["list_id"] = checkin_list.id
        return client.post(url, headers=headers, json=body).status_code

    return event, hall, people, scan


def test_the_door_s_scans_are_tallied_as_they_are_recorded(db, door):
    event, hall, people, scan = door
    main = event.checkin_lists[0]
    assert [scan(people[0], DAY_ONE), scan(people[1], DAY_ONE), scan(people[0], DAY_ONE)] == [201, 201, 200]
    assert scan(people[0], DAY_TWO) == 201  # a new day, a new entry
    # The hall lets people in again: a later entry is checked in, but counts once.
    assert [scan(people[2], DAY_ONE, hall), scan(people[2], DAY_ONE, hall)] == [201, 201]
    assert [scan(None, DAY_ONE, code="rác"), scan(None, DAY_ONE, hall, code="EVT1.forged")] == [422, 422]

    assert tallied(db) == counted_from_scans(db)
    assert tallied(db) == {(main.id, "2020-11-20"): (2, 1), (main.id, "2020-11-21"): (1, 0), (hall.id, "2020-11-20"): (1, 1)}


def test_a_participant_no_longer_approved_stops_counting_and_counts_again_once_approved(db, door):
    event, hall, people, scan = door
    main = event.checkin_lists[0]
    for at in (DAY_ONE, DAY_TWO):
        assert scan(people[0], at) == 201
    assert scan(people[1], DAY_ONE) == 201
    people[0].status = "cancelled"
    db.commit()
    assert tallied(db) == counted_from_scans(db) == {(main.id, "2020-11-20"): (1, 0)}
    # A status change between two others that are not approved changes nothing.
    people[0].status = "rejected"
    db.commit()
    assert tallied(db) == counted_from_scans(db)
    people[0].status = "approved"
    db.commit()
    assert tallied(db) == counted_from_scans(db) == {(main.id, "2020-11-20"): (2, 0), (main.id, "2020-11-21"): (1, 0)}
    # A badge refused for a pending registration is a refused scan, not an entry.
    people[3].status = "pending"
    db.commit()
    assert scan(people[3], DAY_ONE, hall) == 422
    assert tallied(db) == counted_from_scans(db)


def test_a_participant_removed_takes_their_entries_and_refusals_with_them(db, door):
    event, _hall, people, scan = door
    main = event.checkin_lists[0]
    old_badge = badges.badge_code(people[0])
    assert [scan(people[0], DAY_ONE), scan(people[1], DAY_ONE)] == [201, 201]
    people[0].badge_version += 1  # the old badge is revoked: its scan is refused, and known to be theirs
    db.commit()
    assert scan(None, DAY_TWO, code=old_badge) == 422
    assert tallied(db) == {(main.id, "2020-11-20"): (2, 0), (main.id, "2020-11-21"): (0, 1)}
    db.delete(db.get(Participant, people[0].id))
    db.commit()
    assert tallied(db) == counted_from_scans(db) == {(main.id, "2020-11-20"): (1, 0)}


def test_the_revision_counts_the_scans_made_before_it(app, db, door):
    _event, hall, people, scan = door
    for person in people[:3]:
        assert scan(person, DAY_ONE) == 201
    assert [scan(people[0], DAY_TWO, hall), scan(None, DAY_TWO, hall, code="rác")] == [201, 422]
    people[1].status = "cancelled"
    db.commit()
    before = tallied(db)
    later = badges.badge_code(people[3])
    db.remove()  # the downgrade drops the table this session has read
    with app.app_context():
        extension.session.remove()
        scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        try:
            downgrade(revision=scripts.get_revision(TALLY_REVISION).down_revision)
            with extension.engine.connect() as connection:
                assert "checkin_tally" not in sa.inspect(connection).get_table_names()
        finally:
            upgrade()
    assert tallied(db) == before == counted_from_scans(db)
    assert scan(None, DAY_ONE, code=later) == 201  # and the triggers are back
    assert tallied(db) == counted_from_scans(db)
