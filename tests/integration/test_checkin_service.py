"""Recording scans: one entry per person however often or however
simultaneously their badge is scanned; every scan logged; retries answered
from the log."""

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.badge_token import BadgeClaim, sign_badge
from eventapp.domain.checkin import ScanInput
from eventapp.models import Participant, Scan, User
from eventapp.services import badges, checkin, checkin_people, checkin_stats

NOW = datetime(2020, 11, 20, 1, 0, tzinfo=UTC)


def scan_of(code: str, **changes) -> ScanInput:
    return ScanInput(code=code, scanned_at=changes.pop("scanned_at", NOW), **changes)


def results(db) -> list[tuple[str, str | None]]:
    return [(scan.result, scan.problem) for scan in db.scalars(sa.select(Scan).order_by(Scan.id))]


@pytest.fixture()
def door(db, make_event, make_user, make_participant):
    event = make_event()
    staff = make_user("checkin", event)
    guest = make_participant(event, full_name="Lâm Thị Mỹ Duyên", role="buyer")
    return event, staff, guest


def test_the_first_scan_checks_in_and_later_ones_say_when(db, door):
    event, staff, guest = door
    code = badges.badge_code(guest)
    first = checkin.check_in(db, staff, event.id, scan_of(code, gate="Cổng A"))
    db.commit()
    again = checkin.check_in(db, staff, event.id, scan_of(code, scanned_at=NOW + timedelta(minutes=5)))
    db.commit()
    assert first.scan.result == "checked_in" and first.first_checked_in_at == NOW
    assert again.scan.result == "already_checked_in" and again.first_checked_in_at == NOW
    assert again.participant.id == guest.id
    assert results(db) == [("checked_in", None), ("already_checked_in", None)]
    assert checkin_people.entry_of(db, guest).gate == "Cổng A"


def test_a_repeated_scan_id_gets_its_first_answer_and_writes_nothing(db, door):
    event, staff, guest = door
    scan_id = str(uuid.uuid4())
    first = checkin.check_in(db, staff, event.id, scan_of(badges.badge_code(guest), scan_id=scan_id))
    db.commit()
    retry = checkin.check_in(
        db, staff, event.id, scan_of(badges.badge_code(guest), scan_id=scan_id, scanned_at=NOW + timedelta(minutes=9))
    )
    db.commit()
    assert retry.scan.id == first.scan.id
    assert retry.scan.result == "checked_in" and retry.first_checked_in_at == NOW
    assert len(results(db)) == 1


def test_refused_scans_are_logged_with_their_reason_and_retries_too(db, door, make_event, make_participant):
    event, staff, guest = door
    other_event = make_event(name="Hội nghị Buôn Ma Thuột 2019")
    stranger = make_participant(other_event)
    pending = make_participant(event, status="pending")
    forged = sign_badge("not our secret", BadgeClaim(event.id, guest.id, 1))
    codes = ["ceci n'est pas un badge", forged, badges.badge_code(stranger), badges.badge_code(pending)]
    answers = [checkin.check_in(db, staff, event.id, scan_of(code, scan_id=str(uuid.uuid4()))) for code in codes]
    db.commit()
    assert [answer.problem.code for answer in answers] == ["unreadable", "forged", "other_event", "not_approved"]
    assert answers[1].participant is None  # a forgery never names anyone
    assert answers[3].participant.id == pending.id
    assert results(db) == [
        ("invalid", "unreadable"),
        ("invalid", "forged"),
        ("invalid", "other_event"),
        ("invalid", "not_approved"),
    ]
    retry = checkin.check_in(db, staff, event.id, scan_of(codes[3], scan_id=answers[3].scan.scan_id))
    assert retry.problem.code == "not_approved" and retry.scan.id == answers[3].scan.id
    assert len(results(db)) == 4


@pytest.mark.parametrize(
    "status, message",
    [
        ("pending", "This registration is not approved yet."),
        ("rejected", "This registration was rejected."),
        ("cancelled", "This registration was cancelled."),
    ],
)
def test_a_registration_not_approved_is_refused_with_its_reason(db, door, make_participant, status, message):
    event, staff, _guest = door
    person = make_participant(event, status=status)
    answer = checkin.check_in(db, staff, event.id, scan_of(badges.badge_code(person)))
    db.commit()
    assert answer.problem.code == "not_approved" and answer.problem.message.msgid == message
    assert answer.participant.status == status and answer.scan.participant.id == person.id
    assert results(db) == [("invalid", "not_approved")]


def test_a_genuine_code_for_nobody_is_refused(db, door):
    event, staff, _guest = door
    nobody = sign_badge(badges.secret_key(), BadgeClaim(event.id, 999_999, 1))
    answer = checkin.check_in(db, staff, event.id, scan_of(nobody))
    db.commit()
    assert answer.problem.code == "unknown_participant" and answer.participant is None
    assert results(db) == [("invalid", "unknown_participant")]


def test_a_reissued_badge_voids_the_old_one(db, door, make_user):
    event, staff, guest = door
    organiser = make_user("organiser", event)
    old_code = badges.badge_code(guest)
    badges.reissue(db, organiser, event.id, guest.id)
    db.commit()
    assert guest.badge_version == 2
    refused = checkin.check_in(db, staff, event.id, scan_of(old_code))
    accepted = checkin.check_in(db, staff, event.id, scan_of(badges.badge_code(guest)))
    db.commit()
    assert refused.problem.code == "revoked" and refused.participant.id == guest.id
    assert accepted.scan.result == "checked_in"


