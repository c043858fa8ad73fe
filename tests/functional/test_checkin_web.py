"""Badges and the door in the browser pages: the participant's own badge, the
organiser's reprint and reissue, the scan page and the dashboard."""

import io
import re
import unicodedata

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.models import Scan
from eventapp.services import badges
from tests.conftest import csrf_token, login


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_an_approved_participant_sees_and_downloads_their_badge(client, db, make_event, make_participant):
    event = make_event()
    guest = make_participant(event, full_name="Trần Thị Ngọc Hân")
    page = client.get(f"/p/{guest.access_key}").get_data(as_text=True)
    assert "Thẻ của Ông/Bà" in page and "<svg" in page
    response = client.get(f"/p/{guest.access_key}/badge.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Trần Thị Ngọc Hân" in pdf_text(response.data)


def test_a_pending_participant_has_no_badge_yet(client, db, make_event, make_participant):
    event = make_event()
    guest = make_participant(event, status="pending")
    assert "<svg" not in client.get(f"/p/{guest.access_key}").get_data(as_text=True)
    response = client.get(f"/p/{guest.access_key}/badge.pdf")
    assert response.status_code == 403
    assert "Thẻ của Ông/Bà sẵn sàng khi đăng ký được duyệt." in response.get_data(as_text=True)
    assert client.get("/p/not-a-key/badge.pdf").status_code == 404


def test_the_approval_email_links_to_the_badge(client, db, make_event, make_user, make_participant, outbox):
    event = make_event()
    guest = make_participant(event, status="pending", language="en")
    login(client, make_user("organiser", event))
    client.post(
        f"/manage/events/{event.id}/participants/decide",
        data={"csrf_token": csrf_token(client), "participant_ids": guest.id, "decision": "approved"},
    )
    [message] = outbox()
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"(\S+/badge\.pdf\S*)", body).group(1)
    assert link.endswith(f"/p/{guest.access_key}/badge.pdf?lang=en")
    assert "badge.pdf" in message.get_body(("html",)).get_content()
    response = client.get(link.replace("http://eventapp.test", ""))
    assert response.status_code == 200 and "EXHIBITOR" in pdf_text(response.data)


def test_an_organiser_reprints_and_reissues_a_badge(client, db, make_event, make_user, make_participant):
    event = make_event()
    guest = make_participant(event, full_name="Lâm Thị Mỹ Duyên")
    old_code = badges.badge_code(guest)
    login(client, make_user("organiser", event))
    detail = client.get(f"/manage/events/{event.id}/participants/{guest.id}").get_data(as_text=True)
    assert "Chưa check-in" in detail and "Cấp lại thẻ" in detail
    reprint = client.get(f"/manage/events/{event.id}/participants/{guest.id}/badge.pdf")
    assert old_code in pdf_text(reprint.data)
    response = client.post(
        f"/manage/events/{event.id}/participants/{guest.id}/badge/reissue",
        data={"csrf_token": csrf_token(client)},
        follow_redirects=True,
    )
    assert "Đã cấp thẻ mới" in response.get_data(as_text=True)
    db.refresh(guest)
    assert guest.badge_version == 2 and badges.badge_code(guest) != old_code
    assert badges.badge_code(guest) in pdf_text(client.get(f"/manage/events/{event.id}/participants/{guest.id}/badge.pdf").data)


def test_reissue_without_the_form_token_changes_nothing(client, db, make_event, make_user, make_participant):
    event = make_event()
    guest = make_participant(event)
    login(client, make_user("organiser", event))
    response = client.post(f"/manage/events/{event.id}/participants/{guest.id}/badge/reissue")
    assert response.status_code == 400
    db.refresh(guest)
    assert guest.badge_version == 1


def test_batch_printing_from_the_badges_page(client, db, make_event, make_user, make_participant):
    event = make_event()
    make_participant(event, full_name="Nguyễn Văn An", role="buyer")
    make_participant(event, full_name="Đặng Thu Thảo", role="exhibitor")
    login(client, make_user("organiser", event))
    page = client.get(f"/manage/events/{event.id}/badges").get_data(as_text=True)
    assert "In hàng loạt" in page
    response = client.get(f"/manage/events/{event.id}/badges.pdf?role=exhibitor&layout=a6&lang=vi")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "Đặng Thu Thảo" in text and "Nguyễn Văn An" not in text
    nothing = client.get(f"/manage/events/{event.id}/badges.pdf?role=press", follow_redirects=True)
    assert nothing.status_code == 200
    assert "Không có người tham dự đã duyệt nào khớp với bộ lọc này." in nothing.get_data(as_text=True)


