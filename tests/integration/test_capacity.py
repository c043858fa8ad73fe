"""Places per role and the waiting list against the real database: every
way in respects the cap, a place given back goes to the first one waiting,
and concurrent registrations on PostgreSQL never take more places than there are."""

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.consents import ConsentChoices
from eventapp.domain.errors import Conflict, PermissionDenied, ValidationError
from eventapp.domain.registration import OrganisationInput, ParticipantInput
from eventapp.models import AuditEntry, EventCapacity, OutgoingEmail, Participant
from eventapp.services import capacity, imports, registration, self_service
from eventapp.services import events as event_service

# The public's own registrations tick the consent to processing the form requires.
CONSENTED = ConsentChoices(processing=True)


def buyer(number: int) -> ParticipantInput:
    return ParticipantInput(
        full_name=f"Nguyễn Thị Mua {number}",
        email=f"mua{number}@chuoi.vn",
        role="buyer",
        organisation=OrganisationInput(name=f"Chuỗi bán lẻ Số {number}", kind="distributor", province="ho-chi-minh"),
    )


@pytest.fixture()
def event(db, make_event):
    event = make_event()
    db.add(EventCapacity(event_id=event.id, role="buyer", places=2))
    db.commit()
    return event


@pytest.fixture()
def organiser(make_user, event):
    return make_user("organiser", event)


def statuses(db, event, role="buyer") -> list[tuple[str, str]]:
    rows = db.execute(
        sa.select(Participant.email, Participant.status)
        .where(Participant.event_id == event.id, Participant.role == role)
        .order_by(Participant.id)
    )
    return [tuple(row) for row in rows]


def templates_sent(db, participant: Participant) -> list[str]:
    return list(
        db.scalars(
            sa.select(OutgoingEmail.template).where(OutgoingEmail.participant_id == participant.id).order_by(OutgoingEmail.id)
        )
    )


def test_the_public_beyond_the_cap_is_waitlisted_and_told_so(db, event):
    people = [registration.register(db, None, event.id, buyer(number), CONSENTED) for number in range(4)]
    db.commit()
    assert [p.status for p in people] == ["pending", "pending", "waitlisted", "waitlisted"]
    assert templates_sent(db, people[2]) == ["registration_waitlisted"]
    assert templates_sent(db, people[0]) == ["registration_received"]
    subject = db.scalar(sa.select(OutgoingEmail.subject).where(OutgoingEmail.participant_id == people[2].id))
    assert subject.startswith("Trong danh sách chờ")


def test_other_roles_and_events_without_a_cap_take_anyone(db, event, make_event):
    other = make_event(name="Hội chợ không giới hạn")
    for number in range(3):
        assert registration.register(db, None, other.id, buyer(number), CONSENTED).status == "pending"
    delegate = ParticipantInput(
        full_name="Lê Văn Bình",
        email="binh@sct.gov.vn",
        role="delegate",
        organisation=OrganisationInput(name="Sở Công Thương", kind="government", province="soc-trang"),
    )
    assert registration.register(db, None, event.id, delegate, CONSENTED).status == "pending"


def test_organisers_and_checkin_staff_are_held_to_the_cap_too(db, event, organiser, make_user):
    staff = make_user("checkin", event)
    assert registration.register(db, organiser, event.id, buyer(1)).status == "approved"
    assert registration.register(db, staff, event.id, buyer(2)).status == "pending"
    assert registration.register(db, organiser, event.id, buyer(3)).status == "waitlisted"
    assert registration.register(db, staff, event.id, buyer(4)).status == "waitlisted"


def test_a_cancellation_gives_the_place_to_the_earliest_waiting(db, event, organiser):
    people = [registration.register(db, None, event.id, buyer(number), CONSENTED) for number in range(5)]
    db.commit()
    registration.decide(db, organiser, event.id, [people[0].id], "cancelled")
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["cancelled", "pending", "pending", "waitlisted", "waitlisted"]
    assert templates_sent(db, people[2]) == ["registration_waitlisted", "registration_promoted"]
    promoted = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "participant.promoted")).one()
    assert promoted.target_id == people[2].id and promoted.actor_id == organiser.id
    assert promoted.changes == {"status": ["waitlisted", "pending"]}

    registration.decide(db, organiser, event.id, [people[1].id, people[2].id], "rejected")
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["cancelled", "rejected", "rejected", "pending", "pending"]


def test_approving_someone_waiting_needs_a_free_place(db, event, organiser):
    people = [registration.register(db, None, event.id, buyer(number), CONSENTED) for number in range(3)]
    db.commit()
    with pytest.raises(Conflict) as refused:
        registration.decide(db, organiser, event.id, [people[2].id], "approved")
    assert "Raise the capacity" in refused.value.message.msgid
    db.rollback()
    assert registration.decide(db, organiser, event.id, [people[0].id, people[1].id], "approved") == 2
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["approved", "approved", "waitlisted"]


