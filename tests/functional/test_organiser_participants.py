"""The organiser finds registrations, approves them, edits them."""

import sqlalchemy as sa

from eventapp.models import Participant
from tests.conftest import csrf_token, login


def test_list_filters_search_sort_and_pages(app, client, make_event, make_user, make_participant):
    event = make_event()
    login(client, make_user("organiser", event))
    make_participant(event, full_name="Nguyễn Thị Hồng", status="pending", products=[("Trà atiso", "herbal", 4)])
    make_participant(event, full_name="Đỗ Văn Đạt", products=[("Kẹo dừa", "food", 3)], province="ben-tre")
    for number in range(30):
        make_participant(event, role="delegate", full_name=f"Đại biểu {number:02d}", products=[])
    url = f"/manage/events/{event.id}/participants"

    page = client.get(url + "?q=nguyen thi hong").get_data(as_text=True)
    assert "Nguyễn Thị Hồng" in page and "Đỗ Văn Đạt" not in page
    assert "Đỗ Văn Đạt" in client.get(url + "?province=ben-tre").get_data(as_text=True)
    assert "Nguyễn Thị Hồng" in client.get(url + "?product_group=herbal&stars=4").get_data(as_text=True)
    assert "Nguyễn Thị Hồng" not in client.get(url + "?status=approved").get_data(as_text=True)

    first = client.get(url + "?role=delegate&sort=name").get_data(as_text=True)
    assert "30 người tham dự" in first and "Đại biểu 00" in first and "Đại biểu 29" not in first
    last = client.get(url + "?role=delegate&sort=-name").get_data(as_text=True)
    assert "Đại biểu 29" in last
    second_page = client.get(url + "?role=delegate&sort=name&page=2").get_data(as_text=True)
    assert "Đại biểu 25" in second_page and "Đại biểu 00" not in second_page


def test_a_bad_filter_is_explained_not_ignored(client, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    response = client.get(f"/manage/events/{event.id}/participants?stars=7&page=x")
    assert response.status_code == 200
    assert "Hạng OCOP là 3, 4 hoặc 5 sao." in response.get_data(as_text=True)


def test_approving_several_at_once_emails_each(client, db, make_event, make_user, make_participant, outbox):
    event = make_event()
    login(client, make_user("organiser", event))
    people = [make_participant(event, status="pending", language=language) for language in ("vi", "en", "vi")]
    response = client.post(
        f"/manage/events/{event.id}/participants/decide",
        data={"csrf_token": csrf_token(client), "decision": "approved", "participant_ids": [people[0].id, people[1].id]},
    )
    assert response.status_code == 302
    db.expire_all()
    assert [db.get(Participant, p.id).status for p in people] == ["approved", "approved", "pending"]
    subjects = sorted(message["Subject"] for message in outbox())
    assert len(subjects) == 2
    assert any(subject.startswith("Registration approved") for subject in subjects)
    assert any(subject.startswith("Đăng ký đã được duyệt") for subject in subjects)


def test_rejecting_someone_of_another_event_changes_nothing(client, db, make_event, make_user, make_participant):
    event, other = make_event(), make_event(name="Khác")
    login(client, make_user("organiser", event))
    mine, theirs = make_participant(event, status="pending"), make_participant(other, status="pending")
    client.post(
        f"/manage/events/{event.id}/participants/decide",
        data={"csrf_token": csrf_token(client), "decision": "rejected", "participant_ids": [mine.id, theirs.id]},
    )
    db.expire_all()
    assert db.get(Participant, mine.id).status == "pending"
    assert db.get(Participant, theirs.id).status == "pending"


def test_edit_keeps_products_and_reports_errors_in_place(client, db, make_event, make_user, make_participant):
    event = make_event()
    login(client, make_user("organiser", event))
    participant = make_participant(event, products=[("Bánh pía", "food", 4), ("Mè láo", "food", 3)])
    url = f"/manage/events/{event.id}/participants/{participant.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Mè láo"' in form
    data = {
        "csrf_token": csrf_token(client, url),
        "role": "exhibitor",
        "full_name": "Tên Mới",
        "position": "",
        "email": participant.email,
        "phone": "",
        "language": "vi",
        "status": "approved",
        "booth": "A12",
        "organisation-name": participant.organisation.name,
        "organisation-kind": "enterprise",
        "organisation-province": "soc-trang",
        "organisation-tax_code": "",
        "products-0-name": "Bánh pía",
        "products-0-group": "food",
        "products-0-stars": "5",
        "products-1-name": "Mè láo",
        "products-1-group": "food",
        "products-1-stars": "3",
    }
    bad = client.post(url, data=data | {"email": "sai"})
    assert bad.status_code == 200 and "Nhập địa chỉ thư điện tử hợp lệ" in bad.get_data(as_text=True)
    assert client.post(url, data=data).status_code == 302
    db.expire_all()
    stored = db.get(Participant, participant.id)
    assert stored.full_name == "Tên Mới" and stored.booth == "A12"
    assert [(p.name, p.stars) for p in stored.products] == [("Bánh pía", 5), ("Mè láo", 3)]


def test_closing_registration_from_the_event_settings(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    url = f"/manage/events/{event.id}/edit"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "name": event.name,
            "venue": event.venue,
            "province": "soc-trang",
            "starts_on": "2020-11-20",
            "ends_on": "2020-11-21",
            "timezone": "Asia/Ho_Chi_Minh",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert client.get(f"/events/{event.id}/register").status_code == 403
    refused = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "name": "",
            "starts_on": "2020-11-22",
            "ends_on": "2020-11-20",
            "timezone": "Asia/Ho_Chi_Minh",
        },
    )
    assert "Ngày kết thúc không thể trước ngày bắt đầu." in refused.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0
