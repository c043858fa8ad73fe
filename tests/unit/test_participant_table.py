"""The participant file format: headers, values, products, row errors."""

from datetime import date

import pytest

from eventapp.domain import participant_table
from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.participant_table import ImportRejected, read_participants
from eventapp.domain.registration import OrganisationInput, ParticipantInput, ProductInput
from eventapp.domain.spreadsheets import BadCell, NumberCell, Sheet, SheetRow

EVENT_DAY = date(2020, 11, 20)
HEADER = (
    "Họ và tên",
    "Thư điện tử",
    "Điện thoại",
    "Tư cách tham dự",
    "Tên đơn vị",
    "Loại hình đơn vị",
    "Tỉnh/thành phố",
    "Mã số thuế",
    "Sản phẩm OCOP",
)
HAN = (
    "Trần Thị Ngọc Hân",
    "han@banhpia.vn",
    "0912 345 678",
    "Đơn vị trưng bày",
    "Cơ sở Bánh pía Tân Huê",
    "Hộ kinh doanh",
    "Sóc Trăng",
    "2200123456",
    "Bánh pía sầu riêng|food|4; Lạp xưởng|Thực phẩm|3 sao",
)


def sheet(*rows, header=HEADER, start=1) -> Sheet:
    all_rows = [header, *rows]
    return Sheet(
        "csv", "utf-8", tuple(SheetRow(start + index, tuple(cells)) for index, cells in enumerate(all_rows)), truncated=False
    )


def read(*rows, taken=(), max_rows=100, **options):
    return read_participants(sheet(*rows, **options), event_day=EVENT_DAY, taken_emails=set(taken), max_rows=max_rows)


def problems(*rows, **options) -> list[tuple[int, str, int | None, str]]:
    with pytest.raises(ImportRejected) as error:
        read(*rows, **options)
    return [(e.row, e.column, e.product, str(e.message)) for e in error.value.row_errors]


def test_a_vietnamese_row_becomes_a_checked_registration():
    [row] = read(HAN).rows
    assert row.number == 2 and row.status == "approved"
    participant = row.participant
    assert participant.full_name == "Trần Thị Ngọc Hân" and participant.phone == "0912345678"
    assert participant.role == "exhibitor" and participant.language == "vi"
    assert participant.organisation == OrganisationInput("Cơ sở Bánh pía Tân Huê", "household", "soc-trang", "2200123456")
    assert participant.products == (ProductInput("Bánh pía sầu riêng", "food", 4), ProductInput("Lạp xưởng", "food", 3))


@pytest.mark.parametrize(
    "header",
    [
        ("full_name", "email", "role", "organisation_name", "organisation_kind", "organisation_province"),
        ("FULL NAME", "E-mail", "Role", "Organization name", "organization-kind", "Province"),
        ("ho va ten", "THU DIEN TU", "tu cach tham du", "Ten don vi", "loai hinh don vi", "tinh / thanh pho"),
        ("Họ tên", "Email", "Vai trò", "Đơn vị", "Loại hình", "Tỉnh"),
    ],
)
def test_headers_in_vietnamese_or_english_with_or_without_tone_marks(header):
    [row] = read(
        ("Lê Văn Bình", "binh@sct.soctrang.gov.vn", "delegate", "Sở Công Thương tỉnh Sóc Trăng", "government", "soc-trang"),
        header=header,
    ).rows
    assert row.participant.organisation.province == "soc-trang"


def test_title_lines_and_row_numbers_columns_are_skipped_unknown_columns_named():
    result = read(("1", *HAN, "gọi lại sau"), header=("STT", *HEADER, "Ghi chú"), start=3)
    assert result.layout.header_row == 3 and result.rows[0].number == 4
    assert result.layout.ignored == ("Ghi chú",)
    titled = Sheet("csv", "utf-8", (SheetRow(1, ("DANH SÁCH ĐẠI BIỂU",)), SheetRow(3, HEADER), SheetRow(4, HAN)), truncated=False)
    assert read_participants(titled, event_day=EVENT_DAY, taken_emails=set(), max_rows=10).rows[0].number == 4


def test_missing_required_columns_are_named():
    with pytest.raises(ValidationError) as error:
        read(("Lê Văn Bình", "binh@example.vn"), header=("Họ và tên", "Thư điện tử"))
    message = str(error.value.message)
    assert "Tư cách tham dự (role)" in message and "Tỉnh/thành phố (organisation_province)" in message
    assert "Họ và tên" not in message


def test_a_column_given_twice_is_refused():
    with pytest.raises(ValidationError, match="“Thư điện tử”, “Email” all mean email"):
        read(HAN + ("x@example.vn",), header=HEADER + ("Email",))


def test_a_file_without_a_header_row():
    with pytest.raises(ValidationError, match="The first row must name the columns"):
        read(("a", "b"), header=("Nguyễn Văn An", "an@example.vn"))


