"""An exhibitor registers on the public form, in Vietnamese, with products."""

import sqlalchemy as sa

from eventapp.models import Organisation, Participant
from tests.conftest import csrf_token


def registration_form(token: str, **overrides) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "role": "exhibitor",
        "full_name": "Trần Thị Ngọc Hân",
        "position": "Giám đốc",
        "email": "ngochan@banhpia.vn",
        "phone": "0912 345 678",
        "language": "vi",
        "organisation-name": "Cơ sở Bánh pía Tân Huê Viên",
        "organisation-kind": "household",
        "organisation-province": "soc-trang",
        "organisation-tax_code": "2200123456",
        "products-0-name": "Bánh pía sầu riêng trứng muối",
        "products-0-group": "food",
        "products-0-stars": "4",
        "products-1-name": "Lạp xưởng Vũng Thơm",
        "products-1-group": "food",
        "products-1-stars": "3",
        "consents-processing": "y",
    }
    data.update(overrides)
    return data


def test_exhibitor_registers_with_two_products_and_gets_a_confirmation(client, db, make_event, outbox):
    event = make_event()
    token = csrf_token(client, f"/events/{event.id}/register")

    response = client.post(f"/events/{event.id}/register", data=registration_form(token))

    assert response.status_code == 302
    participant = db.scalars(sa.select(Participant)).one()
    assert participant.status == "pending"
    assert participant.phone == "0912345678"
    assert [p.name for p in participant.products] == ["Bánh pía sầu riêng trứng muối", "Lạp xưởng Vũng Thơm"]
    assert participant.organisation.province == "soc-trang"
    assert response.headers["Location"].startswith(f"/p/{participant.access_key}")
    [message] = outbox()
    assert message["To"] == "ngochan@banhpia.vn"
    assert "Đã nhận đăng ký" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Kính gửi Ông/Bà Trần Thị Ngọc Hân" in body
    assert f"http://eventapp.test/p/{participant.access_key}" in body


def test_bad_fields_are_explained_per_field_and_nothing_is_written(client, db, make_event, outbox):
    event = make_event()
    token = csrf_token(client, f"/events/{event.id}/register")
    response = client.post(
        f"/events/{event.id}/register",
        data=registration_form(
            token, email="not-an-email", phone="12345", **{"products-0-stars": "6", "organisation-province": "atlantis"}
        ),
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Nhập địa chỉ thư điện tử hợp lệ" in page
    assert "Nhập số điện thoại Việt Nam" in page
    assert "Hạng OCOP là 3, 4 hoặc 5 sao." in page
    assert "Chọn một tỉnh, thành phố của Việt Nam" in page
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0
    assert db.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert outbox() == []


def test_errors_in_english_when_the_visitor_switched(client, make_event):
    event = make_event()
    client.get("/?lang=en")
    token = csrf_token(client, f"/events/{event.id}/register")
    response = client.post(f"/events/{event.id}/register", data=registration_form(token, email="nope"))
    assert "Enter a valid e-mail address" in response.get_data(as_text=True)


def test_closed_registration_says_so(client, make_event):
    event = make_event(registration_open=False)
    response = client.get(f"/events/{event.id}/register")
    assert response.status_code == 403
    assert "Sự kiện này đã đóng đăng ký." in response.get_data(as_text=True)


def test_form_without_csrf_token_is_refused(client, db, make_event):
    event = make_event()
    response = client.post(f"/events/{event.id}/register", data=registration_form("forged"))
    assert response.status_code == 400
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0
