"""The MoU pages: organisers record, edit, delete and export; officials read
the list and the dashboard, download the PDF, and can change nothing."""

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from eventapp.models import AuditEntry, Mou, MouCategory, Organisation
from tests.conftest import csrf_token, login


def mou_form(token: str, **overrides) -> dict:
    data = {
        "csrf_token": token,
        "title": "Biên bản ghi nhớ hợp tác tiêu thụ gạo ST25",
        "category": "business-business",
        "signed_on": "2020-11-21",
        "value_vnd": "1.250.000.000",
        "product_groups": ["food"],
        "notes": "",
        "parties-0-name": "DNTN Hồ Quang Trí",
        "parties-0-kind": "enterprise",
        "parties-0-province": "soc-trang",
        "parties-1-name": "Công ty CP Thương mại Bách Hóa Xanh",
        "parties-1-kind": "distributor",
        "parties-1-province": "ho-chi-minh",
    }
    data.update(overrides)
    return data


@pytest.fixture()
def event(make_event):
    return make_event()


@pytest.fixture()
def organiser(event, make_user):
    return make_user("organiser", event)


def record(client, event, **overrides):
    token = csrf_token(client, f"/manage/events/{event.id}/mous/new")
    return client.post(f"/manage/events/{event.id}/mous/new", data=mou_form(token, **overrides))


def test_an_organiser_records_an_mou_on_the_form(client, db, event, organiser):
    login(client, organiser)

    response = record(client, event)

    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    mou = db.scalars(sa.select(Mou)).one()
    assert mou.value_vnd == 1_250_000_000 and mou.product_group_codes == ["food"]
    assert [p.organisation.name for p in mou.parties] == ["DNTN Hồ Quang Trí", "Công ty CP Thương mại Bách Hóa Xanh"]
    assert mou.recorded_by.id == organiser.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Biên bản ghi nhớ hợp tác tiêu thụ gạo ST25" in page and "1.250.000.000 đ" in page
    assert "21/11/2020" in page


def test_a_form_with_errors_explains_them_and_writes_nothing(client, db, event, organiser):
    login(client, organiser)

    response = record(client, event, value_vnd="-5", signed_on="2021-02-30", **{"parties-1-name": ""})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Giá trị không được là số âm." in page
    assert "Nhập một ngày có thật theo dạng YYYY-MM-DD." in page
    assert "Biên bản ghi nhớ phải có ít nhất hai bên ký kết." in page
    assert db.scalar(sa.select(sa.func.count(Mou.id))) == 0
    assert db.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert db.scalar(sa.select(sa.func.count(MouCategory.id))) == 0


def test_a_renamed_program_uploaded_as_the_scan_is_refused(client, db, app, event, organiser):
    login(client, organiser)
    token = csrf_token(client, f"/manage/events/{event.id}/mous/new")
    data = mou_form(token)
    data["document"] = (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "bien-ban-da-ky.pdf")

    response = client.post(f"/manage/events/{event.id}/mous/new", data=data, content_type="multipart/form-data")

    assert response.status_code == 200
    assert "Vui lòng tải lên bản chụp biên bản dưới dạng tệp PDF, JPEG hoặc PNG." in response.get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count(Mou.id))) == 0


