"""A participant manages their own registration through their private link:
changes (held for the organisers after approval when they touch the name,
organisation or role), cancellation, their data as JSON and PDF, and their
link sent again from the event's page."""

import io
import re
import unicodedata

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.models import AuditEntry, MeetingRequest, Mou, MouParty, OutgoingEmail, Participant, RegistrationChange
from eventapp.services import badges, publishing
from tests.conftest import csrf_token, login
from tests.functional.test_registration_web import registration_form
from tests.meeting_helpers import ask, build_scenario, scheduled_meetings

CSRF_TOKEN = re.compile(r'(?<=csrf-token" content=")[^"]+|(?<=name="csrf_token" value=")[^"]+')


def registered(client, db, event, **overrides) -> Participant:
    """A registration made on the public form, as people make them."""
    token = csrf_token(client, f"/events/{event.id}/register")
    response = client.post(f"/events/{event.id}/register", data=registration_form(token, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    db.expire_all()
    return db.scalars(sa.select(Participant).order_by(Participant.id.desc())).first()


def edit(client, participant: Participant, **overrides):
    url = f"/p/{participant.access_key}/edit"
    return client.post(url, data=registration_form(csrf_token(client, url), **overrides))


def approve(db, participant: Participant) -> None:
    participant.status = "approved"
    db.commit()


def test_before_approval_an_edit_applies_at_once_and_names_the_participant_in_the_log(client, db, make_event):
    event = make_event()
    guest = registered(client, db, event)
    form = client.get(f"/p/{guest.access_key}/edit").get_data(as_text=True)
    assert "Trần Thị Ngọc Hân" in form and "Bánh pía sầu riêng trứng muối" in form

    response = edit(client, guest, full_name="Trần Thị Ngọc Hân (Hana)", phone="0987 654 321", **{"products-1-name": ""})

    assert response.status_code == 302 and response.location.endswith(f"/p/{guest.access_key}")
    db.expire_all()
    assert (guest.full_name, guest.phone, guest.status) == ("Trần Thị Ngọc Hân (Hana)", "0987654321", "pending")
    assert [product.name for product in guest.products] == ["Bánh pía sầu riêng trứng muối"]
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "participant.self_updated")).one()
    assert entry.actor_participant_id == guest.id and entry.actor_id is None and entry.actor_email == ""
    assert entry.changes["full_name"] == ["Trần Thị Ngọc Hân", "Trần Thị Ngọc Hân (Hana)"]
    assert db.scalar(sa.select(sa.func.count(RegistrationChange.id))) == 0


def test_after_approval_name_and_organisation_wait_for_the_organisers_who_see_old_and_new(
    client, db, make_event, make_user, outbox
):
    event = make_event()
    organiser = make_user("organiser", event)
    guest = registered(client, db, event)
    approve(db, guest)

    response = edit(
        client,
        guest,
        full_name="Trần Ngọc Hân",
        phone="0987 654 321",
        position="Chủ cơ sở",
        **{"organisation-name": "HTX Bánh pía Vũng Thơm", "organisation-tax_code": ""},
    )

    assert response.status_code == 302
    db.expire_all()
    # The other fields apply at once; the approved name and organisation stay.
    assert (guest.phone, guest.position, guest.status) == ("0987654321", "Chủ cơ sở", "approved")
    assert (guest.full_name, guest.organisation.name) == ("Trần Thị Ngọc Hân", "Cơ sở Bánh pía Tân Huê Viên")
    change = db.scalars(sa.select(RegistrationChange)).one()
    assert change.changes["full_name"] == ["Trần Thị Ngọc Hân", "Trần Ngọc Hân"]
    assert change.changes["organisation.name"] == ["Cơ sở Bánh pía Tân Huê Viên", "HTX Bánh pía Vũng Thơm"]
    own_page = client.get(f"/p/{guest.access_key}").get_data(as_text=True)
    assert "Trần Ngọc Hân" in own_page and "ban tổ chức" in own_page.lower()
    # The form shows what they asked for: saving it again keeps asking.
    assert 'value="HTX Bánh pía Vũng Thơm"' in client.get(f"/p/{guest.access_key}/edit").get_data(as_text=True)

    login(client, organiser)
    listing = client.get(f"/manage/events/{event.id}/participants").get_data(as_text=True)
    assert "1 thay đổi cần xác nhận" in listing and "HTX Bánh pía Vũng Thơm" in listing
    detail = client.get(f"/manage/events/{event.id}/participants/{guest.id}").get_data(as_text=True)
    assert "Cơ sở Bánh pía Tân Huê Viên" in detail and "HTX Bánh pía Vũng Thơm" in detail and "Chấp nhận thay đổi" in detail
    assert f"/registration-changes/{change.id}/accept" in detail and f"/registration-changes/{change.id}/decline" in detail

    token = csrf_token(client, f"/manage/events/{event.id}/participants/{guest.id}")
    accepted = client.post(
        f"/manage/events/{event.id}/registration-changes/{change.id}/accept",
        data={"csrf_token": token, "next": f"/manage/events/{event.id}/participants/{guest.id}"},
    )
    assert accepted.status_code == 302
    db.expire_all()
    assert (guest.full_name, guest.organisation.name, guest.status) == ("Trần Ngọc Hân", "HTX Bánh pía Vũng Thơm", "approved")
    assert change.status == "accepted" and change.decided_by_id == organiser.id
    actions = db.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-4:] == [
        "participant.self_updated",
        "participant.change_requested",
        "participant.updated",
        "registration_change.accepted",
    ]
    assert any("chấp nhận" in message["Subject"] for message in outbox())
    assert "thay đổi cần xác nhận" not in client.get(f"/manage/events/{event.id}/participants").get_data(as_text=True)


