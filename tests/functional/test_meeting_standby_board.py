"""Filling a freed cell from the board on the day, with a fixed clock: the
standby pairs of the slot running now in its free cells, placed with one click
(both e-mailed, audited, undo offered), refused once someone else placed them."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from eventapp.domain.checkin import ScanInput
from eventapp.models import AuditEntry, Meeting, MeetingSlot
from eventapp.services import checkin, meeting_board, meeting_requests, publishing, scheduler_runs
from eventapp.services.badges import badge_code
from tests.conftest import csrf_token, login
from tests.meeting_helpers import ask, build_scenario
from tests.query_counts import counting_statements

MORNING = datetime(2020, 11, 20, 1, 0, tzinfo=UTC)  # 08:00 in Sóc Trăng, at the door


@pytest.fixture(params=["host"])
def scenario(request, db, make_event, make_user, make_participant):
    pool = {"places": "pool", "pool_tables": 3} if request.param == "pool" else {}
    return build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3, **pool)


def accepted(db, sender, recipient, priority=1):
    request = ask(db, sender, recipient, priority)
    meeting_requests.answer_request(db, recipient.access_key, request.id, True)
    db.commit()
    return request


@pytest.fixture()
def late(db, scenario, make_user):
    """Exhibitor 1 meets buyer 1 as scheduled and published; exhibitor 2's
    request to buyer 1 was accepted after that. Everyone came in the morning."""
    buyer = scenario.buyers[0]
    accepted(db, scenario.exhibitors[0], buyer)
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    request = accepted(db, scenario.exhibitors[1], buyer, priority=2)
    staff = make_user("checkin", scenario.event)
    for person in [*scenario.buyers, *scenario.exhibitors]:
        checkin.check_in(
            db, staff, scenario.event.id, ScanInput(code=badge_code(person), scanned_at=MORNING, scan_id=str(uuid.uuid4()))
        )
    db.commit()
    return request


@pytest.fixture()
def free_slot(db, scenario, late, monkeypatch) -> MeetingSlot:
    """The clock five minutes into a slot where buyer 1's table is free."""
    busy = {m.slot_id for m in db.scalars(sa.select(Meeting))}
    slot = next(s for s in db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)) if s.id not in busy)
    now = slot.starts_at + timedelta(minutes=5)
    monkeypatch.setattr(meeting_board, "utcnow", lambda: now)
    return slot


def board_url(scenario, query=""):
    return f"/manage/events/{scenario.event.id}/matchmaking/board{query}"


def place(client, scenario, **fields):
    return client.post(board_url(scenario, "/standby"), data={"csrf_token": csrf_token(client), **fields})


def cell_fields(late, slot, table_id):
    return {"request_id": str(late.id), "slot_id": str(slot.id), "table_id": str(table_id)}


def buyer_table(db, scenario):
    from eventapp.models import MeetingTable

    return db.scalar(sa.select(MeetingTable).where(MeetingTable.host_organisation_id == scenario.buyers[0].organisation_id))


def test_the_free_cell_of_the_slot_running_now_offers_the_standby_pair(db, client, scenario, late, free_slot):
    login(client, scenario.organiser)
    page = client.get(board_url(scenario)).get_data(as_text=True)
    assert page.count(f'data-standby-cell="{late.id}"') == 1 and page.count(f'data-standby="{late.id}"') == 1
    assert "Trống · đang chờ:" in page
    english = client.get(board_url(scenario, "?lang=en")).get_data(as_text=True)
    assert "On standby: filling a freed cell" in english and "Free · on standby:" in english


def test_one_click_places_the_pair_emails_both_and_offers_the_undo(db, client, scenario, late, free_slot, outbox):
    login(client, scenario.organiser)
    table = buyer_table(db, scenario)
    sent_before = len(outbox())

    response = place(client, scenario, **cell_fields(late, free_slot, table.id))

    assert response.status_code == 302 and f"standby={free_slot.id}" in response.headers["Location"]
    meeting = db.scalar(sa.select(Meeting).where(Meeting.slot_id == free_slot.id, Meeting.table_id == table.id))
    assert meeting is not None and meeting.locked
    assert {late.from_participant_id, late.to_participant_id} == set(meeting.participant_ids)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "đã được gửi e-mail" in page
    assert f'action="{board_url(scenario)}/meetings/{meeting.id}/remove"' in page, "undo offered"
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "meeting.standby_placed")).one()
    assert entry.target_id == meeting.id and entry.actor_id == scenario.organiser.id
    sent = outbox()[sent_before:]
    assert sorted(m["To"] for m in sent) == sorted(p.email for p in (scenario.buyers[0], scenario.exhibitors[1]))
    assert all(m["Subject"].startswith("Cuộc gặp ngay bây giờ:") for m in sent)
    assert "Bàn" in sent[0].get_body(("plain",)).get_content()
    agenda = client.get(f"/p/{scenario.exhibitors[1].access_key}/meetings").get_data(as_text=True)
    assert f'id="meeting-{meeting.id}"' in agenda

    meeting_id = meeting.id
    undo = client.post(f"{board_url(scenario)}/meetings/{meeting_id}/remove", data={"csrf_token": csrf_token(client)})
    assert undo.status_code == 302
    db.expire_all()
    assert db.get(Meeting, meeting_id) is None