def test_an_organiser_cannot_put_someone_on_the_waiting_list_by_hand(db, event, organiser):
    person = registration.register(db, None, event.id, buyer(1), CONSENTED)
    db.commit()
    with pytest.raises(ValidationError) as refused:
        registration.update_participant(db, organiser, event.id, person.id, lambda current: current, status="waitlisted")
    assert set(refused.value.fields) == {"status"}
    db.rollback()
    with pytest.raises(ValidationError):
        registration.decide(db, organiser, event.id, [person.id], "waitlisted")


def test_raising_the_cap_moves_the_earliest_waiting_up_and_removing_it_everyone(db, event, organiser):
    for number in range(6):
        registration.register(db, None, event.id, buyer(number), CONSENTED)
    db.commit()
    event_service.change_event(db, organiser, event.id, {"capacity": {"buyer": 4}})
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["pending"] * 4 + ["waitlisted"] * 2
    updated = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "event.updated")).one()
    assert updated.changes == {"capacity": [{"buyer": 2}, {"buyer": 4}]}

    event_service.change_event(db, organiser, event.id, {"capacity": {"buyer": 1}})
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["pending"] * 4 + ["waitlisted"] * 2  # nobody loses a place
    assert registration.register(db, None, event.id, buyer(7), CONSENTED).status == "waitlisted"

    event_service.change_event(db, organiser, event.id, {"capacity": {}})
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["pending"] * 7
    assert capacity.places_by_role(db, event.id) == {}


def test_a_role_change_needs_a_place_in_the_new_role_and_frees_the_old_one(db, event, organiser):
    people = [registration.register(db, None, event.id, buyer(number), CONSENTED) for number in range(3)]
    db.commit()
    event_service.change_event(db, organiser, event.id, {"capacity": {"buyer": 2, "delegate": 0}})
    db.commit()

    def become_delegate(current):
        return current.__class__(**{**current.__dict__, "role": "delegate"})

    with pytest.raises(Conflict) as refused:
        registration.update_participant(db, organiser, event.id, people[0].id, become_delegate)
    assert set(refused.value.fields) == {"role"}
    db.rollback()
    event_service.change_event(db, organiser, event.id, {"capacity": {"buyer": 2, "delegate": 1}})
    registration.update_participant(db, organiser, event.id, people[0].id, become_delegate)
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["pending", "pending"]
    assert statuses(db, event, "delegate") == [(people[0].email, "pending")]


