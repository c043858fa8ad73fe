"""The registration form as a producer fills it on a phone: required fields
marked, no rating chosen for them, a half-filled product row called out on
that row, and a summary at the top that links to every field to correct."""

import re

import sqlalchemy as sa

from eventapp.models import Participant, Product
from tests.conftest import csrf_token
from tests.functional.test_registration_web import registration_form


def register(client, event, **fields):
    token = csrf_token(client, f"/events/{event.id}/register")
    return client.post(f"/events/{event.id}/register", data=registration_form(token, **fields))


def test_required_fields_are_marked_and_no_rating_is_chosen_for_the_producer(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "Các mục có dấu * là bắt buộc." in page
    for field in ("full_name", "email", "organisation-name", "organisation-kind", "organisation-province", "products-0-stars"):
        label = re.search(rf'<label class="form-label" for="{field}">(.*?)</label>', page, re.S)
        assert label and "required-mark" in label.group(1), field
        assert re.search(rf'id="{field}"[^>]*aria-required="true"|aria-required="true"[^>]*id="{field}"', page), field
    assert re.search(r'<label class="form-label" for="position">[^*]*</label>', page)
    stars = re.search(r'<select[^>]*id="products-0-stars"[^>]*>(.*?)</select>', page, re.S).group(1)
    # Nothing selected: the browser shows the first option, "— chọn —".
    assert "selected" not in stars and stars.startswith('<option value="">')


def test_a_product_without_a_rating_is_refused_on_its_row(client, db, make_event):
    event = make_event()
    response = register(client, event, **{"products-1-stars": ""})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Hãy chọn hạng OCOP của sản phẩm: 3, 4 hoặc 5 sao." in page
    assert re.search(r'id="products-1-stars"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="products-1-stars"', page)
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0


def test_a_row_with_a_description_but_no_name_is_an_error_on_that_row(client, db, make_event):
    event = make_event()
    response = register(
        client,
        event,
        **{
            "products-0-name": "",
            "products-0-description": "",
            "products-1-name": "",
            "products-1-description": "Lạp xưởng tươi, không chất bảo quản",
            "products-2-name": "Bánh pía đậu xanh",
            "products-2-group": "food",
            "products-2-stars": "3",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'id="products-1-name"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="products-1-name"', page)
    assert not re.search(r'id="products-0-name"[^>]*aria-invalid="true"', page)
    assert db.scalar(sa.select(sa.func.count(Product.id))) == 0


def test_the_summary_links_to_each_field_to_correct(client, make_event):
    event = make_event()
    response = register(client, event, full_name="", **{"organisation-province": "", "products-1-stars": ""})
    page = response.get_data(as_text=True)
    summary = re.search(r'<div class="alert alert-danger" role="alert" tabindex="-1" id="form-errors">(.*?)</ul>', page, re.S)
    assert summary
    links = re.findall(r'<a href="#([^"]+)" class="alert-link">([^<]+)</a>', summary.group(1))
    assert [target for target, _title in links] == ["full_name", "organisation-province", "products-1-stars"]
    assert ("products-1-stars", "Dòng 2: Hạng OCOP") in links
    assert "Hãy chọn tỉnh, thành phố." in summary.group(1)
