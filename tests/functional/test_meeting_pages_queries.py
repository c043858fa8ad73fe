"""The organisers' matchmaking pages and printouts run a fixed number of SQL
statements however many people and meetings the event has: related rows are
loaded together, never one by one."""

import pytest
import sqlalchemy as sa

from eventapp.models import MatchmakingSetup, MeetingOutcome, MeetingRequest, MeetingSlot, MeetingTable
from eventapp.models.base import utcnow
from eventapp.services import event_problem, publishing, scheduler_runs
from tests.conftest import csrf_token, login
from tests.meeting_helpers import build_scenario
from tests.query_counts import counting_statements

PAGES = ["/", "/board", "/requests", "/agendas.pdf", "/tables.pdf"]


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    scenario = build_scenario(
        db, make_event, make_user, make_participant, buyers=4, exhibitors=0, session_times=("08:00", "12:00"), breaks=""
    )
    db.get(MatchmakingSetup, scenario.event.id).published_at = utcnow()
    db.commit()
    return scenario


def add_meetings(db, scenario, make_participant, count: int) -> None:
    """``count`` more exhibitors, each asking a buyer and meeting them at the
    buyer's table in the buyer's next free slot; a third of the meetings ended
    in a deal."""
    first = len(scenario.exhibitors)
    for index in range(first, first + count):
        exhibitor = make_participant(
            scenario.event,
            role="exhibitor",
            full_name=f"Trần Văn Bán {index + 1}",
            products=[(f"Bánh pía {index + 1}", "food", 4), (f"Mè láng {index + 1}", "food", 3)],
        )
        scenario.exhibitors.append(exhibitor)
        db.add(
            MeetingRequest(
                event_id=scenario.event.id,
                from_participant_id=exhibitor.id,
                to_participant_id=scenario.buyers[index % len(scenario.buyers)].id,
                status="accepted",
            )
        )
    db.commit()
    slots = list(db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)))
    tables = {t.host_organisation_id: t for t in db.scalars(sa.select(MeetingTable))}
    wanted = {m.participant_ids: (m.slot, m.table) for m in event_problem.event_meetings(db, scenario.event.id)}
    for index, exhibitor in enumerate(scenario.exhibitors[first:], start=first):
        buyer = scenario.buyers[index % len(scenario.buyers)]
        pair = tuple(sorted((exhibitor.id, buyer.id)))
        wanted[pair] = (slots[index // len(scenario.buyers)], tables[buyer.organisation_id])
    scheduler_runs.apply_meetings(db, scenario.event, wanted)
    for meeting in event_problem.event_meetings(db, scenario.event.id):
        if meeting.outcome is None and meeting.id % 3 == 0:
            db.add(MeetingOutcome(meeting_id=meeting.id, attendance="held", interest="deal"))
    db.commit()


def statement_counts(client, app, paths: list[str], method: str = "GET") -> dict[str, int]:
    from eventapp.extensions import db

    counts = {}
    with app.app_context():
        engine = db.engine
    data = {"csrf_token": csrf_token(client)} if method == "POST" else None
    for path in paths:
        with counting_statements(engine) as statements:
            response = client.open(path, method=method, data=data)
        assert response.status_code in (200, 302), path
        counts[path] = len(statements)
    return counts


def test_the_organisers_pages_do_not_load_rows_one_by_one(app, db, client, scenario, make_participant):
    login(client, scenario.organiser)
    base = f"/manage/events/{scenario.event.id}/matchmaking"
    # The board's first visit stores its analysis; each later one after a
    # change brings it up to date (both measured here) at a constant cost too.
    client.get(base + "/board")
    add_meetings(db, scenario, make_participant, 10)
    few = statement_counts(client, app, [base + page for page in PAGES])
    add_meetings(db, scenario, make_participant, 30)
    many = statement_counts(client, app, [base + page for page in PAGES])
    assert many == few


def publication_statements(db, scenario) -> int:
    """What writing every agenda sends (the publication job's first
    transaction, which is ``publishing.publish``), rolled back after."""
    with counting_statements(db.get_bind()) as statements:
        publishing.publish(db, scenario.organiser, scenario.event.id)
        db.flush()
    db.rollback()
    return len(statements)


def test_publishing_does_not_load_each_agenda_on_its_own(app, db, client, scenario, make_participant):
    add_meetings(db, scenario, make_participant, 10)
    few = publication_statements(db, scenario)
    add_meetings(db, scenario, make_participant, 30)
    assert publication_statements(db, scenario) == few


def test_a_participants_agenda_does_not_load_rows_one_by_one(app, db, client, scenario, make_participant):
    buyer = scenario.buyers[0]
    pages = [f"/p/{buyer.access_key}/{page}" for page in ("meetings", "agenda.pdf", "agenda.ics")]
    add_meetings(db, scenario, make_participant, 8)
    few = statement_counts(client, app, pages)
    add_meetings(db, scenario, make_participant, 32)
    many = statement_counts(client, app, pages)
    assert many == few


def add_unscheduled(db, scenario, make_participant, count: int) -> None:
    """``count`` more exhibitors, each asking every buyer, none of them met."""
    for index in range(count):
        exhibitor = make_participant(scenario.event, role="exhibitor", full_name=f"Lý Thị Chờ {len(scenario.exhibitors) + 1}")
        scenario.exhibitors.append(exhibitor)
        for position, buyer in enumerate(scenario.buyers):
            db.add(
                MeetingRequest(
                    event_id=scenario.event.id,
                    from_participant_id=exhibitor.id,
                    to_participant_id=buyer.id,
                    priority=1 + (index + position) % 2,
                    status="accepted",
                )
            )
    db.commit()


def test_the_boards_unscheduled_list_is_paged_and_filtered_at_a_constant_number_of_queries(
    app, db, client, scenario, make_participant
):
    login(client, scenario.organiser)
    board = f"/manage/events/{scenario.event.id}/matchmaking/board"
    buyer = scenario.buyers[1]
    pages = [board, board + "?page=2", f"{board}?buyer={buyer.id}&reason=free_cell&priority=2", board + "?reason=nonsense"]
    client.get(board)  # its analysis is stored: the first page below brings it up to date
    add_unscheduled(db, scenario, make_participant, 15)  # 60 requests: 2 pages
    few = statement_counts(client, app, pages)
    add_unscheduled(db, scenario, make_participant, 45)  # 240 requests: 5 pages
    many = statement_counts(client, app, pages)
    assert many == few
    assert len(set(list(many.values())[1:])) == 1  # the first brought the analysis up to date
    page = client.get(pages[2]).get_data(as_text=True)
    # Buyer 2's must-meet requests: from the exhibitors at even places in each batch (8 of 15, 23 of 45).
    assert page.count('data-why="free_cell"') == 31
    assert page.count('scope="rowgroup" colspan="4"') == 1 and buyer.full_name in page


def test_the_board_on_the_day_flags_no_shows_at_a_constant_number_of_queries(
    app, db, client, scenario, make_participant, make_user, monkeypatch
):
    from datetime import timedelta

    from eventapp.models import Meeting, MeetingAttendance
    from eventapp.services import meeting_board

    login(client, scenario.organiser)
    board = f"/manage/events/{scenario.event.id}/matchmaking/board"
    first_slot = db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)).first()
    monkeypatch.setattr(meeting_board, "utcnow", lambda: first_slot.starts_at + timedelta(hours=2))

    def seen_at_every_other_table() -> None:
        for meeting in db.scalars(sa.select(Meeting)):
            if meeting.id % 2 and not meeting.attendances:
                db.add(MeetingAttendance(meeting_id=meeting.id, participant_id=meeting.participant_a_id))
        db.commit()

    client.get(board)  # its analysis is stored: the counted visits bring it up to date
    add_meetings(db, scenario, make_participant, 10)
    seen_at_every_other_table()
    few = statement_counts(client, app, [board])
    add_meetings(db, scenario, make_participant, 30)
    seen_at_every_other_table()
    many = statement_counts(client, app, [board])
    assert many == few
    assert client.get(board).get_data(as_text=True).count("data-no-show") > 10
