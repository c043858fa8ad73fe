"""Erasing participants: on request (the API, the organiser's button) and
when retention runs out (``privacy purge``). Every figure of the event stays
what it was; nothing of the person is left; the badge and the link are dead."""

from datetime import date

import sqlalchemy as sa

from eventapp.demo import seed_demo
from eventapp.models import (
    AuditEntry,
    Meeting,
    MeetingOutcome,
    OutgoingEmail,
    Participant,
    Scan,
    User,
)
from eventapp.services import badges, mail
from eventapp.services import participants as participant_service
from tests.conftest import csrf_token, login


def figures(client, headers, event_id: int) -> dict:
    """Every figure an official or the organisers read."""
    read = {
        path: client.get(f"/api/v1/events/{event_id}/{path}", headers=headers)
        for path in ("report", "mous/summary", "checkins/stats", "checkins/counts")
    }
    assert all(response.status_code == 200 for response in read.values()), {p: r.status_code for p, r in read.items()}
    return {path: response.get_json() for path, response in read.items()}


def people_to_erase(db, event_id: int) -> list[Participant]:
    """A checked-in exhibitor with a held meeting and its outcome, a buyer of a meeting, a pending registration."""
    entered = sa.select(Scan.participant_id).where(Scan.result == "checked_in")
    held = sa.select(Meeting).join(MeetingOutcome, MeetingOutcome.meeting_id == Meeting.id).where(Meeting.event_id == event_id)
    meeting = db.scalars(held.where(Meeting.participant_a_id.in_(entered) | Meeting.participant_b_id.in_(entered))).first()
    assert meeting is not None
    pending = db.scalars(sa.select(Participant).where(Participant.event_id == event_id, Participant.status == "pending")).first()
    return [meeting.participant_a, meeting.participant_b] + ([pending] if pending else [])


def test_erasing_people_changes_no_figure_and_leaves_nothing_of_them(app, client, db, api_headers, outbox):
    event = seed_demo(db).events["soctrang"]
    db.commit()
    organiser = db.scalar(sa.select(User).where(User.email == "bantochuc.soctrang@demo.eventapp.vn"))
    headers = api_headers(organiser)
    before = figures(client, headers, event.id)
    overview_before = participant_service.overview(db, organiser, event.id)
    erased = people_to_erase(db, event.id)
    shown = {item["id"] for item in client.get(f"/api/v1/events/{event.id}/catalogue?per_page=500").get_json()["items"]}
    assert shown & {person.id for person in erased}, "an erased exhibitor leaves the catalogue"
    keys = {person.id: person.access_key for person in erased}
    with app.test_request_context():
        codes = {person.id: badges.badge_code(person) for person in erased}
    names = {person.id: person.full_name for person in erased}
    # A message to one of them waits in the outbox when they are erased.
    waiting = OutgoingEmail(
        event_id=event.id,
        participant_id=erased[0].id,
        to_address=erased[0].email,
        subject="s",
        template="message",
        body_text="Kính gửi",
    )
    db.add(waiting)
    db.commit()

    for person in erased:
        response = client.post(f"/api/v1/events/{event.id}/participants/{person.id}/erase", headers=headers)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["full_name"] == f"#{person.id}" and body["email"].endswith("@erased.invalid")
        assert body["phone"] is None and body["position"] == "" and body["erased_at"]
    again = client.post(f"/api/v1/events/{event.id}/participants/{erased[0].id}/erase", headers=headers)
    assert again.status_code == 409

    assert figures(client, headers, event.id) == before
    catalogue = client.get(f"/api/v1/events/{event.id}/catalogue?per_page=500").get_json()
    assert not {item["id"] for item in catalogue["items"]} & set(keys)
    overview_after = participant_service.overview(db, organiser, event.id)
    assert (overview_after.total, overview_after.by_status, overview_after.by_role) == (
        overview_before.total,
        overview_before.by_status,
        overview_before.by_role,
    )

    db.expire_all()
    for person_id, key in keys.items():
        assert client.get(f"/p/{key}").status_code == 404
        door = client.post(
            f"/api/v1/events/{event.id}/checkins", headers=headers | {"Accept-Language": "en"}, json={"code": codes[person_id]}
        )
        assert door.get_json()["error"]["code"] == "erased"
        assert "erased" in door.get_json()["error"]["message"]
        found = client.get(f"/api/v1/events/{event.id}/participants?q={names[person_id].split()[-1]}", headers=headers)
        assert person_id not in {item["id"] for item in found.get_json()["items"]}
    assert db.get(OutgoingEmail, waiting.id).status == "failed"
    mails = db.scalars(sa.select(OutgoingEmail).where(OutgoingEmail.participant_id.in_(keys))).all()
    assert mails and all(m.to_address.endswith("@erased.invalid") and m.body_text == "" for m in mails)
    assert all(names[pid] not in str(entry.changes) for entry in db.scalars(sa.select(AuditEntry)) for pid in keys)
    assert db.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "participant.erased")) == len(keys)
    # Mail queued to an erased participant afterwards is kept unsent.
    person = db.get(Participant, erased[0].id)
    with app.test_request_context():
        row = mail.queue(db, mail.Email(to=person.email, subject="s", text="t"), event_id=event.id, participant=person)
    assert row.status == "failed"
    db.rollback()