def test_a_declined_change_leaves_the_approved_details_and_a_newer_edit_replaces_an_open_one(
    client, db, make_event, make_user, outbox
):
    event = make_event()
    organiser = make_user("organiser", event)
    guest = registered(client, db, event)
    approve(db, guest)
    edit(client, guest, full_name="Người Khác")
    edit(client, guest, full_name="Người Khác Nữa")
    change = db.scalars(sa.select(RegistrationChange)).one()
    assert change.changes == {"full_name": ["Trần Thị Ngọc Hân", "Người Khác Nữa"]}

    login(client, organiser)
    token = csrf_token(client, f"/manage/events/{event.id}/participants")
    client.post(f"/manage/events/{event.id}/registration-changes/{change.id}/decline", data={"csrf_token": token})
    db.expire_all()
    assert guest.full_name == "Trần Thị Ngọc Hân" and change.status == "declined"
    assert any("không được chấp nhận" in message["Subject"] for message in outbox())
    again = client.post(f"/manage/events/{event.id}/registration-changes/{change.id}/accept", data={"csrf_token": token})
    assert again.status_code == 302 and guest.full_name == "Trần Thị Ngọc Hân"

    # Back to the approved details: the open change is withdrawn.
    edit(client, guest, full_name="Người Khác")
    edit(client, guest)
    db.expire_all()
    assert db.scalars(sa.select(RegistrationChange.status).order_by(RegistrationChange.id)).all() == ["declined", "withdrawn"]


def test_a_new_role_waits_with_its_products(client, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    guest = registered(
        client, db, event, role="buyer", **{"products-0-name": "", "products-1-name": "", "organisation-kind": "distributor"}
    )
    approve(db, guest)

    assert edit(client, guest, role="exhibitor", **{"organisation-kind": "distributor"}).status_code == 302
    db.expire_all()
    assert (guest.role, guest.products) == ("buyer", [])
    change = db.scalars(sa.select(RegistrationChange)).one()
    assert change.changes == {"role": ["buyer", "exhibitor"]} and len(change.wanted["products"]) == 2

    login(client, organiser)
    token = csrf_token(client, f"/manage/events/{event.id}/participants")
    client.post(f"/manage/events/{event.id}/registration-changes/{change.id}/accept", data={"csrf_token": token})
    db.expire_all()
    assert guest.role == "exhibitor" and [p.name for p in guest.products] == [
        "Bánh pía sầu riêng trứng muối",
        "Lạp xưởng Vũng Thơm",
    ]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"full_name": ""}, "full_name"),
        ({"email": "không phải địa chỉ"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"role": "speaker"}, "role"),
        ({"organisation-province": "atlantis"}, "organisation-province"),
        ({"products-0-stars": "7"}, "products-0-stars"),
        ({"products-0-name": "", "products-1-name": ""}, None),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client, db, make_event, overrides, field):
    event = make_event()
    guest = registered(client, db, event)
    before = (guest.full_name, guest.email, guest.phone, guest.role, len(guest.products))

    response = edit(client, guest, **overrides)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page
    if field:
        assert f'id="{field}-error"' in page
    db.expire_all()
    assert (guest.full_name, guest.email, guest.phone, guest.role, len(guest.products)) == before


