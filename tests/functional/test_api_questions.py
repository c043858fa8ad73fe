"""API v1: an event's own questions, and participants' answers to them."""

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventapp.models import AuditEntry, EventQuestion, Participant, ParticipantAnswer

BUYER = {
    "full_name": "Lê Thị Hạnh",
    "email": "hanh@coopmart.vn",
    "role": "buyer",
    "organisation": {"name": "Saigon Co.op", "kind": "distributor", "province": "Hồ Chí Minh"},
}
EXHIBITOR = {
    "full_name": "Huỳnh Văn Phước",
    "email": "phuoc@gaost25.vn",
    "role": "exhibitor",
    "organisation": {"name": "DNTN Hồ Quang Trí", "kind": "enterprise", "province": "Sóc Trăng"},
    "products": [{"name": "Gạo ST25", "group": "food", "stars": 5}],
}


def count(db, model) -> int:
    return db.scalar(sa.select(sa.func.count()).select_from(model))


def organiser_headers(make_event, make_user, api_headers):
    event = make_event()
    return event, api_headers(make_user("organiser", event))


def add(client, event, headers, **question):
    response = client.post(f"/api/v1/events/{event.id}/questions", headers=headers, json=question)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_questions_of_each_kind_are_added_listed_and_audited(client, db, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    booth = add(
        client,
        event,
        headers,
        label="Diện tích gian hàng",
        label_en="Booth size",
        kind="choice",
        choices=[{"value": "9m2", "label": "9 m²"}, {"value": "18m2", "label": "18 m²", "label_en": "18 sq m"}],
        required=True,
        roles=["exhibitor"],
    )
    assert booth == {
        "id": booth["id"],
        "event_id": event.id,
        "label": "Diện tích gian hàng",
        "label_en": "Booth size",
        "kind": "choice",
        "choices": [
            {"value": "9m2", "label": "9 m²", "label_en": ""},
            {"value": "18m2", "label": "18 m²", "label_en": "18 sq m"},
        ],
        "required": True,
        "roles": ["exhibitor"],
        "position": 0,
        "show_if": None,
    }
    for label, kind in [("Ghi chú", "text"), ("Số người đi cùng", "number"), ("Ngày đến", "date")]:
        add(client, event, headers, label=label, kind=kind)
    bus = add(client, event, headers, label="Đi xe của tỉnh", kind="yesno")
    seats = add(client, event, headers, label="Số ghế", kind="number", show_if={"question": bus["id"], "values": [True]})
    add(client, event, headers, label="Mẫu sản phẩm", kind="multi", choices=[{"value": "a", "label": "A"}])
    listed = client.get(f"/api/v1/events/{event.id}/questions", headers=headers).get_json()
    assert [q["kind"] for q in listed["items"]] == ["choice", "text", "number", "date", "yesno", "number", "multi"]
    assert [q["position"] for q in listed["items"]] == list(range(7))
    assert listed["items"][5]["show_if"] == {"question": bus["id"], "values": [True]}
    assert seats["show_if"]["question"] == bus["id"]
    actions = db.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "question")).all()
    assert actions == ["question.created"] * 7


