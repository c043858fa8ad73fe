"""Organisers import and export participant lists through the web pages,
with CSRF on, in Vietnamese and English."""

import csv
import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from eventapp.models import Organisation, Participant, Product
from tests.conftest import csrf_token, login

HEADER = (
    "Họ và tên",
    "Thư điện tử",
    "Điện thoại",
    "Tư cách tham dự",
    "Tên đơn vị",
    "Loại hình đơn vị",
    "Tỉnh/thành phố",
    "Sản phẩm OCOP",
)
GOOD = [
    (
        "Trần Thị Ngọc Hân",
        "han@banhpia.vn",
        "0912 345 678",
        "Đơn vị trưng bày",
        "Cơ sở Bánh pía Tân Huê",
        "Hộ kinh doanh",
        "Sóc Trăng",
        "Bánh pía sầu riêng trứng muối|food|4; Lạp xưởng tươi|food|3",
    ),
    (
        "Lê Văn Bình",
        "binh@sct.soctrang.gov.vn",
        "",
        "Đại biểu",
        "Sở Công Thương tỉnh Sóc Trăng",
        "Cơ quan nhà nước",
        "soc trang",
        "",
    ),
    (
        "Nguyễn Thị Lan",
        "lan@bachhoaxanh.com",
        "",
        "Nhà mua hàng",
        "Công ty CP Thương mại Bách Hóa Xanh",
        "distributor",
        "TP. Hồ Chí Minh",
        "",
    ),
]


def csv_bytes(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode()


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(client, event_id, content: bytes, filename="danh-sach.csv", **fields):
    url = f"/manage/events/{event_id}/participants/import"
    data = {"csrf_token": csrf_token(client, url), "encoding": "auto", "file": (io.BytesIO(content), filename)}
    data.update(fields)
    return client.post(url, data=data, content_type="multipart/form-data")


def counts(db) -> tuple[int, int, int]:
    db.expire_all()
    return tuple(db.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Participant, Organisation, Product))


@pytest.fixture()
def event(make_event):
    return make_event()


@pytest.fixture()
def organiser(client, event, make_user):
    user = make_user("organiser", event)
    login(client, user)
    return user


def test_organiser_imports_a_vietnamese_csv(client, db, event, organiser, outbox):
    response = upload(client, event.id, csv_bytes(GOOD))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{event.id}/participants")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập 3 người tham dự." in page and "Trần Thị Ngọc Hân" in page
    han = db.scalars(sa.select(Participant).where(Participant.email == "han@banhpia.vn")).one()
    assert han.status == "approved" and han.organisation.province == "soc-trang"
    assert [(p.name, p.group, p.stars) for p in han.products] == [
        ("Bánh pía sầu riêng trứng muối", "food", 4),
        ("Lạp xưởng tươi", "food", 3),
    ]
    assert outbox() == []


def test_organiser_imports_an_xlsx_whose_phone_numbers_excel_made_numbers(client, db, event, organiser, outbox):
    rows = [(*GOOD[0][:2], 912345678, *GOOD[0][3:]), GOOD[1]]
    response = upload(client, event.id, xlsx_bytes(rows), filename="dai-bieu.xlsx", send_emails="y")
    assert response.status_code == 302
    han = db.scalars(sa.select(Participant).where(Participant.email == "han@banhpia.vn")).one()
    assert han.phone == "0912345678" and han.full_name == "Trần Thị Ngọc Hân"
    # Asked for: each imported person gets the approval e-mail, in their language.
    assert sorted(message["To"] for message in outbox()) == ["binh@sct.soctrang.gov.vn", "han@banhpia.vn"]


def test_bad_rows_are_reported_row_by_row_and_nothing_is_written(client, db, event, organiser, make_participant):
    make_participant(event, email="taken@example.vn")
    before = counts(db)
    rows = [
        GOOD[0],
        ("", "a@example.vn", "", "Đại biểu", "Sở Công Thương", "government", "soc-trang", ""),
        ("Lê Văn C", "c@example.vn", "123", "khách", "Sở Công Thương", "government", "Atlantis", ""),
        ("Lê Văn D", "taken@example.vn", "", "delegate", "Sở Công Thương", "government", "soc-trang", "Bánh pía|food|9"),
        ("Lê Văn E", "HAN@banhpia.vn", "", "delegate", "Sở Công Thương", "government", "soc-trang", ""),
    ]
    response = upload(client, event.id, csv_bytes(rows))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Chưa nhập dữ liệu nào" in page
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    cells = [" ".join(cell.split()) for cell in re.findall(r"<td>(.*?)</td>", table, flags=re.S)]
    reported = list(zip(cells[0::3], cells[1::3], cells[2::3], strict=True))
    assert reported == [
        ("3", "Họ và tên", "Vui lòng nhập thông tin này."),
        ("4", "Điện thoại", "Nhập số điện thoại Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678."),
        (
            "4",
            "Tư cách tham dự",
            "“khách” không phải giá trị hợp lệ; vui lòng ghi một trong các giá trị: "
            "Đại biểu (delegate); Đơn vị trưng bày (exhibitor); Nhà mua hàng (buyer); "
            "Báo chí (press); Diễn giả (speaker).",
        ),
        ("4", "Tỉnh/thành phố", "Chọn một tỉnh, thành phố của Việt Nam theo địa giới tại thời điểm diễn ra sự kiện."),
        ("5", "Thư điện tử", "Địa chỉ thư này đã được đăng ký cho sự kiện này."),
        ("5", "Sản phẩm OCOP", "Sản phẩm 1: Hạng OCOP là 3, 4 hoặc 5 sao."),
        ("6", "Thư điện tử", "Địa chỉ thư điện tử này đã có ở dòng 2."),
    ]
    assert counts(db) == before