def test_a_scan_uploaded_with_the_form_downloads_for_staff_only(client, db, app, event, organiser, make_user):
    login(client, organiser)
    token = csrf_token(client, f"/manage/events/{event.id}/mous/new")
    scan = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    data = mou_form(token)
    data["document"] = (io.BytesIO(scan), "Biên bản đã ký.pdf")
    response = client.post(f"/manage/events/{event.id}/mous/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    mou = db.scalars(sa.select(Mou)).one()
    url = f"/manage/events/{event.id}/mous/{mou.id}/document"

    assert client.get(url).data == scan
    other = app.test_client()
    login(other, make_user("checkin", event))
    assert other.get(url).status_code == 403


def test_edit_and_delete_are_audited(client, db, event, organiser):
    login(client, organiser)
    record(client, event)
    mou = db.scalars(sa.select(Mou)).one()
    edit_url = f"/manage/events/{event.id}/mous/{mou.id}/edit"
    page = client.get(edit_url).get_data(as_text=True)
    assert 'value="1.250.000.000"' in page and 'value="DNTN Hồ Quang Trí"' in page

    token = csrf_token(client, edit_url)
    response = client.post(edit_url, data=mou_form(token, title="Biên bản ghi nhớ tiêu thụ gạo ST25 và ST24"))
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sửa đổi" in detail and "Tên biên bản" in detail

    token = csrf_token(client, f"/manage/events/{event.id}/mous/{mou.id}")
    response = client.post(f"/manage/events/{event.id}/mous/{mou.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(sa.select(sa.func.count(Mou.id))) == 0
    assert db.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "mou").order_by(AuditEntry.id)).all() == [
        "mou.created",
        "mou.updated",
        "mou.deleted",
    ]


def test_the_list_filters_by_category_province_party_and_date(client, event, organiser):
    login(client, organiser)
    record(client, event)
    record(
        client,
        event,
        title="Biên bản ghi nhớ hợp tác với Sở Công Thương Cần Thơ",
        category="gov-gov",
        signed_on="2020-11-20",
        value_vnd="",
        **{
            "parties-0-name": "Sở Công Thương tỉnh Sóc Trăng",
            "parties-0-kind": "government",
            "parties-1-name": "Sở Công Thương thành phố Cần Thơ",
            "parties-1-kind": "government",
            "parties-1-province": "can-tho",
        },
    )
    base = f"/manage/events/{event.id}/mous/"

    def titles(query: str) -> int:
        page = client.get(base + query).get_data(as_text=True)
        return sum(title in page for title in ("tiêu thụ gạo ST25", "Sở Công Thương Cần Thơ"))

    assert titles("") == 2
    assert titles("?category=gov-gov") == 1
    assert titles("?province=can-tho") == 1
    assert titles("?party=bach hoa xanh") == 1
    assert titles("?signed_from=2020-11-21") == 1
    assert titles("?signed_from=2020-11-22&signed_to=2020-11-30") == 0
    bad = client.get(base + "?category=nope").get_data(as_text=True)
    assert "is-invalid" in bad


def test_exports_open_in_excel_with_vietnamese_text(client, event, organiser):
    login(client, organiser)
    record(client, event, notes='=HYPERLINK("http://example.com")')

    response = client.get(f"/manage/events/{event.id}/mous/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["STT", "Tên biên bản", "Loại biên bản", "Ngày ký"]
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "Biên bản ghi nhớ hợp tác tiêu thụ gạo ST25"
    assert row[6] == 1_250_000_000 and sheet.cell(2, 4).number_format == "dd/mm/yyyy"
    assert row[8] == '=HYPERLINK("http://example.com")'  # typed by a user: stays text as typed,
    assert sheet.cell(2, 9).data_type == "s"  # never a formula

    response = client.get(f"/manage/events/{event.id}/mous/export.csv?category=business-business")
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][3] == "2020-11-21" and rows[1][4] == "DNTN Hồ Quang Trí; Công ty CP Thương mại Bách Hóa Xanh"
    assert len(rows) == 2


def test_an_official_reads_the_dashboard_and_downloads_the_report(client, app, db, event, organiser, make_user):
    login(client, organiser)
    record(client, event)
    official = app.test_client()
    login(official, make_user("official", event))

    page = official.get(f"/manage/events/{event.id}/mous/summary").get_data(as_text=True)
    assert "Tổng hợp biên bản ghi nhớ" in page and "1.250.000.000 đ" in page
    assert "chart.js-4.6.1/chart.umd.min.js" in page and "mou-chart-data" in page
    listed = official.get(f"/manage/events/{event.id}/mous/").get_data(as_text=True)
    assert "tiêu thụ gạo ST25" in listed and "Ghi nhận biên bản ghi nhớ đã ký" not in listed

    report = official.get(f"/manage/events/{event.id}/mous/summary.pdf")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(report.data)).pages[0].extract_text().split())
    assert "BÁO CÁO TỔNG HỢP KẾT QUẢ KÝ KẾT BIÊN BẢN GHI NHỚ" in text
    english = official.get(f"/manage/events/{event.id}/mous/summary.pdf?report_lang=en")
    assert "SUMMARY REPORT" in PdfReader(io.BytesIO(english.data)).pages[0].extract_text()


