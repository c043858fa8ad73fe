"""The registration form in a real browser: the product rows appear for
exhibitors, more can be added without a round trip, and the visitor lands on
their own page."""

import pytest
import sqlalchemy as sa

from eventapp.models import Participant

pytestmark = pytest.mark.browser


def test_an_exhibitor_registers_two_products_in_the_browser(live_server, page, db, make_event):
    event = make_event()
    page.goto(f"{live_server}/events/{event.id}/register")
    assert page.locator("#products-section").is_hidden()
    page.get_by_label("Đơn vị trưng bày").check()
    assert page.locator("#products-section").is_visible()

    page.get_by_label("Họ và tên").fill("Thạch Thị Sà Quênh")
    page.get_by_label("Thư điện tử").fill("saquenh@htxtranđe.vn".replace("đ", "d"))
    page.get_by_label("Điện thoại di động").fill("0939 123 456")
    page.get_by_label("Tên đơn vị").fill("HTX Dệt thổ cẩm Khmer Trần Đề")
    page.get_by_label("Loại hình đơn vị").select_option("cooperative")
    page.get_by_label("Tỉnh / thành phố").select_option("soc-trang")
    page.locator("#products-0-name").fill("Khăn rằn thổ cẩm")
    page.locator("#products-0-group").select_option("textile")
    page.locator("#products-0-stars").select_option("3")
    page.get_by_role("button", name="Thêm sản phẩm").click()
    page.locator("#products-1-name").fill("Túi xách thổ cẩm")
    page.locator("#products-1-group").select_option("handicraft")
    page.locator("#products-1-stars").select_option("4")
    page.locator("#consents-processing").check()
    page.get_by_role("button", name="Đăng ký", exact=True).click()

    page.wait_for_url("**/p/**")
    assert "Cảm ơn Ông/Bà!" in page.content()
    participant = db.scalars(sa.select(Participant)).one()
    assert [(p.name, p.group, p.stars) for p in participant.products] == [
        ("Khăn rằn thổ cẩm", "textile", 3),
        ("Túi xách thổ cẩm", "handicraft", 4),
    ]


def test_field_errors_are_shown_next_to_their_fields(live_server, page, make_event):
    event = make_event()
    page.goto(f"{live_server}/events/{event.id}/register")
    page.get_by_label("Đại biểu").check()
    page.get_by_label("Thư điện tử").fill("khong-phai-email")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    email = page.get_by_label("Thư điện tử")
    assert email.get_attribute("aria-invalid") == "true"
    described = email.get_attribute("aria-describedby")
    assert "Nhập địa chỉ thư điện tử hợp lệ" in page.locator(f"#{described.split()[-1]}").inner_text()