def test_the_report_follows_the_language_switch(client, event, organiser):
    client.get("/?lang=en")
    rows = [("Lê Văn C", "c@example.vn", "", "delegate", "Sở Công Thương", "government", "Atlantis", "")]
    page = upload(client, event.id, csv_bytes(rows)).get_data(as_text=True)
    assert "Nothing was imported" in page and "Choose a province of Vietnam" in page


UNREADABLE = [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "danh-sach.csv", "không phải bảng CSV hoặc XLSX"),
    (b"%PDF-1.7\n\x00\x01binary", "danh-sach.xlsx", "không phải bảng CSV hoặc XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "danh-sach.xlsx", "Excel 97-2003"),
    (b"", "trong.csv", "Tệp không có dữ liệu."),
    ("Họ và tên;Thư điện tử\n".encode(), "chi-tieu-de.csv", "Thiếu các cột bắt buộc"),
    (",".join(HEADER).encode() + b"\n", "chi-tieu-de.csv", "Tệp có dòng tiêu đề nhưng không có người tham dự nào."),
    ("Họ và tên,Thư điện tử\nHân,han@x.vn\n".encode("utf-16-le"), "khong-bom.csv", "không phải bảng CSV"),
    (b"H\xe1 v\xe0 t\xean\n", "latin-1.csv", "không dùng bảng mã UTF-8"),
]


def test_files_that_cannot_be_read_are_refused_with_a_reason(client, db, event, organiser):
    """Whatever the file is called: its content decides."""
    for content, filename, message in UNREADABLE:
        response = upload(client, event.id, content, filename=filename)
        assert response.status_code == 422, filename
        assert message in response.get_data(as_text=True), (filename, message)
    assert counts(db) == (0, 0, 0)


def test_no_file_and_no_csrf(client, event, organiser):
    url = f"/manage/events/{event.id}/participants/import"
    missing = client.post(
        url, data={"csrf_token": csrf_token(client, url), "encoding": "auto"}, content_type="multipart/form-data"
    )
    assert missing.status_code == 422 and "Vui lòng chọn tệp cần nhập." in missing.get_data(as_text=True)
    forged = client.post(
        url, data={"encoding": "auto", "file": (io.BytesIO(csv_bytes(GOOD)), "a.csv")}, content_type="multipart/form-data"
    )
    assert forged.status_code == 400


def test_too_many_rows(app, client, db, event, organiser):
    app.config["IMPORT_MAX_ROWS"] = 2
    try:
        response = upload(client, event.id, csv_bytes(GOOD))
    finally:
        app.config["IMPORT_MAX_ROWS"] = 5000
    assert "Tệp có hơn 2 dòng người tham dự" in response.get_data(as_text=True)
    assert counts(db) == (0, 0, 0)


def test_windows_1258_csv_when_chosen(client, db, event, organiser):
    from tests.unit.test_spreadsheets import windows_1258

    text = csv_bytes(GOOD[1:2]).decode("utf-8-sig")
    refused = upload(client, event.id, windows_1258(text))
    assert "không dùng bảng mã UTF-8" in refused.get_data(as_text=True)
    assert upload(client, event.id, windows_1258(text), encoding="cp1258").status_code == 302
    assert db.scalars(sa.select(Participant)).one().organisation.name == "Sở Công Thương tỉnh Sóc Trăng"