def test_an_address_taken_hostile_fields_and_a_stale_form_are_refused_without_a_500(client, db, make_event):
    event = make_event()
    guest = registered(client, db, event)
    other = registered(client, db, event, email="khac@banhpia.vn", **{"organisation-tax_code": ""})
    taken = edit(client, guest, email=other.email)
    assert taken.status_code == 422 and "đã được đăng ký" in taken.get_data(as_text=True)
    url = f"/p/{guest.access_key}/edit"
    hostile = registration_form(
        csrf_token(client, url), **{"products-99999-name": "x" * 5000, "language": "fr", "role": ["a", "b"]}
    )
    assert client.post(url, data=hostile).status_code in (302, 422)
    assert client.post(url, data={"full_name": "no token"}).status_code == 400
    assert client.get("/p/not-a-key/edit").status_code == 404
    assert client.get("/p/not-a-key/my-data.json").status_code == 404


def test_cancel_asks_for_confirmation_then_frees_meetings_stops_the_badge_and_confirms_by_email(
    client, db, make_event, make_user, make_participant, api_headers, outbox
):
    scenario = build_scenario(db, make_event, make_user, make_participant)
    event = scenario.event
    leaver, buyer = scenario.exhibitors[0], scenario.buyers[0]
    meetings = scheduled_meetings(db, scenario)
    assert any(leaver.id in meeting.participant_ids for meeting in meetings)
    pending = ask(db, leaver, scenario.buyers[1])
    publishing.publish(db, scenario.organiser, event.id)
    db.commit()
    url = f"/p/{leaver.access_key}/cancel"

    unconfirmed = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert unconfirmed.status_code == 422 and "Đánh dấu vào ô để xác nhận" in unconfirmed.get_data(as_text=True)
    assert client.post(url, data={"csrf_token": csrf_token(client, url), "confirm": "y"}).status_code == 302

    db.expire_all()
    assert leaver.status == "cancelled"
    assert db.get(MeetingRequest, pending.id).status == "withdrawn"
    assert not any(leaver.id in meeting.participant_ids for meeting in scheduled_meetings_of(db, event.id))
    door = client.post(
        f"/api/v1/events/{event.id}/checkins",
        headers=api_headers(make_user("checkin", event)),
        json={"code": badges.badge_code(leaver)},
    )
    assert door.status_code == 422 and door.get_json()["result"] == "invalid"
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "participant.cancelled")).one()
    assert entry.actor_participant_id == leaver.id and entry.changes == {"status": ["approved", "cancelled"]}
    delivered = outbox()
    assert [m["To"] for m in delivered if "Đã hủy đăng ký" in m["Subject"]] == [leaver.email]
    assert buyer.email in [m["To"] for m in delivered if "đã thay đổi" in m["Subject"]]
    page = client.get(f"/p/{leaver.access_key}").get_data(as_text=True)
    assert "Đăng ký này đã được hủy" in page and "Hủy đăng ký của tôi" not in page
    assert client.get(url).status_code == 302 and client.get(f"/p/{leaver.access_key}/edit").status_code == 302


def scheduled_meetings_of(db, event_id: int):
    from eventapp.models import Meeting

    return db.scalars(sa.select(Meeting).where(Meeting.event_id == event_id)).all()


