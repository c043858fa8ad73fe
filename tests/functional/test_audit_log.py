"""Every staff write leaves one append-only row: who, when, what, before and
after, from where. Organisers read it on a page and through the API."""

import pytest
import sqlalchemy as sa

from eventapp.domain.events import EventInput
from eventapp.models import AuditEntry
from eventapp.services import audit
from eventapp.services import events as event_service
from tests.conftest import csrf_token, login


def actions(db) -> list[str]:
    db.expire_all()
    return db.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_participant_edits_decisions_and_badges_are_recorded(client, db, make_event, make_user, make_participant, api_headers):
    event = make_event()
    organiser = make_user("organiser", event)
    guest = make_participant(event, status="pending", full_name="Lâm Thị Mỹ Duyên")
    headers = api_headers(organiser)

    assert (
        client.patch(
            f"/api/v1/events/{event.id}/participants/{guest.id}", json={"full_name": "Lâm Thị Mỹ Duyên (sửa)"}, headers=headers
        ).status_code
        == 200
    )
    login(client, organiser)
    client.post(
        f"/manage/events/{event.id}/participants/decide",
        data={"csrf_token": csrf_token(client), "participant_ids": guest.id, "decision": "approved"},
        environ_base={"REMOTE_ADDR": "203.113.0.9"},
    )
    assert client.post(f"/api/v1/events/{event.id}/participants/{guest.id}/badge/reissue", headers=headers).status_code == 200

    assert actions(db)[-3:] == ["participant.updated", "participant.approved", "badge.reissued"]
    edit, decision, badge = db.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()[-3:]
    assert edit.changes == {"full_name": ["Lâm Thị Mỹ Duyên", "Lâm Thị Mỹ Duyên (sửa)"]}
    assert edit.actor_email == organiser.email and edit.event_id == event.id
    assert (edit.target_type, edit.target_id) == ("participant", guest.id)
    assert decision.changes == {"status": ["pending", "approved"]} and decision.ip == "203.113.0.9"
    assert badge.changes == {"badge_version": [1, 2]}


def test_the_api_lists_and_filters_the_log_for_organisers_only(client, db, make_event, make_user, make_participant, api_headers):
    event = make_event()
    organiser = make_user("organiser", event)
    guest = make_participant(event, status="pending")
    headers = api_headers(organiser)
    client.patch(f"/api/v1/events/{event.id}/participants/{guest.id}", json={"booth": "A-12"}, headers=headers)
    client.post(f"/api/v1/events/{event.id}/participants/{guest.id}/badge/reissue", headers=headers)

    body = client.get(f"/api/v1/events/{event.id}/audit-log", headers=headers).get_json()
    assert body["total"] == 3  # the organiser's role, given by make_user, came first
    newest = body["items"][0]
    assert set(newest) == {"at", "actor", "actor_participant_id", "action", "target", "changes", "ip"}
    assert newest["action"] == "badge.reissued" and newest["actor"] == organiser.email
    assert newest["target"] == {"type": "participant", "id": guest.id}
    filtered = client.get(f"/api/v1/events/{event.id}/audit-log?action=participant", headers=headers).get_json()
    assert [item["action"] for item in filtered["items"]] == ["participant.updated"]

    for role in ("official", "checkin"):
        other = make_user(role, event)
        assert client.get(f"/api/v1/events/{event.id}/audit-log", headers=api_headers(other)).status_code == 403
    stranger = make_user("organiser", make_event())
    assert client.get(f"/api/v1/events/{event.id}/audit-log", headers=api_headers(stranger)).status_code == 403


def test_the_organisers_page_lists_and_filters(client, db, make_event, make_user, make_participant, api_headers):
    event = make_event()
    organiser = make_user("organiser", event)
    guest = make_participant(event, status="pending")
    client.patch(f"/api/v1/events/{event.id}/participants/{guest.id}", json={"booth": "B-07"}, headers=api_headers(organiser))
    login(client, organiser)

    page = client.get(f"/manage/events/{event.id}/audit-log").get_data(as_text=True)
    assert "Nhật ký thay đổi" in page and "participant.updated" in page and "B-07" in page
    empty = client.get(f"/manage/events/{event.id}/audit-log?action=mou").get_data(as_text=True)
    assert "participant.updated" not in empty
    official = make_user("official", event)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(client, official)
    assert client.get(f"/manage/events/{event.id}/audit-log").status_code == 403


def test_event_settings_accounts_roles_and_tokens_are_recorded(app, db, make_event, make_user):
    event = make_event()
    runner = app.test_cli_runner()
    runner.invoke(
        args=[
            "users",
            "create",
            "cua@staff.example.vn",
            "--password",
            "banh-pia-2020-cong",
            "--role",
            "checkin",
            "--event",
            str(event.id),
        ]
    )
    runner.invoke(args=["users", "token", "cua@staff.example.vn"])
    runner.invoke(args=["users", "remove-role", "cua@staff.example.vn", "--role", "checkin"])
    runner.invoke(args=["users", "disable", "cua@staff.example.vn"])
    organiser = make_user("organiser", event)
    settings = EventInput(
        name="Hội nghị OCOP 2020 (đổi tên)",
        venue=event.venue,
        province=event.province,
        starts_on="2020-11-20",
        ends_on="2020-11-21",
    )
    event_service.update_event(db, organiser, event.id, settings)
    db.commit()

    recorded = actions(db)
    for expected in ("account.created", "role.granted", "token.issued", "role.removed", "account.disabled", "event.updated"):
        assert expected in recorded
    granted = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "role.granted")).first()
    assert granted.event_id == event.id and granted.actor_email == ""  # the command line
    assert all("password" not in entry.changes for entry in db.scalars(sa.select(AuditEntry)))


def test_entries_are_never_changed_or_deleted(db, make_event):
    event = make_event()
    entry = audit.record(db, None, "event.updated", "event", event.id, event_id=event.id, changes={"name": ["a", "b"]})
    db.commit()
    entry.action = "event.created"
    with pytest.raises(RuntimeError, match="never changed"):
        db.flush()
    db.rollback()
    db.delete(db.get(AuditEntry, entry.id))
    with pytest.raises(RuntimeError, match="never changed"):
        db.flush()


def test_secrets_never_reach_the_log(db, make_event):
    event = make_event()
    entry = audit.record(db, None, "x.updated", "x", 1, event_id=event.id, changes={"password": "p", "token": "t", "name": "n"})
    assert entry.changes == {"name": "n"}


def test_a_participants_own_change_names_them_not_an_account(client, db, make_event, make_user, make_participant, api_headers):
    event = make_event()
    organiser = make_user("organiser", event)
    guest = make_participant(event, full_name="Trần Văn Hùng")
    audit.record_by_participant(db, guest, "participant.self_updated", changes={"phone": [None, "0912345678"]})
    db.commit()

    newest = client.get(f"/api/v1/events/{event.id}/audit-log", headers=api_headers(organiser)).get_json()["items"][0]
    assert newest["actor"] == "" and newest["actor_participant_id"] == guest.id
    assert newest["target"] == {"type": "participant", "id": guest.id}
    login(client, organiser)
    page = client.get(f"/manage/events/{event.id}/audit-log").get_data(as_text=True)
    assert "người tham dự, trên trang riêng" in page
