"""API v1: OCOP certificates and the product groups of the decision in force on the event's date."""

from datetime import date

import sqlalchemy as sa

from eventapp.models import Product


def exhibitor(*products: dict) -> dict:
    return {
        "full_name": "Trần Văn Lộc",
        "email": "loc@htxchanh.vn",
        "role": "exhibitor",
        "organisation": {"name": "HTX Chánh Thu", "kind": "cooperative", "province": "An Giang"},
        "products": list(products),
    }


def test_a_certificate_is_stored_and_returned_with_its_expiry(client, make_event, make_user, api_headers):
    event = make_event(starts_on=date(2023, 11, 20), ends_on=date(2023, 11, 21), province="an-giang")
    headers = api_headers(make_user("organiser", event))
    certificate = {"number": "2755/QĐ-UBND", "issued_on": "2020-11-19", "issued_by": "UBND tỉnh An Giang"}
    response = client.post(
        f"/api/v1/events/{event.id}/participants",
        headers=headers,
        json=exhibitor(
            {"name": "Xoài sấy dẻo", "group": "food", "stars": 4, "certificate": certificate},
            {"name": "Mắm thái", "group": "food", "stars": 3},
        ),
    )
    assert response.status_code == 201, response.get_json()
    dried, fish = response.get_json()["products"]
    # 36 months from 19 November 2020: run out by the event of 20 November 2023, marked, not hidden.
    assert dried["certificate"] == certificate | {"expires_on": "2023-11-19", "expired": True}
    assert fish["certificate"] is None


def test_a_half_certificate_is_refused_and_nothing_is_written(client, db, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    response = client.post(
        f"/api/v1/events/{event.id}/participants",
        headers=headers,
        json=exhibitor({"name": "Xoài sấy", "group": "food", "stars": 4, "certificate": {"number": "12/QĐ-UBND"}}),
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {
        "products[0].certificate.issued_on",
        "products[0].certificate.issued_by",
    }
    assert db.scalar(sa.select(sa.func.count()).select_from(Product)) == 0


def test_groups_are_those_of_the_decision_of_the_event_date(client, make_event, make_user, api_headers):
    before = make_event(name="Sóc Trăng 2020")
    after = make_event(name="Cần Thơ 2026", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 2), province="can-tho")
    admin_headers = api_headers(make_user("admin"))
    orchid = {"name": "Lan rừng", "group": "ornamental", "stars": 3}
    refused = client.post(f"/api/v1/events/{before.id}/participants", headers=admin_headers, json=exhibitor(orchid))
    assert refused.status_code == 422
    assert "490/QĐ-TTg" in refused.get_json()["error"]["fields"]["products[0].group"]
    accepted = client.post(f"/api/v1/events/{after.id}/participants", headers=admin_headers, json=exhibitor(orchid))
    assert accepted.status_code == 201
    scarf = {"name": "Khăn rằn", "group": "textile", "stars": 3}
    body = exhibitor(scarf) | {"email": "khan@htxchanh.vn"}
    assert (
        client.post(f"/api/v1/events/{after.id}/participants", headers=admin_headers, json=body).get_json()["products"][0][
            "group"
        ]
        == "handicraft"
    )
    filtered = client.get(f"/api/v1/events/{after.id}/participants?product_group=handicraft", headers=admin_headers)
    assert [p["email"] for p in filtered.get_json()["items"]] == ["khan@htxchanh.vn"]


def test_a_textile_product_stored_before_the_2023_decision_reads_as_a_handicraft(
    client, make_event, make_participant, make_user, api_headers
):
    event = make_event(starts_on=date(2024, 5, 1), ends_on=date(2024, 5, 2), province="an-giang")
    person = make_participant(event, province="an-giang", products=[("Lụa Tân Châu", "textile", 4)])
    headers = api_headers(make_user("organiser", event))
    found = client.get(f"/api/v1/events/{event.id}/participants?product_group=handicraft", headers=headers).get_json()
    assert [p["id"] for p in found["items"]] == [person.id]
    assert found["items"][0]["products"][0]["group"] == "handicraft"