def test_my_data_as_json_holds_every_record_about_them(client, db, make_event, make_user, make_participant, api_headers, outbox):
    scenario = build_scenario(db, make_event, make_user, make_participant)
    event, person, buyer = scenario.event, scenario.exhibitors[0], scenario.buyers[0]
    scheduled_meetings(db, scenario)
    ask(db, person, scenario.buyers[1], message="Xin gặp để giới thiệu bánh pía")
    client.post(
        f"/api/v1/events/{event.id}/checkins",
        headers=api_headers(make_user("checkin", event)),
        json={"code": badges.badge_code(person), "gate": "Cổng chính"},
    )
    from eventapp.models import MouCategory

    category = MouCategory(event_id=event.id, code="b2b", label_vi="Doanh nghiệp", label_en="B2B", position=1)
    db.add(category)
    db.flush()
    mou = Mou(event_id=event.id, category_id=category.id, title="Biên bản ghi nhớ tiêu thụ bánh pía", signed_on=event.starts_on)
    mou.parties = [
        MouParty(organisation_id=person.organisation_id, position=0),
        MouParty(organisation_id=buyer.organisation_id, position=1),
    ]
    db.add(mou)
    publishing.publish(db, scenario.organiser, event.id)
    db.commit()
    outbox()

    response = client.get(f"/p/{person.access_key}/my-data.json")

    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    data = response.get_json()
    assert set(data) >= {
        "registration",
        "products",
        "matchmaking_profile",
        "meetings",
        "meeting_requests",
        "check_ins",
        "emails",
        "mous",
        "registration_changes",
        "history",
    }
    registration = data["registration"]
    assert registration["full_name"] == person.full_name and registration["email"] == person.email
    assert registration["organisation"]["name"] == person.organisation.name
    assert registration["private_link"].endswith(f"/p/{person.access_key}")
    assert [p["name"] for p in data["products"]] == ["Bánh pía sầu riêng 1", "Mè láng 1"]
    assert data["meetings"][0]["with"]["full_name"] == buyer.full_name
    sent = [r for r in data["meeting_requests"] if r["message"] == "Xin gặp để giới thiệu bánh pía"]
    assert sent[0]["direction"] == "sent" and sent[0]["status"] == "pending"
    assert [(s["result"], s["gate"]) for s in data["check_ins"]] == [("checked_in", "Cổng chính")]
    stored = db.scalars(sa.select(OutgoingEmail.subject).where(OutgoingEmail.participant_id == person.id)).all()
    assert [e["subject"] for e in data["emails"]] == stored and stored
    assert [m["title"] for m in data["mous"]] == ["Biên bản ghi nhớ tiêu thụ bánh pía"]
    assert buyer.organisation.name in data["mous"][0]["parties"]
    # Another participant's data never appears.
    assert scenario.exhibitors[1].email not in response.get_data(as_text=True)


def test_my_data_as_pdf_reads_back_in_vietnamese_and_in_english(client, db, make_event):
    event = make_event()
    guest = registered(client, db, event)

    response = client.get(f"/p/{guest.access_key}/my-data.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    for expected in (
        "Dữ liệu của tôi",
        "Trần Thị Ngọc Hân",
        "Cơ sở Bánh pía Tân Huê Viên",
        "Bánh pía sầu riêng trứng muối",
        "Sóc Trăng",
        "Hộ kinh doanh",
        "Thư điện tử đã gửi",
        "Xử lý dữ liệu của Ông/Bà cho sự kiện",
    ):
        assert expected in text, expected
    consents = client.get(f"/p/{guest.access_key}/my-data.json").get_json()["consents"]
    assert {(c["purpose"], c["granted"], c["method"]) for c in consents} >= {("processing", True, "online")}
    assert all(c["notice_version"] >= 1 and c["given_at"] for c in consents)
    client.get("/?lang=en")
    english = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(client.get(f"/p/{guest.access_key}/my-data.pdf").data)).pages
    )
    assert "My data" in english and "Household business" in english


def link_request(client, event, email: str, **environ):
    token = csrf_token(client, f"/events/{event.id}")
    return client.post(f"/events/{event.id}/link", data={"csrf_token": token, "email": email}, environ_base=environ)


def test_the_link_is_sent_again_with_the_same_answer_whether_or_not_the_address_is_registered(client, db, make_event, outbox):
    event = make_event()
    guest = registered(client, db, event)
    assert "Lấy lại đường dẫn" in client.get(f"/events/{event.id}").get_data(as_text=True)
    queued_before = db.scalar(sa.select(sa.func.count(OutgoingEmail.id)))

    answers = []
    for address in (" NgocHan@BanhPia.vn ", "ai-do@example.vn"):
        response = link_request(client, event, address)
        assert response.status_code == 302 and response.location.endswith(f"/events/{event.id}#link-request")
        # The CSRF token is signed with the time: it alone may differ.
        answers.append(CSRF_TOKEN.sub("", client.get(response.location).get_data(as_text=True)))

    assert answers[0] == answers[1]  # the very same page
    assert "Nếu địa chỉ này đã đăng ký tham dự sự kiện" in answers[0]
    # Each request queued one message in the same way.
    assert db.scalar(sa.select(sa.func.count(OutgoingEmail.id))) == queued_before + 2
    delivered = {message["To"]: message for message in outbox()}
    assert guest.access_key in delivered[guest.email].get_body(("plain",)).get_content()
    stranger = delivered["ai-do@example.vn"].get_body(("plain",)).get_content()
    assert "/p/" not in stranger and f"/events/{event.id}" in stranger