def test_a_pair_or_table_someone_else_filled_is_refused_with_a_message(db, client, scenario, late, free_slot, make_participant):
    login(client, scenario.organiser)
    table = buyer_table(db, scenario)
    assert place(client, scenario, **cell_fields(late, free_slot, table.id)).status_code == 302

    again = place(client, scenario, **cell_fields(late, free_slot, table.id))
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Cặp này không còn chờ ở giờ này" in page
    assert db.scalar(sa.select(sa.func.count(Meeting.id)).where(Meeting.slot_id == free_slot.id)) == 1


@pytest.mark.parametrize("scenario", ["pool"], indirect=True)
def test_a_pool_table_someone_else_just_took_is_refused_with_its_number(db, client, scenario, late, free_slot):
    login(client, scenario.organiser)
    from eventapp.models import MeetingTable
    from eventapp.services import meeting_edits

    free_tables = [
        t
        for t in db.scalars(sa.select(MeetingTable).order_by(MeetingTable.number))
        if db.scalar(sa.select(Meeting.id).where(Meeting.slot_id == free_slot.id, Meeting.table_id == t.id)) is None
    ]
    other = accepted(db, scenario.exhibitors[2], scenario.buyers[1])
    meeting_edits.place_meeting(
        db,
        scenario.organiser,
        scenario.event.id,
        other.from_participant_id,
        other.to_participant_id,
        free_slot.id,
        free_tables[0].id,
    )
    db.commit()

    refused = place(client, scenario, **cell_fields(late, free_slot, free_tables[0].id))
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert f"Bàn {free_tables[0].number} không còn trống vào giờ này" in page
    assert place(client, scenario, **cell_fields(late, free_slot, free_tables[1].id)).status_code == 302
    assert db.scalar(sa.select(Meeting.id).where(Meeting.slot_id == free_slot.id, Meeting.table_id == free_tables[1].id))


@pytest.mark.parametrize(
    "fields",
    [
        {"request_id": "", "slot_id": "", "table_id": ""},
        {"request_id": "x", "slot_id": "٣", "table_id": "9" * 40},
        {"request_id": "999999", "table_id": ""},
    ],
)
def test_bad_input_changes_nothing_and_says_why(db, client, scenario, late, free_slot, fields):
    login(client, scenario.organiser)
    meetings = db.scalar(sa.select(sa.func.count(Meeting.id)))
    fields = {"slot_id": str(free_slot.id), **fields}
    response = place(client, scenario, **fields)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "alert-danger" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count(Meeting.id))) == meetings


def test_only_this_events_organisers_place_standby_pairs(db, app, client, scenario, late, free_slot, make_user, make_event):
    table = buyer_table(db, scenario)
    for user in (make_user("checkin", scenario.event), make_user("organiser", make_event())):
        someone = app.test_client()
        login(someone, user)
        assert place(someone, scenario, **cell_fields(late, free_slot, table.id)).status_code == 403
    anonymous = app.test_client()
    assert place(anonymous, scenario, **cell_fields(late, free_slot, table.id)).status_code in (302, 401)
    assert db.scalar(sa.select(sa.func.count(Meeting.id)).where(Meeting.slot_id == free_slot.id)) == 0


def test_a_chosen_slot_shows_its_standby_and_an_unknown_one_says_so(db, client, scenario, late, free_slot, monkeypatch):
    login(client, scenario.organiser)
    days_later = free_slot.starts_at + timedelta(days=3)
    monkeypatch.setattr(meeting_board, "utcnow", lambda: days_later)
    assert f'data-standby="{late.id}"' not in client.get(board_url(scenario)).get_data(as_text=True)
    chosen = client.get(board_url(scenario, f"?standby={free_slot.id}")).get_data(as_text=True)
    assert f'data-standby="{late.id}"' in chosen
    unknown = client.get(board_url(scenario, "?standby=99999")).get_data(as_text=True)
    assert "is-invalid" in unknown and f'data-standby="{late.id}"' not in unknown


def test_the_board_with_standby_runs_a_constant_number_of_queries(app, db, client, scenario, late, free_slot):
    from eventapp.extensions import db as app_db

    login(client, scenario.organiser)
    with app.app_context():
        engine = app_db.engine

    def count() -> int:
        client.get(board_url(scenario))  # brings the board's analysis up to date (tests/functional/test_board_analysis.py)
        with counting_statements(engine) as statements:
            assert client.get(board_url(scenario)).status_code == 200
        return len(statements)

    few = count()
    accepted(db, scenario.exhibitors[2], scenario.buyers[0])
    accepted(db, scenario.buyers[1], scenario.exhibitors[0])
    assert count() == few
