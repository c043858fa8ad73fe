"""An event's own questions on the web: organisers set them up on a page of
the event settings; they appear on the public form (every one without
JavaScript, checked by the server), the organiser's edit form and both
participant pages."""

import sqlalchemy as sa

from eventapp.models import AuditEntry, EventQuestion, Participant, ParticipantAnswer
from tests.conftest import csrf_token, login
from tests.functional.test_registration_web import registration_form


def add_questions(client, event) -> None:
    """Through the organiser's page: a choice for exhibitors, a yes/no for
    everyone, and a number shown when the yes/no is answered yes."""
    url = f"/manage/events/{event.id}/questions/"
    token = csrf_token(client, url)
    for form in (
        {
            "label": "Diện tích gian hàng",
            "label_en": "Booth size",
            "kind": "choice",
            "choices": "9 m² | 9 sq m\n18 m² | 18 sq m",
            "required": "y",
            "roles": "exhibitor",
        },
        {"label": "Đi xe của tỉnh", "label_en": "Province bus", "kind": "yesno"},
        {"label": "Số ghế", "kind": "number", "required": "y", "show_if_question": "2", "show_if_values": "có"},
        {"label": "Mẫu sản phẩm", "kind": "multi", "choices": "Trà\nGạo"},
        {"label": "Ngày đến", "kind": "date"},
    ):
        response = client.post(url, data={"csrf_token": token, **form})
        assert response.status_code == 302, response.get_data(as_text=True)


def organiser_with_questions(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    add_questions(client, event)
    return event, {q.label: q.id for q in db.scalars(sa.select(EventQuestion))}


def test_organisers_add_reorder_and_delete_questions_audited(client, db, make_event, make_user):
    event, ids = organiser_with_questions(client, db, make_event, make_user)
    page = client.get(f"/manage/events/{event.id}/questions/").get_data(as_text=True)
    assert "Diện tích gian hàng" in page and "9 m², 18 m²" in page
    seats = db.get(EventQuestion, ids["Số ghế"])
    assert seats.show_if_question_id == ids["Đi xe của tỉnh"] and seats.show_if_values == [True]
    assert db.get(EventQuestion, ids["Diện tích gian hàng"]).choices[1] == {
        "value": "18-m2",
        "label": "18 m²",
        "label_en": "18 sq m",
    }

    token = csrf_token(client, f"/manage/events/{event.id}/questions/")
    # The seats cannot move above the bus question their condition names.
    refused = client.post(
        f"/manage/events/{event.id}/questions/{ids['Số ghế']}/move",
        data={"csrf_token": token, "direction": "up"},
        follow_redirects=True,
    )
    assert "phụ thuộc vào" in refused.get_data(as_text=True)
    client.post(f"/manage/events/{event.id}/questions/{ids['Ngày đến']}/move", data={"csrf_token": token, "direction": "up"})
    order = db.scalars(sa.select(EventQuestion.label).order_by(EventQuestion.position)).all()
    assert order == ["Diện tích gian hàng", "Đi xe của tỉnh", "Số ghế", "Ngày đến", "Mẫu sản phẩm"]
    client.post(f"/manage/events/{event.id}/questions/{ids['Ngày đến']}/delete", data={"csrf_token": token})
    assert db.get(EventQuestion, ids["Ngày đến"]) is None
    actions = db.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "question")).all()
    assert actions == ["question.created"] * 5 + ["question.moved", "question.deleted"]


def test_a_bad_definition_is_shown_on_its_field(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    url = f"/manage/events/{event.id}/questions/"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "label": "Gian hàng", "kind": "choice"})
    assert response.status_code == 422
    assert 'id="choices-error"' in response.get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count(EventQuestion.id))) == 0


