"""Consent per purpose: on the public form (with the notice, none ticked),
through the API, changed on the private page with immediate effect on buyers'
browsing and the public catalogue; the notice's versions."""

import io

import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.domain.consents import ConsentChoices, ConsentMethod
from eventapp.models import AuditEntry, Consent, Organisation, Participant, PrivacyNotice
from eventapp.services import consents
from tests.conftest import csrf_token, login
from tests.functional.test_api_participants import NEW_EXHIBITOR
from tests.functional.test_registration_web import registration_form


def in_force(db, participant_id: int) -> dict[str, bool]:
    return consents.choices_in_force(db, [participant_id]).get(participant_id, {})


def test_the_form_shows_the_notice_and_a_checkbox_per_purpose_none_ticked(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in page
    assert f"/events/{event.id}/privacy?version=1" in page
    for purpose in ("processing", "share_profile", "photos", "news"):
        assert f'name="consents-{purpose}"' in page
    assert "checked" not in page.split('id="consents"')[1].split("</fieldset>")[0]
    english = client.get(f"/events/{event.id}/register?lang=en").get_data(as_text=True)
    assert "NOTICE ON THE PROCESSING OF PERSONAL DATA" in english


def test_without_consent_to_processing_nobody_is_registered(client, db, make_event, outbox):
    event = make_event()
    token = csrf_token(client, f"/events/{event.id}/register")
    form = registration_form(token, email="")
    del form["consents-processing"]
    response = client.post(f"/events/{event.id}/register", data=form | {"consents-share_profile": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cần có sự đồng ý của Ông/Bà về việc xử lý dữ liệu cho sự kiện để đăng ký." in page
    assert 'id="consents-processing-error"' in page and 'id="email-error"' in page
    assert db.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0
    assert db.scalar(sa.select(sa.func.count()).select_from(Consent)) == 0


def test_each_choice_is_stored_with_the_notice_version_time_and_how(client, db, make_event):
    event = make_event()
    token = csrf_token(client, f"/events/{event.id}/register")
    response = client.post(f"/events/{event.id}/register", data=registration_form(token, **{"consents-news": "y"}))
    assert response.status_code == 302
    participant = db.scalars(sa.select(Participant)).one()
    rows = db.scalars(sa.select(Consent).order_by(Consent.purpose)).all()
    assert {(row.purpose, row.granted, row.method, row.notice.version) for row in rows} == {
        ("processing", True, "online", 1),
        ("share_profile", False, "online", 1),
        ("photos", False, "online", 1),
        ("news", True, "online", 1),
    }
    assert all(row.given_at is not None and row.recorded_by_id is None for row in rows)
    # The default text became version 1, which these consents name.
    assert db.scalar(sa.select(PrivacyNotice.text_vi).where(PrivacyNotice.event_id == event.id)).startswith("THÔNG BÁO")
    page = client.get(f"/p/{participant.access_key}").get_data(as_text=True)
    assert "Dữ liệu cá nhân và sự đồng ý của Ông/Bà" in page


def test_the_api_takes_and_returns_consents(client, db, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants"

    refused = client.post(url, headers=headers, json=NEW_EXHIBITOR | {"consents": {"processing": False, "news": True}})
    assert refused.status_code == 422
    assert "consents.processing" in refused.get_json()["error"]["fields"]
    wrong = client.post(url, headers=headers, json=NEW_EXHIBITOR | {"consents": {"processing": True, "photos": "yes"}})
    assert wrong.status_code == 422 and "consents.photos" in wrong.get_json()["error"]["fields"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0

    created = client.post(url, headers=headers, json=NEW_EXHIBITOR | {"consents": {"processing": True, "share_profile": True}})
    assert created.status_code == 201
    body = created.get_json()
    assert body["consents"] == {"processing": True, "share_profile": True, "photos": False, "news": False}
    assert {row.method for row in db.scalars(sa.select(Consent))} == {"api"}

    patched = client.patch(
        f"{url}/{body['id']}", headers=headers, json={"consents": {"processing": True, "share_profile": False}}
    )
    assert patched.status_code == 200
    assert patched.get_json()["consents"]["share_profile"] is False
    assert client.get(url, headers=headers).get_json()["items"][0]["consents"]["share_profile"] is False
    assert db.scalar(sa.select(sa.func.count()).select_from(Consent).where(Consent.purpose == "share_profile")) == 2
    assert db.scalar(sa.select(AuditEntry.changes).where(AuditEntry.action == "consent.recorded")) == {
        "share_profile": False,
        "method": "api",
    }


def test_staff_registrations_without_consents_record_none(client, db, make_event, make_user, api_headers):
    event = make_event()
    created = client.post(
        f"/api/v1/events/{event.id}/participants", headers=api_headers(make_user("organiser", event)), json=NEW_EXHIBITOR
    )
    assert created.status_code == 201 and created.get_json()["consents"] == {}
    assert db.scalar(sa.select(sa.func.count()).select_from(Consent)) == 0


def catalogue_ids(client, event) -> set[int]:
    return {item["id"] for item in client.get(f"/api/v1/events/{event.id}/catalogue").get_json()["items"]}


def test_who_never_chose_is_shown_as_before_and_a_no_hides(db, client, make_event, make_participant):
    """Exhibitors registered before consents existed stay in the catalogue;
    a choice, once made, decides; an online registration changes nobody else."""
    event = make_event()
    earlier = make_participant(event)
    sharing = make_participant(event)
    refusing = make_participant(event)
    assert catalogue_ids(client, event) == {earlier.id, sharing.id, refusing.id}

    consents.record(db, sharing, ConsentChoices(processing=True, share_profile=True), ConsentMethod.PAPER)
    consents.record(db, refusing, ConsentChoices(processing=True, share_profile=False), ConsentMethod.PAPER)
    db.commit()
    assert catalogue_ids(client, event) == {earlier.id, sharing.id}
    # The private page says the profile is shared until the person chooses.
    page = client.get(f"/p/{earlier.access_key}").get_data(as_text=True)
    assert '<input checked class="form-check-input" id="share_profile"' in page
    assert '<input class="form-check-input" id="photos"' in page


def test_withdrawing_share_profile_takes_the_exhibitor_out_at_once_and_giving_it_brings_them_back(
    db, client, make_event, make_participant
):
    event = make_event()
    pia = make_participant(
        event,
        organisation=Organisation(
            name="HTX Bánh pía Vũng Thơm", name_key="htx banh pia", kind="cooperative", province="soc-trang"
        ),
    )
    buyer = make_participant(event, role="buyer")
    for person in (pia, buyer):
        consents.record(db, person, ConsentChoices(processing=True, share_profile=True), ConsentMethod.ONLINE)
    db.commit()
    browse = f"/p/{buyer.access_key}/meetings/browse"
    assert "HTX Bánh pía Vũng Thơm" in client.get(browse).get_data(as_text=True)
    assert client.get(f"/events/{event.id}/exhibitors/{pia.id}").status_code == 200
    assert client.get(f"/p/{buyer.access_key}/meetings/exhibitors/{pia.id}").status_code == 200

    token = csrf_token(client, f"/p/{pia.access_key}")
    response = client.post(f"/p/{pia.access_key}/consents", data={"csrf_token": token, "photos": "y"})
    assert response.status_code == 302
    assert in_force(db, pia.id) == {"processing": True, "share_profile": False, "photos": True, "news": False}
    changed = db.scalar(sa.select(AuditEntry).where(AuditEntry.action == "consent.changed"))
    assert changed.actor_participant_id == pia.id and changed.changes == {"share_profile": False, "photos": True}
    assert "HTX Bánh pía Vũng Thơm" not in client.get(browse).get_data(as_text=True)
    assert "HTX Bánh pía Vũng Thơm" not in client.get(f"/events/{event.id}/exhibitors").get_data(as_text=True)
    assert client.get(f"/events/{event.id}/exhibitors/{pia.id}").status_code == 404
    assert client.get(f"/p/{buyer.access_key}/meetings/exhibitors/{pia.id}").status_code == 404
    assert pia.id not in catalogue_ids(client, event)

    client.post(f"/p/{pia.access_key}/consents", data={"csrf_token": token, "share_profile": "y"})
    assert pia.id in catalogue_ids(client, event)
    # Processing itself is not withdrawn from the private page.
    assert in_force(db, pia.id)["processing"] is True


def test_organisers_edit_the_notice_as_new_versions_and_old_ones_stay_readable(client, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    login(client, organiser)
    page = client.get(f"/manage/events/{event.id}/privacy").get_data(as_text=True)
    assert "THÔNG BÁO XỬ LÝ DỮ LIỆU CÁ NHÂN" in page
    token = csrf_token(client, f"/manage/events/{event.id}/privacy")
    empty = client.post(f"/manage/events/{event.id}/privacy", data={"csrf_token": token, "text_vi": " ", "text_en": "x"})
    assert empty.status_code == 422 and db.scalar(sa.select(sa.func.count()).select_from(PrivacyNotice)) == 0

    saved = client.post(
        f"/manage/events/{event.id}/privacy",
        data={"csrf_token": token, "text_vi": "Thông báo mới của Ban Tổ chức.", "text_en": "The new notice."},
    )
    assert saved.status_code == 302
    assert db.scalars(sa.select(PrivacyNotice.version).order_by(PrivacyNotice.version)).all() == [1, 2]
    assert db.scalar(sa.select(AuditEntry.changes).where(AuditEntry.action == "privacy_notice.updated")) == {"version": [1, 2]}
    assert "Thông báo mới của Ban Tổ chức." in client.get(f"/events/{event.id}/privacy").get_data(as_text=True)
    assert "The new notice." in client.get(f"/events/{event.id}/privacy?lang=en").get_data(as_text=True)
    assert "THÔNG BÁO XỬ LÝ" in client.get(f"/events/{event.id}/privacy?version=1&lang=vi").get_data(as_text=True)
    assert client.get(f"/events/{event.id}/privacy?version=9").status_code == 404
    assert "phiên bản 2" in client.get(f"/events/{event.id}/register?lang=vi").get_data(as_text=True)

    # Saving the same text again is no new version.
    client.post(
        f"/manage/events/{event.id}/privacy",
        data={"csrf_token": token, "text_vi": "Thông báo mới của Ban Tổ chức.", "text_en": "The new notice."},
    )
    assert db.scalar(sa.select(sa.func.max(PrivacyNotice.version))) == 2


def test_only_organisers_edit_the_notice(client, make_event, make_user):
    event = make_event()
    login(client, make_user("checkin", event))
    assert client.get(f"/manage/events/{event.id}/privacy").status_code == 403


def test_organisers_type_in_paper_consents_and_see_the_history(client, db, make_event, make_user, make_participant):
    event = make_event()
    participant = make_participant(event)
    organiser = make_user("organiser", event)
    login(client, organiser)
    detail = f"/manage/events/{event.id}/participants/{participant.id}"
    assert "Chưa ghi nhận sự đồng ý nào" in client.get(detail).get_data(as_text=True)
    token = csrf_token(client, detail)
    response = client.post(f"{detail}/consents", data={"csrf_token": token, "processing": "y", "share_profile": "y"})
    assert response.status_code == 302
    rows = db.scalars(sa.select(Consent)).all()
    assert {row.method for row in rows} == {"paper"} and {row.recorded_by_id for row in rows} == {organiser.id}
    assert in_force(db, participant.id)["share_profile"] is True
    page = client.get(detail).get_data(as_text=True)
    assert "Trên phiếu giấy" in page and organiser.email in page


def test_my_data_lists_every_consent_with_its_notice_version(client, db, make_event):
    event = make_event()
    token = csrf_token(client, f"/events/{event.id}/register")
    client.post(f"/events/{event.id}/register", data=registration_form(token, **{"consents-photos": "y"}))
    participant = db.scalars(sa.select(Participant)).one()
    client.post(f"/p/{participant.access_key}/consents", data={"csrf_token": token, "share_profile": "y"})

    data = client.get(f"/p/{participant.access_key}/my-data.json").get_json()
    assert [(c["purpose"], c["granted"], c["notice_version"], c["method"]) for c in data["consents"]][-3:] == [
        ("news", False, 1, "online"),
        ("share_profile", True, 1, "online"),
        ("photos", False, 1, "online"),
    ]
    assert "consent.changed" in {entry["action"] for entry in data["history"]}
    pdf = client.get(f"/p/{participant.access_key}/my-data.pdf?lang=vi")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Các sự đồng ý của Ông/Bà" in " ".join(text.split())
