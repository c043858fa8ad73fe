"""Check-in lists in the browser pages: organisers manage them, the scan page
chooses one, the dashboard counts each day and each list."""

import json
import re
from html import unescape

import sqlalchemy as sa

from eventapp.models import AuditEntry, CheckinList
from eventapp.services import checkin_lists
from tests.conftest import csrf_token, login


def test_organisers_create_and_edit_lists_on_a_page(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    url = f"/manage/events/{event.id}/checkin-lists"
    page = client.get(url).get_data(as_text=True)
    assert "Cổng chính" in page and "Điểm check-in mới" in page
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "name": "", "days": "2020-11-30"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Vui lòng nhập thông tin này." in text and "Sự kiện diễn ra từ 2020-11-20 đến 2020-11-21" in text
    created = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "name": "Lễ khai mạc",
            "name_en": "Opening ceremony",
            "zone": "ceremony",
            "days": "2020-11-20",
            "roles": ["delegate", "speaker"],
        },
    )
    assert created.status_code == 302
    ceremony = db.scalar(sa.select(CheckinList).where(CheckinList.name == "Lễ khai mạc"))
    assert ceremony.days and ceremony.roles == ["delegate", "speaker"] and not ceremony.allow_reentry
    edit = f"{url}/{ceremony.id}"
    assert re.search(r'<input checked[^>]*value="2020-11-20"', client.get(edit).get_data(as_text=True))
    saved = client.post(
        edit,
        data={"csrf_token": csrf_token(client, edit), "name": "Lễ khai mạc", "zone": "ceremony", "allow_reentry": "y"},
    )
    assert saved.status_code == 302
    db.refresh(ceremony)
    assert ceremony.allow_reentry and ceremony.days == [] and ceremony.roles == []
    actions = db.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "checkin_list")).all()
    assert sorted(actions) == ["checkin_list.created", "checkin_list.updated"]


def test_check_in_staff_cannot_manage_lists(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("checkin", event))
    assert client.get(f"/manage/events/{event.id}/checkin-lists").status_code == 403


def test_the_scan_page_offers_the_lists_and_the_dashboard_counts_each(client, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    hall = checkin_lists.create_list(db, organiser, event.id, {"name": "Khu B2B", "roles": ["buyer"], "allow_reentry": True})
    db.commit()
    login(client, organiser)
    page = client.get(f"/manage/events/{event.id}/checkin").get_data(as_text=True)
    assert 'id="checkin-list"' in page and f'<option value="{hall.id}">Khu B2B</option>' in page
    data = json.loads(unescape(re.search(r'<script type="application/json" id="scan-texts">(.*?)</script>', page, re.S)[1]))
    assert [(item["name"], item["roles"], item["allow_reentry"]) for item in data["lists"]] == [
        ("Cổng chính", [], False),
        ("Khu B2B", ["buyer"], True),
    ]
    rules = data["lists"][1]["rules"]
    assert rules.startswith("Tất cả các ngày · ") and rules.endswith(" · mỗi lượt vào đều được tính")
    assert data["event_days"] == ["2020-11-20", "2020-11-21"]
    dashboard = client.get(f"/manage/events/{event.id}/arrivals?day=2020-11-21&list_id={hall.id}").get_data(as_text=True)
    assert "Theo từng ngày và từng điểm check-in" in dashboard and "Khu B2B" in dashboard
    assert f"list_id={hall.id}" in dashboard and 'value="2020-11-21" selected' in dashboard
    kept = client.get(f"/manage/events/{event.id}/arrivals?day=2030-01-01")
    assert kept.status_code == 200 and "Sự kiện diễn ra từ" in kept.get_data(as_text=True)