def test_the_public_form_shows_every_question_and_the_server_checks_them(client, db, make_event, make_user):
    event, ids = organiser_with_questions(client, db, make_event, make_user)
    client.get("/auth/logout")
    url = f"/events/{event.id}/register"
    page = client.get(url).get_data(as_text=True)
    for label in ids:
        assert label in page
    assert f'data-show-if="{ids["Đi xe của tỉnh"]}"' in page and 'data-roles="exhibitor"' in page
    token = csrf_token(client, url)

    # Bus yes: the seats become required; the exhibitor's booth size is required.
    refused = client.post(url, data=registration_form(token, **{f"answers-{ids['Đi xe của tỉnh']}": "yes"}))
    assert refused.status_code == 200
    text = refused.get_data(as_text=True)
    assert f'id="answers-{ids["Số ghế"]}-error"' in text and f'id="answers-{ids["Diện tích gian hàng"]}-error"' in text
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0

    sent = registration_form(
        token,
        **{
            f"answers-{ids['Đi xe của tỉnh']}": "yes",
            f"answers-{ids['Số ghế']}": "3",
            f"answers-{ids['Diện tích gian hàng']}": "18-m2",
            f"answers-{ids['Ngày đến']}": "2020-11-19",
        },
    )
    sent[f"answers-{ids['Mẫu sản phẩm']}"] = ["tra", "gao"]
    assert client.post(url, data=sent).status_code == 302
    participant = db.scalars(sa.select(Participant)).one()
    stored = {a.question_id: a.value for a in db.scalars(sa.select(ParticipantAnswer))}
    assert stored == {
        ids["Đi xe của tỉnh"]: True,
        ids["Số ghế"]: 3,
        ids["Diện tích gian hàng"]: "18-m2",
        ids["Mẫu sản phẩm"]: ["tra", "gao"],
        ids["Ngày đến"]: "2020-11-19",
    }
    private = client.get(f"/p/{participant.access_key}?lang=en").get_data(as_text=True)
    assert "Booth size" in private and "18 sq m" in private and "Province bus" in private and "Yes" in private


def test_a_hidden_question_is_neither_required_nor_kept(client, db, make_event, make_user):
    event, ids = organiser_with_questions(client, db, make_event, make_user)
    client.get("/auth/logout")
    url = f"/events/{event.id}/register"
    token = csrf_token(client, url)
    sent = registration_form(
        token,
        role="buyer",
        **{
            f"answers-{ids['Đi xe của tỉnh']}": "no",
            f"answers-{ids['Số ghế']}": "4",
            f"answers-{ids['Diện tích gian hàng']}": "9-m2",
        },
    )
    for key in [k for k in sent if k.startswith("products-")]:
        del sent[key]
    assert client.post(url, data=sent).status_code == 302
    assert db.scalars(sa.select(ParticipantAnswer.value)).all() == [False]


def test_organisers_see_and_edit_answers(client, db, make_event, make_user, make_participant):
    event, ids = organiser_with_questions(client, db, make_event, make_user)
    person = make_participant(event, role="delegate")
    db.add(ParticipantAnswer(participant_id=person.id, question_id=ids["Đi xe của tỉnh"], value=False))
    db.commit()
    detail = client.get(f"/manage/events/{event.id}/participants/{person.id}").get_data(as_text=True)
    assert "Đi xe của tỉnh" in detail and "Không" in detail
    edit_url = f"/manage/events/{event.id}/participants/{person.id}/edit"
    page = client.get(edit_url).get_data(as_text=True)
    assert f'checked class="form-check-input" id="answers-{ids["Đi xe của tỉnh"]}-1"' in page  # "no"
    data = {
        "csrf_token": csrf_token(client, edit_url),
        "role": "delegate",
        "full_name": person.full_name,
        "email": person.email,
        "language": "vi",
        "organisation-name": person.organisation.name,
        "organisation-kind": person.organisation.kind,
        "organisation-province": person.organisation.province,
        "status": "approved",
        f"answers-{ids['Đi xe của tỉnh']}": "yes",
        f"answers-{ids['Số ghế']}": "2,5",
    }
    assert client.post(edit_url, data=data).status_code == 302
    stored = {a.question_id: a.value for a in db.scalars(sa.select(ParticipantAnswer))}
    assert stored == {ids["Đi xe của tỉnh"]: True, ids["Số ghế"]: 2.5}
