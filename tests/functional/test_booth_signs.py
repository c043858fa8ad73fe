"""Booth signs: one A5 page per approved exhibitor, in booth order, whose QR
(read back by a real decoder) opens the exhibitor's catalogue page; for the
event's organisers only."""

import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5

from tests.conftest import csrf_token, login


@pytest.fixture()
def event(make_event):
    return make_event()


@pytest.fixture()
def organiser(make_user, event):
    return make_user(event=event)


@pytest.fixture()
def exhibitors(db, event, make_participant):
    many = [(f"Sản phẩm số {n}", "food", 3 + n % 3) for n in range(9)]
    return [
        make_participant(event, booth="B07", products=[("Bánh pía sầu riêng", "food", 4), ("Kẹo chuối", "food", 3)]),
        make_participant(event, booth="A12", products=many),
        make_participant(event, booth=None),
        make_participant(event, status="pending", booth="C01"),
        make_participant(event, role="buyer", booth=None),
    ]


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_of(pdf: bytes, page: int) -> str:
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=200 / 72).to_pil()
    (found,) = zxingcpp.read_barcodes(image)
    return found.text


def test_every_approved_exhibitor_gets_a_sign_in_booth_order(client, organiser, event, exhibitors):
    login(client, organiser)
    response = client.get(f"/manage/events/{event.id}/booth-signs.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    texts = pages(pdf)
    assert len(texts) == 3, "approved exhibitors only: not the pending one, not the buyer"
    assert "Gian hàng A12" in texts[0] and "Gian hàng B07" in texts[1] and "Gian hàng" not in texts[2]
    assert exhibitors[1].organisation.name in texts[0]
    assert "Bánh pía sầu riêng · Thực phẩm · 4 sao" in texts[1]
    assert "và 3 sản phẩm khác" in texts[0], "six products shown of nine, and how many more"
    assert "Quét mã để xem các sản phẩm OCOP của đơn vị" in texts[0]
    width, height = PdfReader(io.BytesIO(pdf)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (round(A5[0]), round(A5[1]))
    for page, exhibitor in enumerate([exhibitors[1], exhibitors[0], exhibitors[2]]):
        assert qr_of(pdf, page) == f"http://eventapp.test/events/{event.id}/exhibitors/{exhibitor.id}?lang=vi"


def test_one_sign_in_english_from_the_participants_page(client, organiser, event, exhibitors):
    login(client, organiser)
    page = client.get(f"/manage/events/{event.id}/participants/{exhibitors[0].id}").get_data(as_text=True)
    assert f"/manage/events/{event.id}/participants/{exhibitors[0].id}/booth-sign.pdf" in page
    pdf = client.get(f"/manage/events/{event.id}/participants/{exhibitors[0].id}/booth-sign.pdf?lang=en").get_data()
    (text,) = pages(pdf)
    assert "Booth B07" in text and "Food · 4 stars" in text
    assert qr_of(pdf, 0).endswith(f"/exhibitors/{exhibitors[0].id}?lang=en")


def test_no_sign_for_a_pending_exhibitor_and_none_for_other_staff(client, organiser, event, exhibitors, make_user):
    login(client, organiser)
    assert client.get(f"/manage/events/{event.id}/participants/{exhibitors[3].id}/booth-sign.pdf").status_code == 404
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    door = make_user(role="checkin", event=event)
    login(client, door)
    assert client.get(f"/manage/events/{event.id}/booth-signs.pdf").status_code == 403


def test_signing_in_is_asked_first(client, event, exhibitors):
    response = client.get(f"/manage/events/{event.id}/booth-signs.pdf")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
