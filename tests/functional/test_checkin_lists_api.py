"""API v1 for check-in lists, and the door's answers and figures per list and day."""

import sqlalchemy as sa

from eventapp.models import Scan
from eventapp.services import badges


def test_organisers_create_lists_and_staff_read_them(client, db, make_event, make_user, api_headers):
    event = make_event()
    organiser, staff = api_headers(make_user("organiser", event)), api_headers(make_user("checkin", event))
    url = f"/api/v1/events/{event.id}/checkin-lists"
    body = {"name": "Khu B2B", "name_en": "B2B hall", "zone": "b2b", "days": ["2020-11-21"], "roles": ["buyer", "exhibitor"]}
    created = client.post(url, headers=organiser, json=body)
    assert created.status_code == 201
    hall = created.get_json()
    assert hall == {
        "id": hall["id"],
        "name": "Khu B2B",
        "name_en": "B2B hall",
        "zone": "b2b",
        "days": ["2020-11-21"],
        "roles": ["exhibitor", "buyer"],
        "allow_reentry": False,
        "is_default": False,
    }
    assert client.post(url, headers=staff, json={"name": "Cổng phụ"}).status_code == 403
    listed = client.get(url, headers=staff).get_json()["items"]
    assert [(item["name"], item["is_default"]) for item in listed] == [("Cổng chính", True), ("Khu B2B", False)]
    changed = client.patch(f"{url}/{hall['id']}", headers=organiser, json={"allow_reentry": True})
    assert changed.status_code == 200 and changed.get_json()["allow_reentry"] is True
    assert client.patch(f"{url}/999999", headers=organiser, json={"name": "X"}).status_code == 404


def test_bad_lists_are_refused_with_their_fields_in_vietnamese(client, db, make_event, make_user, api_headers):
    event = make_event()
    organiser = api_headers(make_user("organiser", event))
    response = client.post(
        f"/api/v1/events/{event.id}/checkin-lists",
        headers=organiser,
        json={"name": "Lễ khai mạc", "days": ["2020-11-25"], "roles": ["vip"], "zone": 7},
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"days[0]", "roles[0]", "zone"}
    assert "2020-11-20" in fields["days[0]"] and "ngày" in fields["days[0]"]
    assert client.get(f"/api/v1/events/{event.id}/checkin-lists", headers=organiser).get_json()["items"][1:] == []


def test_scans_at_a_list_answer_per_day_and_refuse_roles_and_days(
    client, db, make_event, make_user, make_participant, api_headers
):
    event = make_event()
    organiser, staff = api_headers(make_user("organiser", event)), api_headers(make_user("checkin", event))
    buyer, delegate = make_participant(event, role="buyer"), make_participant(event, role="delegate")
    lists = f"/api/v1/events/{event.id}/checkin-lists"
    hall = client.post(lists, headers=organiser, json={"name": "Khu B2B", "zone": "b2b", "roles": ["buyer"]}).get_json()
    ceremony = client.post(lists, headers=organiser, json={"name": "Lễ khai mạc", "days": ["2020-11-20"]}).get_json()
    url = f"/api/v1/events/{event.id}/checkins"

    def scan(person, when: str, list_id=None):
        body = {"code": badges.badge_code(person), "scanned_at": when} | ({"list_id": list_id} if list_id else {})
        return client.post(url, headers={**staff, "Accept-Language": "en"}, json=body)

    assert scan(buyer, "2020-11-20T07:30:00+07:00").status_code == 201
    again = scan(buyer, "2020-11-20T09:00:00+07:00")
    assert again.status_code == 200 and again.get_json()["first_checked_in_at"].startswith("2020-11-20T00:30:00")
    day_2 = scan(buyer, "2020-11-21T07:30:00+07:00")
    assert day_2.status_code == 201 and day_2.get_json()["scan"]["entry_day"] == "2020-11-21"
    at_hall = scan(buyer, "2020-11-21T08:00:00+07:00", hall["id"])
    assert at_hall.status_code == 201 and at_hall.get_json()["scan"]["list_id"] == hall["id"]
    not_admitted = scan(delegate, "2020-11-21T08:00:00+07:00", hall["id"])
    assert not_admitted.status_code == 422
    assert not_admitted.get_json()["error"]["code"] == "not_admitted"
    assert not_admitted.get_json()["error"]["message"] == "This check-in list does not admit this participant's role."
    assert not_admitted.get_json()["scan"]["result"] == "invalid"
    wrong_day = scan(delegate, "2020-11-21T08:00:00+07:00", ceremony["id"])
    assert wrong_day.status_code == 422 and wrong_day.get_json()["error"]["code"] == "wrong_day"
    scans = db.scalar(sa.select(sa.func.count(Scan.id)))
    for list_id in (999_999, "hall"):
        unknown = scan(buyer, "2020-11-21T08:00:00+07:00", list_id)
        assert unknown.status_code == 422 and "list_id" in unknown.get_json()["error"]["fields"]
    assert db.scalar(sa.select(sa.func.count(Scan.id))) == scans

    stats = f"/api/v1/events/{event.id}/checkins/stats"
    everyone = client.get(stats, headers=staff).get_json()
    assert (everyone["checked_in"], everyone["total"], everyone["invalid_scans"]) == (1, 2, 2)
    assert everyone["days"] == [{"day": "2020-11-20", "checked_in": 1}, {"day": "2020-11-21", "checked_in": 1}]
    assert [(item["name"], item["by_day"]) for item in everyone["lists"]] == [
        ("Cổng chính", {"2020-11-20": 1, "2020-11-21": 1}),
        ("Khu B2B", {"2020-11-20": 0, "2020-11-21": 1}),
        ("Lễ khai mạc", {"2020-11-20": 0, "2020-11-21": 0}),
    ]
    hall_day_1 = client.get(stats, headers=staff, query_string={"day": "2020-11-20", "list_id": hall["id"]}).get_json()
    assert (hall_day_1["checked_in"], hall_day_1["arrivals"]) == (0, [])
    hall_day_2 = client.get(stats, headers=staff, query_string={"day": "2020-11-21", "list_id": hall["id"]}).get_json()
    assert hall_day_2["checked_in"] == 1 and hall_day_2["by_role"]["buyer"] == {"checked_in": 1, "total": 1}
    assert hall_day_2["invalid_scans"] == 1
    refused = client.get(stats, headers=staff, query_string={"day": "21/11/2020", "list_id": "x"})
    assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == {"day", "list_id"}
    counts = client.get(
        f"/api/v1/events/{event.id}/checkins/counts", headers=staff, query_string={"day": "2020-11-21", "list_id": hall["id"]}
    )
    assert counts.get_json()["checked_in"] == 1


def test_the_api_description_has_the_lists_and_the_list_of_a_scan(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"get", "post"} <= set(spec["paths"]["/events/{event_id}/checkin-lists"])
    assert "list_id" in spec["components"]["schemas"]["CheckinInput"]["properties"]
    assert {"not_admitted", "wrong_day"} <= set(spec["components"]["schemas"]["Scan"]["properties"]["problem"]["enum"])
    parameters = spec["paths"]["/events/{event_id}/checkins/stats"]["get"]["parameters"]
    assert {"day", "list_id"} <= {parameter["name"] for parameter in parameters}
