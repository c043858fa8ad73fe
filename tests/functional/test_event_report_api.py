"""The post-event report: its figures as JSON, the PDF read back, the workbook's numbers."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from eventapp.models import Organisation
from eventapp.services import badges
from tests.meeting_helpers import build_scenario, record_deal, scheduled_meetings


@pytest.fixture()
def event(make_event):
    return make_event()


@pytest.fixture()
def official_headers(event, make_user, api_headers):
    return api_headers(make_user("official", event))


def _figures(client, event, headers) -> dict:
    response = client.get(f"/api/v1/events/{event.id}/report", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_counts_approved_participants_and_shows_every_status(client, event, make_participant, official_headers):
    co_op = Organisation(name="Saigon Co.op", name_key="saigon co.op", kind="distributor", province="ho-chi-minh")
    make_participant(event, products=[("Bánh pía", "food", 4), ("Kẹo mè", "food", 3)])
    make_participant(event, products=[("Trà mãng cầu", "beverage", 3)], province="can-tho")
    make_participant(event, role="buyer", organisation=co_op)
    make_participant(event, role="buyer", organisation=co_op)
    make_participant(event, status="pending", products=[("Rượu", "beverage", 5)])
    make_participant(event, status="rejected")
    make_participant(event, status="cancelled", role="delegate")

    figures = _figures(client, event, official_headers)

    assert figures["participants"]["total"] == 4
    assert figures["participants"]["by_role"] == {"delegate": 0, "exhibitor": 2, "buyer": 2, "press": 0, "speaker": 0}
    assert figures["participants"]["by_status"] == {"pending": 1, "approved": 4, "rejected": 1, "cancelled": 1, "waitlisted": 0}
    assert figures["organisations"] == {
        "total": 3,
        "by_kind": {
            "government": 0,
            "enterprise": 2,
            "cooperative": 0,
            "household": 0,
            "distributor": 1,
            "association": 0,
            "other": 0,
        },
    }
    assert figures["provinces"] == {"total": 3, "by_province": {"ho-chi-minh": 2, "can-tho": 1, "soc-trang": 1}}
    products = figures["products"]
    assert products["total"] == 3 and products["producers"] == 2
    assert products["by_stars"] == {"3": 2, "4": 1, "5": 0}
    assert products["by_group"]["food"] == 2 and products["by_group"]["beverage"] == 1
    assert products["host_province"]["total"] == 2 and products["host_province"]["producers"] == 1
    assert figures["event"]["id"] == event.id and figures["previous"] is None


def test_attendance_meetings_and_mous_are_in_the_report(client, db, make_event, make_user, make_participant, api_headers):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=2)
    event = scenario.event
    official_headers = api_headers(make_user("official", event))
    door = api_headers(make_user("checkin", event))
    for person in (scenario.buyers[0], scenario.exhibitors[0]):
        scan = {"code": badges.badge_code(person), "scanned_at": "2020-11-20T08:30:00+07:00"}
        assert client.post(f"/api/v1/events/{event.id}/checkins", headers=door, json=scan).status_code == 201
    # The buyer comes back on day 2: that day counts them, the total does not twice.
    scan = {"code": badges.badge_code(scenario.buyers[0]), "scanned_at": "2020-11-21T08:10:00+07:00"}
    assert client.post(f"/api/v1/events/{event.id}/checkins", headers=door, json=scan).get_json()["result"] == "checked_in"
    meetings = scheduled_meetings(db, scenario)
    record_deal(db, scenario, meetings[0])

    figures = _figures(client, event, official_headers)

    assert figures["attendance"]["checked_in"] == 2
    assert figures["attendance"]["by_day"] == {"2020-11-20": 2, "2020-11-21": 1}
    assert figures["attendance"]["by_role"]["buyer"] == 1
    assert figures["meetings"] == {
        "requested": 2,
        "accepted": 0,  # the scenario schedules requests still pending
        "scheduled": 2,
        "held": 1,
        "no_show": 0,
        "follow_up": 0,
        "deals": 1,
    }
    summary = client.get(f"/api/v1/events/{event.id}/mous/summary", headers=official_headers).get_json()
    assert figures["mous"] == summary


@pytest.mark.parametrize("role, status", [("organiser", 200), ("official", 200), ("checkin", 403)])
def test_organisers_and_officials_read_the_report(client, event, make_user, api_headers, role, status):
    headers = api_headers(make_user(role, event))
    for path in ("report", "report.pdf", "report.xlsx"):
        assert client.get(f"/api/v1/events/{event.id}/{path}", headers=headers).status_code == status


def test_strangers_and_other_events_get_nothing(client, event, make_event, make_user, api_headers):
    other = make_event(name="Hội nghị khác")
    headers = api_headers(make_user("official", other))
    assert client.get(f"/api/v1/events/{event.id}/report", headers=headers).status_code == 403
    assert client.get(f"/api/v1/events/{event.id}/report").status_code == 401
    assert client.get("/api/v1/events/999999/report", headers=headers).status_code == 404


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_pdf_reads_in_vietnamese_and_in_english(client, event, make_participant, official_headers):
    make_participant(event, products=[("Bánh pía Sóc Trăng", "food", 4), ("Kẹo mè", "food", 3)])

    vietnamese = client.get(f"/api/v1/events/{event.id}/report.pdf", headers=official_headers)
    assert vietnamese.status_code == 200 and vietnamese.mimetype == "application/pdf"
    assert "bao-cao-tong-ket" in vietnamese.headers["Content-Disposition"]
    text = _pdf_text(vietnamese.data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO TỔNG KẾT",
        event.name,
        "I. Kết quả nổi bật",
        "Sóc Trăng: 2 sản phẩm OCOP của 1 doanh nghiệp, HTX và hộ kinh doanh (1 sản phẩm 4 sao, 1 sản phẩm 3 sao).",
        "TRƯỞNG BAN TỔ CHỨC",
        "Phụ lục: danh sách biên bản ghi nhớ",
        "Trang 1/",
    ):
        assert expected in text, expected

    english = client.get(f"/api/v1/events/{event.id}/report.pdf?lang=en", headers=official_headers)
    text = _pdf_text(english.data)
    assert "POST-EVENT REPORT" in text and "I. Results at a glance" in text and "Page 1 of" in text

    refused = client.get(f"/api/v1/events/{event.id}/report.pdf?lang=fr", headers=official_headers)
    assert refused.status_code == 422 and "lang" in refused.get_json()["error"]["fields"]


def test_the_workbook_has_a_sheet_per_part_with_numbers_as_numbers(client, event, make_participant, official_headers):
    make_participant(event, products=[("Bánh pía", "food", 4)])
    make_participant(event, role="buyer")

    response = client.get(f"/api/v1/events/{event.id}/report.xlsx", headers=official_headers)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == [
        "Tổng quan",
        "Kết quả nổi bật",
        "Người tham dự",
        "Đơn vị",
        "Tỉnh, thành phố",
        "Sản phẩm OCOP",
        "Check-in tham dự",
        "Gặp gỡ giao thương",
        "Biên bản ghi nhớ",
    ]
    overview = {row[1]: row[3] for row in workbook["Tổng quan"].iter_rows(min_row=2, values_only=True)}
    assert overview["participants"] == 2 and isinstance(overview["participants"], int)
    assert overview["host_products"] == 1
    roles = {row[1]: row[3] for row in workbook["Người tham dự"].iter_rows(min_row=2, values_only=True)}
    assert roles["buyer"] == 1 and roles["exhibitor"] == 1