@pytest.mark.parametrize("email", ["", "không phải địa chỉ", "a@" + "b" * 300 + ".vn"])
def test_a_bad_address_is_explained_and_sends_nothing(client, db, make_event, email):
    event = make_event()
    response = link_request(client, event, email)
    assert response.status_code == 302
    assert "alert-danger" in client.get(response.location).get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count(OutgoingEmail.id))) == 0


def test_link_requests_are_limited_per_address_and_per_ip(app, client, db, make_event):
    event = make_event()
    for number in range(3):
        assert link_request(client, event, "nguoi@example.vn", REMOTE_ADDR=f"198.51.100.{number}").status_code == 302
    # A fourth request for one address, from yet another address, is refused.
    assert link_request(client, event, "nguoi@example.vn", REMOTE_ADDR="198.51.100.9").status_code == 429
    for number in range(20):
        assert link_request(client, event, f"khach{number}@example.vn", REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = link_request(client, event, "khach-cuoi@example.vn", REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and "quá nhiều" in refused.get_data(as_text=True)


def test_answers_to_the_events_questions_are_edited_on_the_private_page_and_are_in_my_data(
    client, db, make_event, make_user, api_headers
):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    question = client.post(
        f"/api/v1/events/{event.id}/questions",
        headers=headers,
        json={"label": "Diện tích gian hàng (m²)", "label_en": "Booth size (m²)", "kind": "number"},
    ).get_json()
    guest = registered(client, db, event)
    answered = client.patch(
        f"/api/v1/events/{event.id}/participants/{guest.id}", headers=headers, json={"answers": {str(question["id"]): 12}}
    )
    assert answered.status_code == 200

    form = client.get(f"/p/{guest.access_key}/edit").get_data(as_text=True)
    assert "Diện tích gian hàng (m²)" in form and f'name="answers-{question["id"]}"' in form and 'value="12"' in form

    assert edit(client, guest, phone="0987 654 321", **{f"answers-{question['id']}": "15"}).status_code == 302
    refused = edit(client, guest, **{f"answers-{question['id']}": "mười lăm"})
    assert refused.status_code == 422 and f'id="answers-{question["id"]}-error"' in refused.get_data(as_text=True)

    data = client.get(f"/p/{guest.access_key}/my-data.json").get_json()
    assert data["registration"]["phone"] == "0987654321"
    assert data["answers"] == [
        {"question_id": question["id"], "question": "Diện tích gian hàng (m²)", "question_en": "Booth size (m²)", "answer": 15}
    ]
    pdf = client.get(f"/p/{guest.access_key}/my-data.pdf").data
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "Diện tích gian hàng" in text


def test_only_the_events_organisers_answer_a_change(client, db, make_event, make_user):
    event = make_event()
    guest = registered(client, db, event)
    approve(db, guest)
    edit(client, guest, full_name="Người Khác")
    change = db.scalars(sa.select(RegistrationChange)).one()
    url = f"/manage/events/{event.id}/registration-changes/{change.id}/accept"

    anonymous = client.post(url, data={"csrf_token": csrf_token(client)})
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.location
    login(client, make_user("checkin", event))
    assert client.post(url, data={"csrf_token": csrf_token(client)}).status_code == 403
    elsewhere = make_user("organiser", make_event())
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(client, elsewhere)
    assert client.post(url, data={"csrf_token": csrf_token(client)}).status_code == 403
    assert (
        client.post(
            f"/manage/events/{event.id}/registration-changes/999999/accept", data={"csrf_token": csrf_token(client)}
        ).status_code
        == 403
    )
    db.expire_all()
    assert change.status == "pending" and guest.full_name == "Trần Thị Ngọc Hân"