def test_a_header_without_rows_and_too_many_rows():
    with pytest.raises(ValidationError, match="no participants"):
        read()
    with pytest.raises(ValidationError, match="more than 1 participant rows"):
        read(HAN, HAN, max_rows=1)
    truncated = Sheet("csv", "utf-8", sheet(HAN).rows, truncated=True)
    with pytest.raises(ValidationError, match="more than 5"):
        read_participants(truncated, event_day=EVENT_DAY, taken_emails=set(), max_rows=5)


def row(changes: dict[int, str] | None = None) -> tuple:
    values = dict(zip(HEADER, HAN, strict=True))
    values.update({HEADER[index]: value for index, value in (changes or {}).items()})
    return tuple(values.values())


def test_every_kind_of_row_error_is_reported_with_row_and_column():
    found = problems(
        row({0: ""}),  # 2: name missing
        row({1: "not-an-email"}),  # 3
        row({1: "a3@example.vn", 2: "12345"}),  # 4
        row({1: "a4@example.vn", 3: "khách mời"}),  # 5: unknown role
        row({1: "a5@example.vn", 5: "tập đoàn"}),  # 6: unknown kind
        row({1: "a6@example.vn", 6: "Atlantis"}),  # 7
        row({1: "a7@example.vn", 7: "12"}),  # 8
        row({1: "a8@example.vn", 8: "Bánh pía"}),  # 9: no group nor stars
        row({1: "a9@example.vn", 8: "Bánh pía|food|6; Trà|đồ ăn|3"}),  # 10
        row({1: "a10@example.vn", 3: "delegate"}),  # 11: products but not an exhibitor
        row({1: "a11@example.vn", 8: ""}),  # 12: exhibitor without products
        row({1: "han@banhpia.vn"}),  # 13: same as row 2's address
        row({1: "taken@example.vn"}),  # 14: already registered
        row({1: "a14@example.vn", 8: "Bánh pía|food|3; bánh PÍA|food|4"}),  # 15
        taken={"taken@example.vn"},
    )
    assert found == [
        (2, "Họ và tên", None, "This field is required."),
        (3, "Thư điện tử", None, "Enter a valid e-mail address, e.g. ten@congty.vn."),
        (4, "Điện thoại", None, "Enter a Vietnamese phone number, e.g. 0912 345 678 or +84 912 345 678."),
        (
            5,
            "Tư cách tham dự",
            None,
            "“khách mời” is not a known value; write one of: Đại biểu (delegate); "
            "Đơn vị trưng bày (exhibitor); Nhà mua hàng (buyer); Báo chí (press); "
            "Diễn giả (speaker).",
        ),
        (
            6,
            "Loại hình đơn vị",
            None,
            "“tập đoàn” is not a known value; write one of: Cơ quan nhà nước (government); "
            "Doanh nghiệp (enterprise); Hợp tác xã (cooperative); Hộ kinh doanh "
            "(household); Nhà phân phối / chuỗi bán lẻ (distributor); Hiệp hội "
            "(association); Khác (other).",
        ),
        (7, "Tỉnh/thành phố", None, "Choose a province of Vietnam in force on the event's date."),
        (8, "Mã số thuế", None, "A tax code has 10 digits (a branch adds -001), or 12 for a household business."),
        (9, "Sản phẩm OCOP", 1, "Write each product as name|group|stars, e.g. Bánh pía sầu riêng|food|4."),
        (10, "Sản phẩm OCOP", 1, "An OCOP rating is 3, 4 or 5 stars."),
        (
            10,
            "Sản phẩm OCOP",
            2,
            "“đồ ăn” is not a known value; write one of: Thực phẩm (food); Đồ uống (beverage); "
            "Thảo dược (herbal); Vải và may mặc (textile); Lưu niệm - nội thất - trang trí "
            "(handicraft); Sinh vật cảnh (ornamental); Dịch vụ du lịch nông thôn (tourism).",
        ),
        (11, "Sản phẩm OCOP", None, "Only exhibitors list products."),
        (12, "Sản phẩm OCOP", None, "An exhibitor lists at least one OCOP product."),
        (13, "Thư điện tử", None, "This e-mail address is also on row 2."),
        (14, "Thư điện tử", None, "This e-mail address is already registered for this event."),
        (15, "Sản phẩm OCOP", None, "Each product is listed once."),
    ]


def test_bad_cells_shifted_rows_and_unknown_status():
    header = HEADER + ("Trạng thái",)
    found = problems(
        (
            *HAN[:2],
            BadCell(Text("Excel turned this cell into a date or time; format the column as Text and type the value again.")),
            *HAN[3:],
            "đã duyệt",
        ),
        (HAN[0], "b@example.vn", *HAN[2:], "chờ", "thừa"),
        header=header,
    )
    assert found == [
        (
            2,
            "Điện thoại",
            None,
            "Excel turned this cell into a date or time; format the column as Text and type the value again.",
        ),
        (
            3,
            "Trạng thái",
            None,
            "“chờ” is not a known value; write one of: Chờ duyệt (pending); Đã duyệt (approved); "
            "Từ chối (rejected); Đã hủy (cancelled); Danh sách chờ (waitlisted).",
        ),
        (3, "K", None, "This row has a value in a column without a header; check the row is not shifted."),
    ]