def test_bad_definitions_answer_422_with_fields_and_write_nothing(client, db, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    text = add(client, event, headers, label="Ghi chú", kind="text")
    url = f"/api/v1/events/{event.id}/questions"
    cases = [
        ({"label": "Gian hàng", "kind": "choice"}, "choices"),
        (
            {"label": "Gian hàng", "kind": "choice", "choices": [{"value": "a", "label": "A"}, {"value": "a", "label": "B"}]},
            "choices",
        ),
        ({"label": "Gian hàng", "kind": "text", "choices": [{"value": "a", "label": "A"}]}, "choices"),
        ({"label": "Gian hàng", "kind": "slider"}, "kind"),
        ({"label": "", "kind": "text"}, "label"),
        ({"label": "ghi chu", "kind": "text"}, "label"),
        ({"label": "Họ và tên", "kind": "text"}, "label"),
        ({"label": "X", "kind": "text", "roles": ["chef"]}, "roles"),
        ({"label": "X", "kind": "text", "required": "yes"}, "required"),
        ({"label": "X", "kind": "text", "show_if": {"question": 999999, "values": [True]}}, "show_if.question"),
        ({"label": "X", "kind": "text", "show_if": {"question": text["id"], "values": ["a"]}}, "show_if.question"),
        ({"label": "X", "kind": "text", "choices": "a,b"}, "choices"),
        ({"label": "X", "kind": "text", "show_if": "yes"}, "show_if"),
    ]
    for body, field in cases:
        response = client.post(url, headers=headers, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in response.get_json()["error"]["fields"], (body, response.get_json())
    bus = add(client, event, headers, label="Xe", kind="yesno")
    wrong_value = client.post(
        url, headers=headers, json={"label": "Y", "kind": "text", "show_if": {"question": bus["id"], "values": ["maybe"]}}
    )
    assert "show_if.values" in wrong_value.get_json()["error"]["fields"]
    assert count(db, EventQuestion) == 2


def test_a_condition_names_an_earlier_question_only(client, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    first = add(client, event, headers, label="Xe", kind="yesno")
    second = add(client, event, headers, label="Ghế", kind="number", show_if={"question": first["id"], "values": ["yes"]})
    assert second["show_if"]["values"] == [True]
    # The first cannot depend on the second, which comes after it.
    response = client.patch(
        f"/api/v1/events/{event.id}/questions/{first['id']}",
        headers=headers,
        json={"show_if": {"question": second["id"], "values": [True]}},
    )
    assert response.status_code == 422 and "show_if.question" in response.get_json()["error"]["fields"]
    # Nor be deleted while the second depends on it.
    assert client.delete(f"/api/v1/events/{event.id}/questions/{first['id']}", headers=headers).status_code == 409


def test_only_organisers_define_questions_and_check_in_staff_read_them(client, make_event, make_user, api_headers):
    event = make_event()
    checkin = api_headers(make_user("checkin", event))
    stranger = api_headers(make_user("organiser", make_event(name="Khác")))
    url = f"/api/v1/events/{event.id}/questions"
    assert client.post(url, headers=checkin, json={"label": "X", "kind": "text"}).status_code == 403
    assert client.get(url, headers=checkin).status_code == 200
    assert client.get(url, headers=stranger).status_code == 403
    assert client.get(url).status_code == 401


def test_answers_are_stored_returned_and_checked_by_kind(client, db, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    note = add(client, event, headers, label="Ghi chú", kind="text")
    people = add(client, event, headers, label="Số người", kind="number")
    bus = add(client, event, headers, label="Xe", kind="yesno")
    day = add(client, event, headers, label="Ngày đến", kind="date")
    size = add(
        client,
        event,
        headers,
        label="Gian",
        kind="choice",
        choices=[{"value": "9", "label": "9 m²"}, {"value": "18", "label": "18 m²"}],
    )
    samples = add(
        client, event, headers, label="Mẫu", kind="multi", choices=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    )
    answers = {
        str(note["id"]): "Cần ổ điện",
        str(people["id"]): 2.5,
        str(bus["id"]): True,
        str(day["id"]): "2020-11-19",
        str(size["id"]): "18",
        str(samples["id"]): ["b", "a", "b"],
    }
    created = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=EXHIBITOR | {"answers": answers})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["answers"] == answers | {str(samples["id"]): ["a", "b"]}
    pid = created.get_json()["id"]
    assert (
        client.get(f"/api/v1/events/{event.id}/participants/{pid}", headers=headers).get_json()["answers"][str(bus["id"])] is True
    )
    listed = client.get(f"/api/v1/events/{event.id}/participants", headers=headers).get_json()
    assert listed["items"][0]["answers"][str(size["id"])] == "18"

    wrong = {
        str(note["id"]): 12,
        str(people["id"]): "nhiều",
        str(bus["id"]): "maybe",
        str(day["id"]): "19/11/2020",
        str(size["id"]): "27",
        str(samples["id"]): "a",
        "999999": "x",
    }
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=BUYER | {"answers": wrong})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {f"answers.{key}" for key in wrong}
    assert count(db, Participant) == 1 and count(db, ParticipantAnswer) == 6
    assert (
        client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=BUYER | {"answers": []}).status_code == 422
    )


def test_a_required_answer_missing_is_refused_and_nothing_written(client, db, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    size = add(
        client,
        event,
        headers,
        label="Gian",
        kind="choice",
        required=True,
        roles=["exhibitor"],
        choices=[{"value": "9", "label": "9 m²"}],
    )
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=EXHIBITOR)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {f"answers.{size['id']}": "Hãy chọn một trong các lựa chọn."}
    assert count(db, Participant) == 0
    # Not asked of buyers, so not required of them; their answer to it is dropped.
    buyer = client.post(
        f"/api/v1/events/{event.id}/participants", headers=headers, json=BUYER | {"answers": {str(size["id"]): "9"}}
    )
    assert buyer.status_code == 201 and buyer.get_json()["answers"] == {}


def test_conditions_decide_what_is_required_and_kept(client, db, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    bus = add(client, event, headers, label="Đi xe của tỉnh", kind="yesno", required=True)
    seats = add(
        client, event, headers, label="Số ghế", kind="number", required=True, show_if={"question": bus["id"], "values": [True]}
    )
    url = f"/api/v1/events/{event.id}/participants"
    refused = client.post(url, headers=headers, json=BUYER | {"answers": {str(bus["id"]): True}})
    assert set(refused.get_json()["error"]["fields"]) == {f"answers.{seats['id']}"}
    no_bus = client.post(url, headers=headers, json=BUYER | {"answers": {str(bus["id"]): False, str(seats["id"]): 3}})
    assert no_bus.status_code == 201 and no_bus.get_json()["answers"] == {str(bus["id"]): False}


def test_patch_changes_the_answers_sent_and_null_clears_one(client, db, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    note = add(client, event, headers, label="Ghi chú", kind="text")
    people = add(client, event, headers, label="Số người", kind="number")
    url = f"/api/v1/events/{event.id}/participants"
    pid = client.post(url, headers=headers, json=BUYER | {"answers": {str(note["id"]): "A", str(people["id"]): 2}}).get_json()[
        "id"
    ]
    patched = client.patch(f"{url}/{pid}", headers=headers, json={"answers": {str(note["id"]): None, str(people["id"]): "3"}})
    assert patched.status_code == 200 and patched.get_json()["answers"] == {str(people["id"]): 3}
    # A question added later and required does not block other changes...
    later = add(client, event, headers, label="Áo cỡ", kind="text", required=True)
    assert client.patch(f"{url}/{pid}", headers=headers, json={"phone": "0912345678"}).status_code == 200
    # ...but a change of the answers must answer it.
    refused = client.patch(f"{url}/{pid}", headers=headers, json={"answers": {str(people["id"]): 4}})
    assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == {f"answers.{later['id']}"}
    assert db.scalar(sa.select(ParticipantAnswer.value).where(ParticipantAnswer.question_id == people["id"])) == 3


def test_an_answered_question_keeps_its_kind_and_used_choices_and_is_not_deleted(client, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    size = add(
        client,
        event,
        headers,
        label="Gian",
        kind="choice",
        choices=[{"value": "9", "label": "9"}, {"value": "18", "label": "18"}],
    )
    url = f"/api/v1/events/{event.id}/questions/{size['id']}"
    client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=BUYER | {"answers": {str(size["id"]): "9"}})
    assert "kind" in client.patch(url, headers=headers, json={"kind": "text", "choices": []}).get_json()["error"]["fields"]
    assert client.patch(url, headers=headers, json={"choices": [{"value": "18", "label": "18"}]}).status_code == 422
    renamed = client.patch(url, headers=headers, json={"choices": [{"value": "9", "label": "9 m²", "label_en": "9 sq m"}]})
    assert renamed.status_code == 200 and renamed.get_json()["choices"][0]["label_en"] == "9 sq m"
    assert client.delete(url, headers=headers).status_code == 409


def test_a_question_without_answers_is_deleted(client, db, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    note = add(client, event, headers, label="Ghi chú", kind="text")
    assert client.delete(f"/api/v1/events/{event.id}/questions/{note['id']}", headers=headers).status_code == 204
    assert count(db, EventQuestion) == 0
    assert db.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "question.deleted"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


def test_any_json_as_answers_is_stored_or_refused_never_a_500(client, make_event, make_user, api_headers):
    event, headers = organiser_headers(make_event, make_user, api_headers)
    ids = [
        add(
            client,
            event,
            headers,
            label=f"Câu {kind}",
            kind=kind,
            choices=[{"value": "a", "label": "A"}] if kind in ("choice", "multi") else None,
        )["id"]
        for kind in ("text", "number", "yesno", "choice", "multi", "date")
    ]
    emails = iter(range(10_000))

    @given(values=st.lists(JSON_VALUES, min_size=6, max_size=6))
    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def register(values):
        answers = {str(question_id): value for question_id, value in zip(ids, values, strict=True)}
        body = BUYER | {"email": f"buyer{next(emails)}@coopmart.vn", "answers": answers}
        response = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=body)
        assert response.status_code in (201, 422), response.get_data(as_text=True)[:300]
        if response.status_code == 422:
            assert all(key.startswith("answers.") for key in response.get_json()["error"]["fields"])

    register()