def test_the_import_page_documents_the_columns(client, event, organiser):
    page = client.get(f"/manage/events/{event.id}/participants/import").get_data(as_text=True)
    for header in (
        "Họ và tên",
        "organisation_province",
        "Sản phẩm OCOP",
        "Bánh pía sầu riêng|food|4",
        "Windows-1258",
        "Nhà phân phối / chuỗi bán lẻ (<code>distributor</code>)",
    ):
        assert header in page
    template = client.get(f"/manage/events/{event.id}/participants/import-template.xlsx")
    assert [cell.value for cell in load_workbook(io.BytesIO(template.data)).active[1]][:2] == ["Họ và tên", "Thư điện tử"]


def test_export_honours_the_filters_with_vietnamese_headers(client, event, organiser, make_participant):
    make_participant(
        event, full_name="Nguyễn Thị Hồng", status="pending", products=[("Trà atiso", "herbal", 4)], phone="0912345678"
    )
    make_participant(event, full_name="Đỗ Văn Đạt", products=[("Kẹo dừa", "food", 3)], province="ben-tre")
    page = client.get(f"/manage/events/{event.id}/participants?status=pending&sort=name").get_data(as_text=True)
    assert f"/manage/events/{event.id}/participants/export.xlsx?status=pending&amp;sort=name" in page

    response = client.get(f"/manage/events/{event.id}/participants/export.csv?status=pending")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Họ và tên", "Thư điện tử", "Điện thoại"]
    assert len(rows) == 2 and rows[1][0] == "Nguyễn Thị Hồng" and rows[1][2] == "0912345678"
    assert rows[1][11] == "Trà atiso|Thảo dược|4" and rows[1][12] == "Chờ duyệt"

    workbook = load_workbook(
        io.BytesIO(client.get(f"/manage/events/{event.id}/participants/export.xlsx?province=ben-tre&headers=en").data)
    )
    values = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert values[0][:2] == ["full_name", "email"] and values[1][0] == "Đỗ Văn Đạt"
    assert values[1][8] == "ben-tre" and values[1][11] == "Kẹo dừa|food|3"


def test_bad_export_choices_are_explained(client, event, organiser):
    assert client.get(f"/manage/events/{event.id}/participants/export.pdf").status_code == 422
    assert client.get(f"/manage/events/{event.id}/participants/export.csv?headers=fr").status_code == 422
    assert client.get(f"/manage/events/{event.id}/participants/export.csv?status=lost").status_code == 422


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_into_another_event_unchanged(client, db, make_event, make_user, file_format):
    soc_trang = make_event()
    can_tho = make_event(name="Hội chợ OCOP Cần Thơ 2020", province="can-tho")
    admin = make_user("admin")
    login(client, admin)
    assert upload(client, soc_trang.id, csv_bytes(GOOD)).status_code == 302
    exported = client.get(f"/manage/events/{soc_trang.id}/participants/export.{file_format}?sort=name").data

    response = upload(client, can_tho.id, exported, filename=f"tu-soc-trang.{file_format}")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    def people(event):
        db.expire_all()
        return sorted(
            (
                p.full_name,
                p.email,
                p.phone,
                p.role,
                p.status,
                p.organisation_id,
                tuple((pr.name, pr.group, pr.stars) for pr in p.products),
            )
            for p in db.scalars(sa.select(Participant).where(Participant.event_id == event.id))
        )

    assert people(can_tho) == people(soc_trang)


@pytest.mark.parametrize("role, status", [("checkin", 403), ("official", 403), ("other", 403), ("anonymous", 302)])
def test_only_organisers_and_admins_import_and_export(client, event, make_event, make_user, role, status):
    if role == "other":
        login(client, make_user("organiser", make_event(name="Hội nghị khác")))
    elif role != "anonymous":
        login(client, make_user(role, event))
    base = f"/manage/events/{event.id}/participants"
    token = csrf_token(client)
    for method, url in [
        ("GET", "/import"),
        ("POST", "/import"),
        ("GET", "/export.csv"),
        ("GET", "/export.xlsx"),
        ("GET", "/import-template.xlsx"),
    ]:
        data = {"csrf_token": token, "file": (io.BytesIO(csv_bytes(GOOD)), "a.csv")} if method == "POST" else None
        response = client.open(base + url, method=method, data=data, content_type="multipart/form-data")
        assert response.status_code == status, (role, method, url)


def test_unknown_event(client, make_user):
    login(client, make_user("admin"))
    assert client.get("/manage/events/999/participants/import").status_code == 404
    assert client.get("/manage/events/999/participants/export.csv").status_code == 404


def test_a_crafted_file_of_countless_cells_is_refused_at_once_and_writes_nothing(client, db, event, organiser):
    from tests.unit.test_spreadsheets import sheet_of_tiny_cells

    response = upload(client, event.id, sheet_of_tiny_cells(1, 400_000), filename="danh-sach.xlsx")
    assert response.status_code == 422
    assert "nhiều ô hơn" in response.get_data(as_text=True)
    assert counts(db) == (0, 0, 0)