def test_errors_of_a_column_the_file_lacks_name_its_vietnamese_header():
    header = tuple(h for h in HEADER if h != "Sản phẩm OCOP")
    assert problems(HAN[:-1], header=header) == [(2, "Sản phẩm OCOP", None, "An exhibitor lists at least one OCOP product.")]


def test_status_values_and_defaults():
    header = HEADER + ("Trạng thái", "Ngôn ngữ")
    rows = read(
        row() + ("Chờ duyệt", "English"),
        row({1: "b@example.vn"}) + ("cancelled", ""),
        row({1: "c@example.vn"}) + ("", "en"),
        header=header,
    ).rows
    assert [(r.status, r.participant.language) for r in rows] == [("pending", "en"), ("cancelled", "vi"), ("approved", "en")]


@pytest.mark.parametrize(
    "cell, phone",
    [
        (NumberCell(912345678), "0912345678"),  # a number in Excel: the 0 is gone
        (NumberCell(912345678.0), "0912345678"),
        ("912345678", "0912345678"),  # the same, saved as CSV
        (NumberCell(2993822123), "02993822123"),  # a landline
        (NumberCell(84912345678), "0912345678"),
        ("+84 912 345 678", "0912345678"),
    ],
)
def test_phone_numbers_that_lost_their_leading_zero(cell, phone):
    [result] = read((*HAN[:2], cell, *HAN[3:])).rows
    assert result.participant.phone == phone


@pytest.mark.parametrize(
    "cell, tax_code",
    [
        (NumberCell(101234567), "0101234567"),
        (NumberCell(2200123456), "2200123456"),
        (NumberCell(94123456789), "094123456789"),
        ("0101234567-001", "0101234567-001"),
    ],
)
def test_tax_codes_that_lost_their_leading_zero(cell, tax_code):
    [result] = read((*HAN[:7], cell, HAN[8])).rows
    assert result.participant.organisation.tax_code == tax_code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bánh pía|food|4", [("Bánh pía", "food", 4, "")]),
        (
            "Bánh pía | Thực phẩm | ★★★★\nTrà mãng cầu|thao duoc|3 stars|Trà túi lọc",
            [("Bánh pía", "food", 4, ""), ("Trà mãng cầu", "herbal", 3, "Trà túi lọc")],
        ),
        (r"Gạo ST25\; túi 5kg|food|5 sao|Hạt dài\|thơm;", [("Gạo ST25; túi 5kg", "food", 5, "Hạt dài|thơm")]),
    ],
)
def test_products_cell(text, expected):
    [result] = read((*HAN[:8], text)).rows
    assert [(p.name, p.group, p.stars, p.description) for p in result.participant.products] == expected


def exported(participant: ParticipantInput, status: str, language: str):
    headers = participant_table.export_headers(language)
    values = participant_table.export_row(participant, status, language, date(2020, 11, 20))
    [result] = read(tuple(values), header=tuple(headers)).rows
    return result


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_exported_row_reads_back_unchanged(language):
    participant = ParticipantInput(
        full_name="=Nguyễn Văn An",
        email="an@example.vn",
        role="exhibitor",
        phone="02993822123",
        position="Giám đốc",
        language="en",
        booth="A12",
        organisation=OrganisationInput("HTX Hành tím Vĩnh Châu", "cooperative", "ho-chi-minh", "0101234567-001"),
        products=(
            ProductInput("Hành tím; loại 1", "food", 4, "Đóng túi|lưới\n1 kg"),
            ProductInput("Trà \\ khổ qua", "herbal", 3),
        ),
    )
    result = exported(participant, "pending", language)
    assert result.participant == participant and result.status == "pending"


def test_vietnamese_export_names_values_and_provinces():
    participant = ParticipantInput(
        full_name="Lê Văn Bình",
        email="binh@example.vn",
        role="buyer",
        organisation=OrganisationInput("Công ty CP Thương mại Bách Hóa Xanh", "distributor", "ho-chi-minh"),
    )
    assert participant_table.export_row(participant, "approved", "vi", date(2020, 11, 20)) == [
        "Lê Văn Bình",
        "binh@example.vn",
        "",
        "",
        "Nhà mua hàng",
        "Tiếng Việt",
        "Công ty CP Thương mại Bách Hóa Xanh",
        "Nhà phân phối / chuỗi bán lẻ",
        "TP. Hồ Chí Minh",
        "",
        "",
        "",
        "Đã duyệt",
    ]
    assert participant_table.export_headers("en")[:3] == ["full_name", "email", "phone"]