def test_the_organisers_button_asks_for_confirmation(client, db, make_event, make_user, make_participant):
    event = make_event()
    person = make_participant(event, full_name="Lâm Thị Mỹ Duyên", phone="0912345678")
    login(client, make_user("organiser", event))
    detail = f"/manage/events/{event.id}/participants/{person.id}"
    assert "Xoá dữ liệu cá nhân" in client.get(detail).get_data(as_text=True)
    token = csrf_token(client, detail)
    client.post(f"{detail}/erase", data={"csrf_token": token})
    db.expire_all()
    assert db.get(Participant, person.id).erased_at is None
    response = client.post(f"{detail}/erase", data={"csrf_token": token, "confirm": "y"})
    assert response.status_code == 302
    db.expire_all()
    erased = db.get(Participant, person.id)
    assert erased.erased_at is not None and erased.full_name == f"#{person.id}" and erased.phone is None
    page = client.get(detail).get_data(as_text=True)
    assert "Lâm Thị Mỹ Duyên" not in page and 'id="erased"' in page


def test_only_organisers_erase(client, make_event, make_user, make_participant, api_headers):
    event = make_event()
    person = make_participant(event)
    for role in ("checkin", "official"):
        response = client.post(
            f"/api/v1/events/{event.id}/participants/{person.id}/erase", headers=api_headers(make_user(role, event))
        )
        assert response.status_code == 403


def test_purge_erases_events_past_retention_and_a_dry_run_changes_nothing(app, db, make_event, make_participant):
    old = make_event(starts_on=date(2020, 11, 20), ends_on=date(2020, 11, 21))
    recent = make_event(name="Hội nghị 2026", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 2))
    old_people = [make_participant(old), make_participant(old, role="buyer")]
    kept = make_participant(recent)
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["privacy", "purge", "--months", "24", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"Event {old.id}" in dry.output and "would erase 2" in dry.output and f"Event {recent.id}" not in dry.output
    db.expire_all()
    assert all(db.get(Participant, p.id).erased_at is None for p in old_people)
    assert db.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0

    done = runner.invoke(args=["privacy", "purge"])  # PRIVACY_RETENTION_MONTHS, 24
    assert done.exit_code == 0, done.output
    assert "erased 2 participant(s)" in done.output
    db.expire_all()
    assert all(db.get(Participant, p.id).erased_at is not None for p in old_people)
    assert db.get(Participant, kept.id).erased_at is None
    assert "0 participant(s) erased" in runner.invoke(args=["privacy", "purge"]).output
    assert runner.invoke(args=["privacy", "purge", "--months", "0"]).exit_code != 0