def test_a_name_corrected_in_the_edit_form_keeps_the_code(db, door):
    event, _staff, guest = door
    code = badges.badge_code(guest)
    guest.full_name = "Lâm Thị Mỹ Duyên (đã sửa)"
    db.commit()
    assert badges.badge_code(guest) == code


def test_figures_count_approved_people_by_role_and_province(db, door, make_participant, make_user):
    event, staff, guest = door
    exhibitor = make_participant(event, role="exhibitor", province="can-tho")
    make_participant(event, role="exhibitor", province="can-tho")
    make_participant(event, role="delegate", status="pending")
    for code in (badges.badge_code(guest), badges.badge_code(exhibitor), badges.badge_code(guest), "rác"):
        checkin.check_in(db, staff, event.id, scan_of(code))
    db.commit()
    figures = checkin_stats.stats(db, make_user("official", event), event.id)
    assert (figures.checked_in, figures.total, figures.invalid_scans) == (2, 3, 1)
    assert figures.by_role["buyer"] == checkin_stats.Tally(1, 1)
    assert figures.by_role["exhibitor"] == checkin_stats.Tally(1, 2)
    assert figures.by_role["delegate"] == checkin_stats.Tally(0, 0)
    assert figures.by_province["can-tho"] == checkin_stats.Tally(1, 2)
    assert [(bucket.arrivals, bucket.cumulative) for bucket in figures.arrivals] == [(2, 2)]


def test_an_offline_scan_uploaded_late_dates_the_arrival(db, door):
    """Gate B's phone was offline when it scanned the guest at 07:40; gate A
    recorded the entry at 08:00 before B's queue arrived."""
    event, staff, guest = door
    code = badges.badge_code(guest)
    checkin.check_in(db, staff, event.id, scan_of(code, scanned_at=NOW + timedelta(minutes=20)))
    late = checkin.check_in(db, staff, event.id, scan_of(code, scanned_at=NOW))
    db.commit()
    assert late.scan.result == "already_checked_in"
    figures = checkin_stats.stats(db, staff, event.id)
    assert figures.checked_in == 1
    [bucket] = [bucket for bucket in figures.arrivals if bucket.arrivals]
    assert bucket.starts_at.astimezone(UTC) == NOW


def test_the_roster_holds_approved_codes_and_the_search_finds_everyone_without_tone_marks(db, door, make_participant):
    event, staff, guest = door
    make_participant(event, full_name="Lâm Văn Tâm", status="rejected")
    roster = checkin_people.roster(db, staff, event.id)
    assert [(entry.participant.id, entry.code) for entry in roster] == [(guest.id, badges.badge_code(guest))]
    found = checkin_people.find_people(db, staff, event.id, "lam")
    assert [(entry.participant.full_name, entry.code is None) for entry in found] == [
        ("Lâm Thị Mỹ Duyên", False),
        ("Lâm Văn Tâm", True),
    ]
    assert [entry.participant.id for entry in checkin_people.find_people(db, staff, event.id, "my duyen")] == [guest.id]


def test_scan_log_is_newest_first_and_filters_by_result(db, door):
    event, staff, guest = door
    for code in (badges.badge_code(guest), "rác", badges.badge_code(guest)):
        checkin.check_in(db, staff, event.id, scan_of(code))
    db.commit()
    log = checkin.scan_log(db, staff, event.id)
    assert [scan.result for scan in log.items] == ["already_checked_in", "invalid", "checked_in"]
    assert log.total == 3
    assert checkin.scan_log(db, staff, event.id, result="invalid").total == 1


def twenty_at_once(app, work: Callable[[so.Session, threading.Barrier], object]) -> list:
    """``work`` in twenty threads, each with its own session and connection,
    all given one barrier to wait at; their answers, once none has failed."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], pool_size=25, max_overflow=0)
    start = threading.Barrier(20)
    answers: list = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context(), so.Session(engine) as session:
                answers.append(work(session, start))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    engine.dispose()
    assert not failures, failures
    return answers


@pytest.mark.postgres_only
def test_twenty_simultaneous_scans_of_one_badge_make_exactly_one_entry(app, db, door):
    """Twenty phones, one badge, the same instant: each thread holds its own
    connection and waits at a barrier, then all record at once."""
    from eventapp.extensions import db as extension

    event, staff, guest = door
    code = badges.badge_code(guest)

    def scan_at_the_door(session: so.Session, start: threading.Barrier) -> str:
        actor = session.get(User, staff.id)
        session.get(Participant, guest.id)  # holds a connection before the barrier
        start.wait(timeout=30)
        outcome = checkin.check_in(session, actor, event.id, scan_of(code, scan_id=str(uuid.uuid4())))
        session.commit()
        return outcome.scan.result

    answers = twenty_at_once(app, scan_at_the_door)
    assert sorted(answers) == ["already_checked_in"] * 19 + ["checked_in"]
    extension.session.expire_all()
    assert results(db).count(("checked_in", None)) == 1
    assert len(results(db)) == 20


@pytest.mark.postgres_only
def test_one_scan_uploaded_by_twenty_retries_at_once_is_recorded_once(app, db, door):
    event, staff, guest = door
    scan = scan_of(badges.badge_code(guest), scan_id=str(uuid.uuid4()))

    def upload(session: so.Session, start: threading.Barrier) -> tuple[int, str]:
        actor = session.get(User, staff.id)
        start.wait(timeout=30)
        outcome = checkin.check_in(session, actor, event.id, scan)
        session.commit()
        return outcome.scan.id, outcome.scan.result

    answers = twenty_at_once(app, upload)
    assert len(set(answers)) == 1 and answers[0][1] == "checked_in"
    assert len(results(db)) == 1