def test_after_the_closing_time_the_public_is_refused_but_staff_still_add_people(db, event, organiser, make_user):
    event_service.change_event(
        db, organiser, event.id, {"registration_closes_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat()}
    )
    db.commit()
    with pytest.raises(PermissionDenied):
        registration.register(db, None, event.id, buyer(1), CONSENTED)
    db.rollback()
    assert registration.register(db, make_user("checkin", event), event.id, buyer(2)).status == "pending"
    assert registration.register(db, organiser, event.id, buyer(3)).status == "approved"
    assert registration.register(db, organiser, event.id, buyer(4)).status == "waitlisted"


def test_an_import_fills_the_places_in_file_order_then_waitlists(db, event, organiser, outbox):
    header = "Họ và tên,Thư điện tử,Tư cách tham dự,Tên đơn vị,Loại hình đơn vị,Tỉnh/thành phố,Trạng thái"
    rows = [
        f"Người mua {n},mua{n}@chuoi.vn,buyer,Chuỗi {n},Nhà phân phối,TP. Hồ Chí Minh,{s}"
        for n, s in enumerate(["Đã duyệt", "Đã hủy", "", "Chờ duyệt", "Danh sách chờ"])
    ]
    registration.register(db, None, event.id, buyer(99), CONSENTED)  # one place already taken
    content = ("\r\n".join([header, *rows]) + "\r\n").encode()
    result = imports.import_participants(db, organiser, event.id, content, max_rows=100, send_emails=True)
    db.commit()
    assert result.by_status == {"approved": 1, "cancelled": 1, "waitlisted": 3}
    assert result.emails_queued == 4
    assert [status for _, status in statuses(db, event)] == [
        "pending",
        "approved",
        "cancelled",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert {message["Subject"].split(":")[0] for message in outbox()} >= {"Trong danh sách chờ"}


def test_the_overview_counts_places_and_waiting(db, event, organiser):
    for number in range(3):
        registration.register(db, None, event.id, buyer(number), CONSENTED)
    assert capacity.places_summary(db, event.id) == [capacity.RolePlaces(role="buyer", places=2, taken=2, waiting=1)]


def test_the_database_refuses_a_negative_cap_and_an_unknown_role(db, event):
    for bad in (
        EventCapacity(event_id=event.id, role="exhibitor", places=-1),
        EventCapacity(event_id=event.id, role="guest", places=1),
    ):
        db.add(bad)
        with pytest.raises(sa.exc.IntegrityError):
            db.flush()
        db.rollback()


def run_together(app, count: int, work) -> list[BaseException]:
    """``work(number, session)`` in ``count`` threads released at once, each with its own session, committed."""
    from eventapp.extensions import db as flask_db

    with app.app_context():
        engine = flask_db.engine
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def run(number: int) -> None:
        with app.test_request_context(), so.Session(engine) as session:
            barrier.wait()
            try:
                work(number, session)
                session.commit()
            except BaseException as error:
                failures.append(error)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


@pytest.mark.postgres_only
def test_twenty_at_once_for_five_places_make_five_pending_and_fifteen_waiting(app, db, make_event):
    event = make_event()
    db.add(EventCapacity(event_id=event.id, role="buyer", places=5))
    db.commit()

    failures = run_together(
        app, 20, lambda number, session: registration.register(session, None, event.id, buyer(number), CONSENTED)
    )

    assert failures == []
    db.expire_all()
    counted = dict(
        db.execute(
            sa.select(Participant.status, sa.func.count()).where(Participant.event_id == event.id).group_by(Participant.status)
        ).all()
    )
    assert counted == {"pending": 5, "waitlisted": 15}
    waitlisted = db.scalars(sa.select(OutgoingEmail.template).where(OutgoingEmail.template == "registration_waitlisted")).all()
    assert len(waitlisted) == 15


@pytest.mark.postgres_only
def test_cancellations_during_a_rush_promote_the_earliest_waiting_never_over_the_cap(app, db, make_event, make_user):
    """Five places full, ten waiting; three cancel while five new people register."""
    event = make_event()
    db.add(EventCapacity(event_id=event.id, role="buyer", places=5))
    db.commit()
    organiser = make_user("organiser", event)
    people = [registration.register(db, None, event.id, buyer(number), CONSENTED) for number in range(15)]
    db.commit()
    holders, waiting = [p.id for p in people[:5]], [p.id for p in people[5:]]
    organiser_id = organiser.id

    def work(number: int, session: so.Session) -> None:
        if number < 3:
            actor = session.get(type(organiser), organiser_id)
            registration.decide(session, actor, event.id, [holders[number]], "cancelled")
        else:
            registration.register(session, None, event.id, buyer(100 + number), CONSENTED)

    failures = run_together(app, 8, work)

    assert failures == []
    db.expire_all()
    by_id = dict(db.execute(sa.select(Participant.id, Participant.status).where(Participant.event_id == event.id)).all())
    assert sum(1 for status in by_id.values() if status in ("pending", "approved")) == 5
    assert [by_id[pid] for pid in waiting[:3]] == ["pending"] * 3  # the three who waited longest
    assert all(by_id[pid] == "waitlisted" for pid in waiting[3:])
    newcomers = [status for pid, status in by_id.items() if pid not in holders and pid not in waiting]
    assert newcomers == ["waitlisted"] * 5
    assert db.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "participant.promoted")) == 3


def test_a_participant_who_cancels_on_their_page_frees_their_place(db, event):
    people = [registration.register(db, None, event.id, buyer(number), CONSENTED) for number in range(3)]
    db.commit()
    self_service.cancel_registration(db, people[1].access_key)
    db.commit()
    assert [status for _, status in statuses(db, event)] == ["pending", "cancelled", "pending"]
    promoted = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "participant.promoted")).one()
    assert promoted.target_id == people[2].id and promoted.actor_id is None


def test_a_participants_own_role_change_needs_a_place_too(db, event, organiser):
    event_service.change_event(db, organiser, event.id, {"capacity": {"buyer": 2, "delegate": 0}})
    person = registration.register(db, None, event.id, buyer(1), CONSENTED)
    waiting_delegate = ParticipantInput(
        full_name="Lê Văn Chờ",
        email="cho@sct.gov.vn",
        role="delegate",
        organisation=OrganisationInput(name="Sở Công Thương", kind="government", province="soc-trang"),
    )
    assert registration.register(db, None, event.id, waiting_delegate, CONSENTED).status == "waitlisted"
    db.commit()
    as_delegate = replace(registration.as_input(person), role="delegate")
    with pytest.raises(Conflict):
        self_service.edit_registration(db, person.access_key, as_delegate)
    db.rollback()
    event_service.change_event(db, organiser, event.id, {"capacity": {"buyer": 2, "delegate": 2}})
    self_service.edit_registration(db, person.access_key, as_delegate)
    db.commit()
    assert statuses(db, event, "delegate") == [(person.email, "pending"), ("cho@sct.gov.vn", "pending")]
