"""What organisers see of the outbox: GET /api/v1/events/{id}/emails, each
participant's e-mails on their page with a way to send one again (audited),
and the e-mails by status in /metrics (issue #9 items 2 and 4)."""

import pytest
import sqlalchemy as sa

from eventapp.models import AuditEntry, OutgoingEmail
from eventapp.services import mail
from tests.conftest import csrf_token, login
from tests.functional.test_operations import sample

EMAIL_KEYS = {"id", "to", "subject", "template", "status", "attempts", "sent_at"}


def write(db, event, participant, subject: str) -> None:
    email = mail.Email(to=participant.email, subject=subject, text="x", template="registration_received")
    mail.queue(db, email, event_id=event.id, participant=participant)


@pytest.fixture()
def sent(db, make_event, make_participant, outbox):
    event = make_event()
    first, second = make_participant(event), make_participant(event)
    write(db, event, first, "Đăng ký đã nhận: Hội nghị")
    write(db, event, second, "Đăng ký đã được duyệt")
    db.commit()
    assert len(outbox()) == 2
    return event, first, second


def test_organisers_list_the_events_emails_and_one_participants(db, client, sent, make_user, api_headers):
    event, first, second = sent
    headers = api_headers(make_user("organiser", event))
    body = client.get(f"/api/v1/events/{event.id}/emails", headers=headers).get_json()
    assert body["total"] == 2 and set(body) == {"items", "total"}
    assert all(set(item) == EMAIL_KEYS for item in body["items"])
    assert [item["to"] for item in body["items"]] == [second.email, first.email]  # newest first
    assert {item["status"] for item in body["items"]} == {"sent"} and body["items"][0]["attempts"] == 1
    assert body["items"][0]["sent_at"] and body["items"][0]["template"] == "registration_received"

    only = client.get(f"/api/v1/events/{event.id}/emails?participant={first.id}", headers=headers).get_json()
    assert only["total"] == 1 and only["items"][0]["subject"] == "Đăng ký đã nhận: Hội nghị"


@pytest.mark.parametrize("participant", ["abc", "0", "-1", "99999999999999999999"])
def test_a_bad_participant_filter_is_refused(db, client, sent, make_user, api_headers, participant):
    event, _, _ = sent
    answer = client.get(
        f"/api/v1/events/{event.id}/emails?participant={participant}", headers=api_headers(make_user("organiser", event))
    )
    assert answer.status_code == 400 and "participant" in answer.get_json()["error"]["fields"]


def test_another_events_participant_is_not_found(db, client, sent, make_event, make_participant, make_user, api_headers):
    event, _, _ = sent
    stranger = make_participant(make_event(name="Hội nghị Buôn Ma Thuột 2019"))
    headers = api_headers(make_user("organiser", event))
    assert client.get(f"/api/v1/events/{event.id}/emails?participant={stranger.id}", headers=headers).status_code == 404


@pytest.mark.parametrize("role", ["checkin", "official"])
def test_the_emails_are_for_the_events_organisers(db, client, sent, make_user, make_event, api_headers, role):
    event, _, _ = sent
    for user in (make_user(role, event), make_user("organiser", make_event(name="Hội nghị Lạng Sơn"))):
        assert client.get(f"/api/v1/events/{event.id}/emails", headers=api_headers(user)).status_code == 403
    assert client.get(f"/api/v1/events/{event.id}/emails").status_code == 401


def test_the_participant_page_lists_their_emails_and_sends_one_again(db, client, sent, make_user, outbox):
    event, first, _ = sent
    organiser = make_user("organiser", event)
    login(client, organiser)
    page_path = f"/manage/events/{event.id}/participants/{first.id}"
    page = client.get(page_path).get_data(as_text=True)
    assert "Đăng ký đã nhận: Hội nghị" in page and "Đăng ký đã được duyệt" not in page
    email_id = db.scalar(sa.select(OutgoingEmail.id).where(OutgoingEmail.participant_id == first.id))
    assert f"/emails/{email_id}/resend" in page

    answer = client.post(
        f"/manage/events/{event.id}/emails/{email_id}/resend",
        data={"csrf_token": csrf_token(client, page_path), "next": page_path + "#emails"},
    )
    assert answer.status_code == 302 and answer.headers["Location"].endswith(page_path + "#emails")
    assert [message["To"] for message in outbox()].count(first.email) == 2
    db.expire_all()
    copies = db.scalars(sa.select(OutgoingEmail).where(OutgoingEmail.participant_id == first.id)).all()
    assert sorted(row.status for row in copies) == ["sent", "sent"]
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "email.resent")).one()
    assert entry.actor_email == organiser.email and entry.changes["of"] == email_id and entry.event_id == event.id


def test_only_organisers_send_again(db, client, sent, make_user, make_event):
    event, first, _ = sent
    email_id = db.scalar(sa.select(OutgoingEmail.id).where(OutgoingEmail.participant_id == first.id))
    login(client, make_user("organiser", make_event(name="Hội nghị Lạng Sơn")))
    answer = client.post(f"/manage/events/{event.id}/emails/{email_id}/resend", data={"csrf_token": csrf_token(client)})
    assert answer.status_code == 403
    assert db.scalar(sa.select(sa.func.count()).select_from(OutgoingEmail)) == 2


def test_metrics_count_emails_by_status(db, client, sent):
    assert sample(client, "eventapp_emails", status="sent") == 2
    assert sample(client, "eventapp_emails", status="failed") == 0
    text = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_data(as_text=True)
    assert 'eventapp_emails{status="failed"} 0.0' in text