@pytest.mark.parametrize(
    "role, scan, arrivals, badge_page",
    [
        ("admin", 200, 200, 200),
        ("organiser", 200, 200, 200),
        ("checkin", 200, 403, 403),
        ("official", 403, 200, 403),
    ],
)
def test_who_sees_which_page(client, db, make_event, make_user, role, scan, arrivals, badge_page):
    event = make_event()
    login(client, make_user(role, None if role == "admin" else event))
    assert client.get(f"/manage/events/{event.id}/checkin").status_code == scan
    assert client.get(f"/manage/events/{event.id}/arrivals").status_code == arrivals
    assert client.get(f"/manage/events/{event.id}/badges").status_code == badge_page
    overview = client.get(f"/manage/events/{event.id}/").get_data(as_text=True)
    assert (f"/manage/events/{event.id}/checkin" in overview) == (scan == 200)
    assert (f"/manage/events/{event.id}/arrivals" in overview) == (arrivals == 200)


def test_check_in_staff_print_a_badge_on_the_spot_but_not_batches(client, db, make_event, make_user, make_participant):
    event = make_event()
    guest = make_participant(event)
    login(client, make_user("checkin", event))
    assert client.get(f"/manage/events/{event.id}/participants/{guest.id}/badge.pdf").status_code == 200
    assert client.get(f"/manage/events/{event.id}/badges.pdf").status_code == 403
    assert (
        client.post(
            f"/manage/events/{event.id}/participants/{guest.id}/badge/reissue", data={"csrf_token": csrf_token(client)}
        ).status_code
        == 403
    )


def test_the_scan_page_hands_its_script_the_api_and_the_texts(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("checkin", event))
    page = client.get(f"/manage/events/{event.id}/checkin").get_data(as_text=True)
    assert f'data-checkin-url="/api/v1/events/{event.id}/checkins' in page
    assert "vendor/html5-qrcode-2.3.8/html5-qrcode.min.js" in page
    assert 'id="wedge"' in page and "Sẵn sàng quét" in page


def test_the_dashboard_shows_arrivals(client, db, make_event, make_user, make_participant):
    event = make_event()
    guest = make_participant(event, province="can-tho")
    make_participant(event)
    staff = make_user("checkin", event)
    from eventapp.domain.checkin import ScanInput
    from eventapp.models.base import utcnow
    from eventapp.services import checkin

    checkin.check_in(db, staff, event.id, ScanInput(code=badges.badge_code(guest), scanned_at=utcnow()))
    db.commit()
    login(client, make_user("official", event))
    page = client.get(f"/manage/events/{event.id}/arrivals").get_data(as_text=True)
    assert 'id="stat-checked-in">1<' in page and 'id="stat-total">2<' in page
    assert "Cần Thơ" in page and "vendor/chart.js-4.6.1/chart.umd.min.js" in page
    assert db.scalar(sa.select(sa.func.count(Scan.id))) == 1


def test_the_participant_list_prints_the_badges_it_shows(client, db, make_event, make_user, make_participant):
    event = make_event()
    make_participant(event, full_name="Nguyễn Văn An", role="buyer")
    make_participant(event, full_name="Đặng Thu Thảo", role="exhibitor")
    login(client, make_user("organiser", event))
    page = client.get(f"/manage/events/{event.id}/participants?role=buyer&page=1").get_data(as_text=True)
    link = re.search(r'href="([^"]*/badges\.pdf[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "role=buyer" in link and "page=" not in link
    text = pdf_text(client.get(link).data)
    assert "Nguyễn Văn An" in text and "Đặng Thu Thảo" not in text


def test_the_scan_page_speaks_english_on_the_switch(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("checkin", event))
    page = client.get(f"/manage/events/{event.id}/checkin?lang=en").get_data(as_text=True)
    assert "Ready to scan" in page and '"check_in": "Check in"' in page


def test_the_scan_page_service_worker_is_for_check_in_staff(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("checkin", event))
    response = client.get(f"/manage/events/{event.id}/checkin-sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    assert f'"/manage/events/{event.id}/checkin"' in script and "/static/js/checkin-scan.js" in script
    other = client.application.test_client()
    login(other, make_user("official", event))
    assert other.get(f"/manage/events/{event.id}/checkin-sw.js").status_code == 403
