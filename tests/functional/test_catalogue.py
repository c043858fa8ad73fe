"""The public catalogue: approved exhibitors only, nothing about people,
search without tone marks, filters, the same on the page and in the API."""

import pytest

from eventapp.models import Organisation


@pytest.fixture()
def event(make_event):
    return make_event()


@pytest.fixture()
def exhibitors(event, make_participant):
    def organisation(name: str, province: str) -> Organisation:
        return Organisation(name=name, name_key=name.casefold(), kind="cooperative", province=province)

    return {
        "pia": make_participant(
            event,
            organisation=organisation("HTX Bánh pía Vũng Thơm", "soc-trang"),
            products=[("Bánh pía sầu riêng", "food", 4)],
            booth="A01",
            email="chu.htx@example.vn",
            phone="0912345678",
        ),
        "tea": make_participant(
            event,
            organisation=organisation("Công ty Trà Mãng Cầu", "can-tho"),
            products=[("Trà mãng cầu xiêm", "beverage", 3)],
        ),
        "pending": make_participant(event, status="pending", organisation=organisation("Cơ sở Chờ Duyệt", "soc-trang")),
        "rejected": make_participant(event, status="rejected", organisation=organisation("Cơ sở Bị Từ Chối", "soc-trang")),
        "cancelled": make_participant(event, status="cancelled", organisation=organisation("Cơ sở Đã Hủy", "soc-trang")),
        "buyer": make_participant(event, role="buyer", organisation=organisation("Saigon Co.op", "ho-chi-minh")),
    }


def test_the_api_lists_approved_exhibitors_with_their_products_and_nothing_personal(client, event, exhibitors):
    response = client.get(f"/api/v1/events/{event.id}/catalogue")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 2
    pia = next(item for item in body["items"] if item["id"] == exhibitors["pia"].id)
    assert pia == {
        "id": exhibitors["pia"].id,
        "organisation": {"name": "HTX Bánh pía Vũng Thơm", "province": "soc-trang"},
        "booth": "A01",
        "products": [
            {"name": "Bánh pía sầu riêng", "group": "food", "stars": 4, "description": "", "certificate": None, "photos": []}
        ],
    }
    text = response.get_data(as_text=True)
    for hidden in ("chu.htx@example.vn", "0912345678", exhibitors["pia"].full_name, "Chờ Duyệt", "Từ Chối", "Đã Hủy", "Co.op"):
        assert hidden not in text


def test_search_without_tone_marks_and_filters(client, event, exhibitors):
    def names(query: str) -> set[str]:
        body = client.get(f"/api/v1/events/{event.id}/catalogue?{query}").get_json()
        return {item["organisation"]["name"] for item in body["items"]}

    assert names("q=banh+pia+sau+rieng") == {"HTX Bánh pía Vũng Thơm"}
    assert names("q=mang+cau") == {"Công ty Trà Mãng Cầu"}
    assert names("province=Cần Thơ") == {"Công ty Trà Mãng Cầu"}
    assert names("product_group=food") == {"HTX Bánh pía Vũng Thơm"}
    assert names("stars=3") == {"Công ty Trà Mãng Cầu"}
    refused = client.get(f"/api/v1/events/{event.id}/catalogue?stars=7")
    assert refused.status_code == 422 and "stars" in refused.get_json()["error"]["fields"]
    assert client.get("/api/v1/events/999999/catalogue").status_code == 404


def test_the_pages_show_the_catalogue_and_each_producer(client, event, exhibitors):
    page = client.get(f"/events/{event.id}/exhibitors?lang=vi").get_data(as_text=True)
    assert "HTX Bánh pía Vũng Thơm" in page and "Công ty Trà Mãng Cầu" in page
    assert "Chờ Duyệt" not in page and "Saigon Co.op" not in page
    filtered = client.get(f"/events/{event.id}/exhibitors?q=tra&stars=9").get_data(as_text=True)
    assert "HTX Bánh pía Vũng Thơm" in filtered  # a bad filter shows the whole list, with its message

    detail = client.get(f"/events/{event.id}/exhibitors/{exhibitors['pia'].id}")
    assert detail.status_code == 200
    text = detail.get_data(as_text=True)
    assert "Bánh pía sầu riêng" in text and "A01" in text and "chu.htx@example.vn" not in text
    for hidden in ("pending", "rejected", "cancelled", "buyer"):
        assert client.get(f"/events/{event.id}/exhibitors/{exhibitors[hidden].id}").status_code == 404