def test_an_official_cannot_change_anything(client, app, db, event, organiser, make_user):
    login(client, organiser)
    record(client, event)
    mou = db.scalars(sa.select(Mou)).one()
    official = app.test_client()
    login(official, make_user("official", event))
    token = csrf_token(official, f"/manage/events/{event.id}/mous/summary")
    base = f"/manage/events/{event.id}/mous"

    for url in (f"{base}/new", f"{base}/{mou.id}/edit", f"{base}/categories"):
        assert official.get(url).status_code == 403, url
    for url in (
        f"{base}/new",
        f"{base}/{mou.id}/edit",
        f"{base}/{mou.id}/delete",
        f"{base}/categories/new",
        f"{base}/categories/gov-gov",
        f"{base}/categories/gov-gov/delete",
    ):
        assert official.post(url, data=mou_form(token, label_vi="X", label_en="X")).status_code == 403, url
    db.expire_all()
    assert db.scalar(sa.select(sa.func.count(Mou.id))) == 1
    assert db.scalar(sa.select(MouCategory.label_vi).where(MouCategory.code == "gov-gov")) != "X"


def test_checkin_staff_see_no_mous(client, event, make_user):
    login(client, make_user("checkin", event))
    assert client.get(f"/manage/events/{event.id}/mous/").status_code == 403
    assert client.get(f"/manage/events/{event.id}/mous/summary").status_code == 403
    assert "/mous/" not in client.get(f"/manage/events/{event.id}/").get_data(as_text=True)


def test_organisers_rename_add_and_delete_categories(client, db, event, organiser):
    login(client, organiser)
    url = f"/manage/events/{event.id}/mous/categories"
    token = csrf_token(client, url)

    client.post(
        f"{url}/gov-business",
        data={"csrf_token": token, "label_vi": "Sở Công Thương với siêu thị", "label_en": "Department with supermarkets"},
    )
    response = client.post(
        f"{url}/new",
        data={
            "csrf_token": token,
            "label_vi": "Hợp tác xã với hợp tác xã",
            "label_en": "Cooperative with cooperative",
            "code": "",
        },
    )
    assert response.status_code == 302
    codes = db.scalars(sa.select(MouCategory.code).where(MouCategory.event_id == event.id).order_by(MouCategory.position)).all()
    assert codes == ["gov-gov", "gov-business", "business-business", "cooperative-with-cooperative"]
    assert "Sở Công Thương với siêu thị" in client.get(url).get_data(as_text=True)

    duplicate = client.post(f"{url}/new", data={"csrf_token": token, "label_vi": "Trùng", "label_en": "Dup", "code": "gov-gov"})
    assert duplicate.status_code == 422
    assert "Đã có loại biên bản với mã gov-gov." in duplicate.get_data(as_text=True)

    record(client, event, category="cooperative-with-cooperative")
    refused = client.post(f"{url}/cooperative-with-cooperative/delete", data={"csrf_token": token}, follow_redirects=True)
    assert "hãy chuyển các biên bản sang loại khác trước" in refused.get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count(MouCategory.id)).where(MouCategory.code == "cooperative-with-cooperative")) == 1
    client.post(f"{url}/gov-gov/delete", data={"csrf_token": token})
    db.expire_all()
    assert db.scalar(sa.select(sa.func.count(MouCategory.id)).where(MouCategory.code == "gov-gov")) == 0


def test_pages_in_english(client, event, organiser):
    login(client, organiser)
    client.get("/?lang=en")
    record(client, event)
    page = client.get(f"/manage/events/{event.id}/mous/summary").get_data(as_text=True)
    assert "MoUs signed" in page and "1,250,000,000 VND" in page
    assert "Enterprise with enterprise, cooperative or distributor" in page
