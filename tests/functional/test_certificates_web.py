"""OCOP certificates in the web: the registration form, the participant's own
edit and the organiser's edit take the decision (number, date, issuing body:
all or nothing, as the API), and the pages show it with its expiry, an
expired one marked, never hidden."""

import re
from datetime import date

import sqlalchemy as sa

from eventapp.models import Participant, Product
from tests.conftest import csrf_token, login
from tests.functional.test_registration_web import registration_form

CERTIFICATE = {
    "products-0-certificate-number": "1234/QĐ-UBND",
    "products-0-certificate-issued_on": "2019-03-12",
    "products-0-certificate-issued_by": "UBND tỉnh Sóc Trăng",
}


def _register(client, event, **fields):
    token = csrf_token(client, f"/events/{event.id}/register")
    return client.post(f"/events/{event.id}/register", data=registration_form(token, **fields))


def test_the_registration_form_takes_a_certificate_and_the_private_page_shows_its_expiry(client, db, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert 'name="products-0-certificate-number"' in page and 'type="date"' in page

    response = _register(client, event, **CERTIFICATE)

    assert response.status_code == 302
    product = db.scalars(sa.select(Product).order_by(Product.id)).first()
    assert (product.certificate_number, product.certificate_issued_on, product.certificate_issued_by) == (
        "1234/QĐ-UBND",
        date(2019, 3, 12),
        "UBND tỉnh Sóc Trăng",
    )
    second = db.scalars(sa.select(Product).order_by(Product.id)).all()[1]
    assert second.certificate_number is None  # no certificate typed on that row: none
    private = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Giấy chứng nhận OCOP: quyết định số 1234/QĐ-UBND ngày 12/03/2019 của UBND tỉnh Sóc Trăng" in private
    assert "hiệu lực đến 12/03/2022" in private and "hết hạn" not in private


def test_a_certificate_without_its_date_or_issuer_is_refused_on_its_fields(client, db, make_event):
    event = make_event()

    response = _register(client, event, **{"products-0-certificate-number": "1234/QĐ-UBND"})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="products-0-certificate-issued_on"' in page
    for field, invalid in (("number", "false"), ("issued_on", "true"), ("issued_by", "true")):
        tag = re.search(rf'<input[^>]*id="products-0-certificate-{field}"[^>]*>', page).group(0)
        assert f'aria-invalid="{invalid}"' in tag
    assert "Nhập ngày của quyết định theo dạng YYYY-MM-DD." in page
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0

    wrong_day = _register(client, event, **(CERTIFICATE | {"products-0-certificate-issued_on": "12/03/2019"}))
    assert wrong_day.status_code == 200 and "Nhập ngày của quyết định theo dạng YYYY-MM-DD." in wrong_day.get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0


def test_the_organiser_edits_a_certificate_and_the_catalogue_marks_an_expired_one(
    client, db, make_event, make_user, make_participant
):
    event = make_event()
    login(client, make_user("organiser", event))
    participant = make_participant(event, products=[("Bánh pía", "food", 4)])
    url = f"/manage/events/{event.id}/participants/{participant.id}/edit"
    data = {
        "csrf_token": csrf_token(client, url),
        "role": "exhibitor",
        "full_name": participant.full_name,
        "email": participant.email,
        "language": "vi",
        "status": "approved",
        "organisation-name": participant.organisation.name,
        "organisation-kind": "enterprise",
        "organisation-province": "soc-trang",
        "products-0-name": "Bánh pía",
        "products-0-group": "food",
        "products-0-stars": "4",
        # Issued in 2017: by the event of November 2020 its 36 months are over.
        "products-0-certificate-number": "88/QĐ-UBND",
        "products-0-certificate-issued_on": "2017-05-31",
        "products-0-certificate-issued_by": "UBND tỉnh Sóc Trăng",
    }
    half = client.post(url, data=data | {"products-0-certificate-issued_by": ""})
    assert half.status_code == 200 and 'id="products-0-certificate-issued_by"' in half.get_data(as_text=True)
    db.expire_all()
    assert db.get(Participant, participant.id).products[0].certificate_number is None

    assert client.post(url, data=data).status_code == 302
    db.expire_all()
    product = db.get(Participant, participant.id).products[0]
    assert (product.certificate_number, product.certificate_issued_on) == ("88/QĐ-UBND", date(2017, 5, 31))
    # The edit form shows what is stored, so saving it again keeps the certificate.
    form = client.get(url).get_data(as_text=True)
    assert 'value="88/QĐ-UBND"' in form and 'value="2017-05-31"' in form

    detail = client.get(f"/manage/events/{event.id}/participants/{participant.id}").get_data(as_text=True)
    assert "hiệu lực đến 31/05/2020" in detail and "hết hạn" in detail
    public = client.get(f"/events/{event.id}/exhibitors/{participant.id}?lang=en").get_data(as_text=True)
    assert "OCOP certificate: decision 88/QĐ-UBND of 31/05/2017, UBND tỉnh Sóc Trăng" in public
    assert "valid until 31/05/2020" in public and ">expired<" in public


def test_the_participant_keeps_their_certificate_through_their_own_edit(client, db, make_event):
    event = make_event()
    response = _register(client, event, **CERTIFICATE)
    participant = db.scalars(sa.select(Participant)).one()
    url = f"/p/{participant.access_key}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="1234/QĐ-UBND"' in form and 'value="2019-03-12"' in form

    response = client.post(url, data=registration_form(csrf_token(client, url), **CERTIFICATE, full_name="Trần Thị Ngọc Hân"))

    assert response.status_code == 302
    db.expire_all()
    assert db.get(Participant, participant.id).products[0].certificate_issued_by == "UBND tỉnh Sóc Trăng"
