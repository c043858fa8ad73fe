"""Series of events: who may put an event into one, the report beside the
previous edition (JSON, PDF read back, workbook numbers), the series page."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from eventapp.models import Event, EventSeries
from tests.conftest import csrf_token, login


@pytest.fixture()
def editions(db, make_event, make_participant):
    """Sóc Trăng 2020 and 2021 in one series, with a third event of the series
    in between them by id but after them by date, and 2021 larger."""
    series = EventSeries(name="Hội nghị kết nối cung cầu tỉnh Sóc Trăng", name_en="Soc Trang supply and demand")
    db.add(series)
    db.commit()
    first = make_event(series_id=series.id)
    later = make_event(name="Sóc Trăng 2022", starts_on=date(2022, 11, 20), ends_on=date(2022, 11, 21), series_id=series.id)
    second = make_event(name="Sóc Trăng 2021", starts_on=date(2021, 11, 20), ends_on=date(2021, 11, 21), series_id=series.id)
    make_participant(first, products=[("Bánh pía", "food", 4)])
    make_participant(first, products=[("Gạo ST25", "food", 3)], province="can-tho")
    for number in range(3):
        make_participant(second, products=[(f"Bánh pía {number}", "food", 4), (f"Kẹo mè {number}", "food", 3)])
    make_participant(second, role="buyer")
    return series, first, second, later


def _report(client, event, headers) -> dict:
    response = client.get(f"/api/v1/events/{event.id}/report", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_report_sets_the_previous_edition_beside_each_figure(client, editions, make_user, api_headers):
    series, first, second, later = editions
    headers = api_headers(make_user("official", second))

    figures = _report(client, second, headers)

    assert figures["participants"]["total"] == 4 and figures["products"]["total"] == 6  # the existing keys, as they were
    assert figures["series"] == {"id": series.id, "name": series.name}
    previous = figures["previous"]
    assert previous["event"]["id"] == first.id and previous["event"]["starts_on"] == "2020-11-20"
    assert previous["participants"]["total"] == 2 and previous["products"]["total"] == 2
    assert previous["products"]["by_stars"] == {"3": 1, "4": 1, "5": 0}
    assert previous["provinces"]["by_province"] == {"can-tho": 1, "soc-trang": 1}
    # The first edition has none before it; the one of 2022 comes after 2021 whatever its id.
    assert _report(client, first, api_headers(make_user("official", first)))["previous"] is None
    assert _report(client, later, api_headers(make_user("official", later)))["previous"]["event"]["id"] == second.id


def test_the_pdf_has_a_previous_column_and_the_change(client, editions, make_user, api_headers):
    _series, _first, second, _later = editions
    headers = api_headers(make_user("official", second))

    texts = {}
    for language in ("vi", "en"):
        response = client.get(f"/api/v1/events/{second.id}/report.pdf?lang={language}", headers=headers)
        assert response.status_code == 200
        pages = PdfReader(io.BytesIO(response.data)).pages
        texts[language] = " ".join(" ".join(page.extract_text() for page in pages).split())

    vi, en = texts["vi"], texts["en"]
    assert "Kỳ trước" in vi and "Tăng/giảm (±)" in vi and "Chuỗi sự kiện: Hội nghị kết nối cung cầu tỉnh Sóc Trăng" in vi
    assert "Previous event" in en and "Change (±)" in en
    # OCOP products: 6 this time, 2 before: +4, three times as many (+200%).
    assert "Tổng cộng 6 2 +4 (+200%)" in vi
    assert "Total 6 2 +4 (+200%)" in en


def test_the_workbook_gives_the_previous_figure_and_the_change_as_numbers(client, editions, make_user, api_headers):
    _series, _first, second, _later = editions
    headers = api_headers(make_user("official", second))

    response = client.get(f"/api/v1/events/{second.id}/report.xlsx?lang=en", headers=headers)

    book = load_workbook(io.BytesIO(response.data))
    overview = {row[1]: row[3:] for row in book["Overview"].iter_rows(min_row=2, values_only=True)}
    assert overview["products"] == (6, 2, 4) and overview["participants"] == (4, 2, 2)
    assert overview["provinces"] == (1, 2, -1)
    header = next(book["Overview"].iter_rows(max_row=1, values_only=True))
    assert header[3:] == ("This event", "Previous event", "Change (±)")
    provinces = {row[1]: row[3:] for row in book["Provinces"].iter_rows(min_row=2, values_only=True)}
    assert provinces == {"soc-trang": (4, 1, 3), "can-tho": (0, 1, -1)}  # Cần Thơ stayed away: 0, not left out


def test_the_series_page_charts_the_editions_for_their_organisers_and_officials(client, editions, make_user):
    series, first, second, later = editions
    login(client, make_user("official", first))

    page = client.get(f"/manage/series/{series.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('<svg class="series-chart"') == 7 and "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    assert "Số liệu theo từng kỳ" in html and ">2020<" in html and ">2021<" in html and ">2022<" in html
    # Each bar says its figure: OCOP products 2, 6 and 0.
    assert 'aria-label="Sản phẩm OCOP: 2020 2; 2021 6; 2022 0"' in html

    english = client.get(f"/manage/series/{series.id}?lang=en").get_data(as_text=True)
    assert "Figures by edition" in english and "Soc Trang supply and demand" in english


@pytest.mark.parametrize("role", ["checkin", None])
def test_others_may_not_see_the_series_page(client, editions, make_user, make_event, role):
    series, first, _second, _later = editions
    login(client, make_user(role, first) if role else make_user("organiser", make_event(name="Lạng Sơn 2021")))
    assert client.get(f"/manage/series/{series.id}").status_code == 403
    assert client.get("/manage/series").get_data(as_text=True).count(f"/manage/series/{series.id}") == 0


def test_signed_out_the_series_page_asks_to_sign_in(client, editions):
    series = editions[0]
    assert client.get(f"/manage/series/{series.id}").status_code == 302
    assert client.get(f"/api/v1/series/{series.id}").status_code == 401


def test_the_series_api_lists_starts_and_reads_series(client, db, editions, make_user, api_headers):
    series, first, second, _later = editions
    official = api_headers(make_user("official", second))
    organiser = api_headers(make_user("organiser", first))

    assert client.get("/api/v1/series", headers=official).get_json()["items"] == [
        {"id": series.id, "name": series.name, "name_en": series.name_en}
    ]
    read = client.get(f"/api/v1/series/{series.id}", headers=official).get_json()
    assert [edition["figures"]["products"] for edition in read["editions"]] == [2, 6, 0]

    created = client.post("/api/v1/series", headers=organiser, json={"name": "Hội chợ OCOP Lạng Sơn"})
    assert created.status_code == 201 and created.get_json()["name_en"] == ""
    again = client.post("/api/v1/series", headers=organiser, json={"name": "hội chợ ocop lạng sơn"})
    assert again.status_code == 422 and "name" in again.get_json()["error"]["fields"]
    empty = client.post("/api/v1/series", headers=organiser, json={"name": "  "})
    assert empty.status_code == 422 and "name" in empty.get_json()["error"]["fields"]
    assert client.post("/api/v1/series", headers=official, json={"name": "Chuỗi khác"}).status_code == 403
    assert db.query(EventSeries).count() == 2


def test_only_who_organises_every_edition_adds_an_event_to_a_series(client, db, editions, make_event, make_user, api_headers):
    series, first, _second, _later = editions
    newcomer = make_event(name="Sóc Trăng 2023", starts_on=date(2023, 11, 20), ends_on=date(2023, 11, 21))
    outsider = api_headers(make_user("organiser", newcomer))

    refused = client.patch(f"/api/v1/events/{newcomer.id}", headers=outsider, json={"series_id": series.id})
    assert refused.status_code == 422 and "series_id" in refused.get_json()["error"]["fields"]
    unknown = client.patch(f"/api/v1/events/{newcomer.id}", headers=outsider, json={"series_id": 9999})
    assert unknown.status_code == 422 and "series_id" in unknown.get_json()["error"]["fields"]
    wrong_type = client.patch(f"/api/v1/events/{newcomer.id}", headers=outsider, json={"series_id": "one"})
    assert wrong_type.status_code == 422 and "series_id" in wrong_type.get_json()["error"]["fields"]
    db.expire_all()
    assert db.get(Event, newcomer.id).series_id is None

    admin = api_headers(make_user("admin"))
    joined = client.patch(f"/api/v1/events/{newcomer.id}", headers=admin, json={"series_id": series.id})
    assert joined.status_code == 200 and joined.get_json()["series_id"] == series.id
    # Its organiser may take it out again: that shares nothing.
    left = client.patch(f"/api/v1/events/{newcomer.id}", headers=outsider, json={"series_id": None})
    assert left.status_code == 200 and left.get_json()["series_id"] is None


def test_the_event_settings_form_chooses_the_series(client, db, make_event, make_user):
    event = make_event()
    series = EventSeries(name="Hội nghị kết nối cung cầu tỉnh Sóc Trăng")
    db.add(series)
    db.commit()
    login(client, make_user("organiser", event))
    form_page = client.get(f"/manage/events/{event.id}/edit").get_data(as_text=True)
    assert 'name="series_id"' in form_page and "Hội nghị kết nối cung cầu tỉnh Sóc Trăng" in form_page

    response = client.post(
        f"/manage/events/{event.id}/edit",
        data={
            "csrf_token": csrf_token(client, f"/manage/events/{event.id}/edit"),
            "name": event.name,
            "starts_on": "2020-11-20",
            "ends_on": "2020-11-21",
            "timezone": "Asia/Ho_Chi_Minh",
            "province": "soc-trang",
            "series_id": str(series.id),
        },
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Event, event.id).series_id == series.id


def test_an_organiser_starts_a_series_on_the_series_page(client, db, make_event, make_user):
    login(client, make_user("organiser", make_event()))
    response = client.post(
        "/manage/series",
        data={
            "csrf_token": csrf_token(client, "/manage/series"),
            "name": "Hội chợ OCOP Lạng Sơn",
            "name_en": "Lang Son OCOP fair",
        },
    )
    assert response.status_code == 302
    series = db.query(EventSeries).one()
    assert (series.name, series.name_en) == ("Hội chợ OCOP Lạng Sơn", "Lang Son OCOP fair")
    refused = client.post("/manage/series", data={"csrf_token": csrf_token(client, "/manage/series"), "name": ""})
    assert refused.status_code == 422 and db.query(EventSeries).count() == 1
