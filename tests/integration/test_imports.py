"""Importing a participant file through the service, on SQLite and PostgreSQL."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from eventapp.domain.errors import AuthenticationRequired, PermissionDenied, ValidationError
from eventapp.domain.participant_table import ImportRejected
from eventapp.models import Organisation, Participant, Product
from eventapp.services import imports

HEADER = "Họ và tên,Thư điện tử,Điện thoại,Tư cách tham dự,Tên đơn vị,Loại hình đơn vị,Tỉnh/thành phố,Mã số thuế,Sản phẩm OCOP,Trạng thái"
ROWS = [
    'Trần Thị Ngọc Hân,han@banhpia.vn,0912 345 678,Đơn vị trưng bày,Cơ sở Bánh pía Tân Huê,Hộ kinh doanh,Sóc Trăng,2200123456,"Bánh pía sầu riêng trứng muối|food|4; Lạp xưởng tươi|food|3",',
    "Thạch Văn Sa,sa@banhpia.vn,,Đơn vị trưng bày,CƠ SỞ BÁNH PÍA TÂN HUÊ,household,soc trang,,Bánh pía chay|food|3,Chờ duyệt",
    "Lê Văn Bình,binh@sct.soctrang.gov.vn,0299 3822 123,Đại biểu,Sở Công Thương tỉnh Sóc Trăng,Cơ quan nhà nước,soc-trang,,,",
    "Nguyễn Thị Lan,lan@saigonco-op.com.vn,,buyer,Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op),Nhà phân phối,TP. Hồ Chí Minh,,,",
]


def csv_file(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode()


def counts(db) -> tuple[int, int, int]:
    return tuple(db.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Participant, Organisation, Product))


@pytest.fixture()
def event(make_event):
    return make_event()


@pytest.fixture()
def organiser(make_user, event):
    return make_user("organiser", event, email="bantochuc@example.vn")


def run(db, actor, event, content: bytes, **options):
    return imports.import_participants(db, actor, event.id, content, max_rows=100, **options)


def test_a_csv_adds_everyone_with_shared_organisations(db, event, organiser, outbox):
    result = run(db, organiser, event, csv_file(*ROWS))
    db.commit()

    assert result.created == 4 and result.by_status == {"approved": 3, "pending": 1}
    assert result.organisations_created == 3 and result.emails_queued == 0
    people = {p.email: p for p in db.scalars(sa.select(Participant))}
    han, sa_ = people["han@banhpia.vn"], people["sa@banhpia.vn"]
    assert han.organisation is sa_.organisation  # same name (any case) in the same province
    assert han.organisation.tax_code == "2200123456"
    assert [(p.name, p.stars) for p in han.products] == [("Bánh pía sầu riêng trứng muối", 4), ("Lạp xưởng tươi", 3)]
    assert han.phone == "0912345678" and han.status == "approved" and sa_.status == "pending"
    assert people["lan@saigonco-op.com.vn"].organisation.province == "ho-chi-minh"
    assert "tran thi ngoc han" in han.search_text
    assert outbox() == []  # nobody is told unless the organiser asks


def test_confirmation_emails_on_request(db, event, organiser, outbox):
    result = run(db, organiser, event, csv_file(*ROWS), send_emails=True)
    db.commit()
    assert result.emails_queued == 4
    subjects = {message["To"]: message["Subject"] for message in outbox()}
    assert "Đã nhận đăng ký" in subjects["sa@banhpia.vn"]  # pending
    assert "Đã nhận đăng ký" not in subjects["han@banhpia.vn"]


def test_one_bad_row_and_nothing_is_written(db, event, organiser, make_participant, outbox):
    make_participant(event, email="taken@example.vn")
    before = counts(db)
    content = csv_file(*ROWS, ROWS[0].replace("han@banhpia.vn", "taken@example.vn"))
    with pytest.raises(ImportRejected) as error:
        run(db, organiser, event, content, send_emails=True)
    db.rollback()
    assert [(e.row, e.column) for e in error.value.row_errors] == [(6, "Thư điện tử")]
    assert counts(db) == before
    assert outbox() == []


def test_an_organisation_that_conflicts_with_stored_data(db, event, organiser):
    run(db, organiser, event, csv_file(ROWS[0]))
    db.commit()
    before = counts(db)
    other = csv_file(ROWS[2], ROWS[1].replace(",,Bánh pía chay", ",2200999999,Bánh pía chay"))
    with pytest.raises(ImportRejected) as error:
        run(db, organiser, event, other)
    db.rollback()
    [problem] = error.value.row_errors
    assert (problem.row, problem.column) == (3, "Mã số thuế")
    assert "another tax code" in str(problem.message)
    assert counts(db) == before  # the first row's new organisation was undone too


def test_the_same_file_twice_adds_nobody(db, event, organiser):
    run(db, organiser, event, csv_file(*ROWS))
    db.commit()
    with pytest.raises(ImportRejected) as error:
        run(db, organiser, event, csv_file(*ROWS))
    assert len(error.value.row_errors) == 4


def test_xlsx_with_numbers_where_excel_put_them(db, event, organiser):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "STT",
            "Họ và tên",
            "Thư điện tử",
            "Điện thoại",
            "Tư cách tham dự",
            "Tên đơn vị",
            "Loại hình đơn vị",
            "Tỉnh/thành phố",
            "Mã số thuế",
            "Sản phẩm OCOP",
        ]
    )
    sheet.append(
        [
            1,
            "Đặng Thị Thu Hà",
            "ha@lapxuong.vn",
            912345678,
            "exhibitor",
            "Cơ sở Lạp xưởng Út Lan",
            "household",
            "Sóc Trăng",
            101234567,
            "Lạp xưởng tôm|food|3",
        ]
    )
    output = io.BytesIO()
    workbook.save(output)
    result = run(db, organiser, event, output.getvalue())
    db.commit()
    assert result.file_format == "xlsx"
    person = db.scalars(sa.select(Participant)).one()
    assert (person.full_name, person.phone, person.organisation.tax_code) == ("Đặng Thị Thu Hà", "0912345678", "0101234567")


def test_exactly_the_limit_is_fine_one_more_is_not(db, event, organiser):
    content = csv_file(*ROWS)
    with pytest.raises(ValidationError, match="more than 3 participant rows"):
        imports.import_participants(db, organiser, event.id, content, max_rows=3)
    assert imports.import_participants(db, organiser, event.id, content, max_rows=4).created == 4


def test_a_file_level_problem_writes_nothing(db, event, organiser):
    with pytest.raises(ValidationError, match="empty"):
        run(db, organiser, event, b"")
    assert counts(db) == (0, 0, 0)


def test_only_organisers_of_the_event_import(db, event, make_event, make_user):
    other_event = make_event(name="Hội nghị khác")
    for actor in (
        make_user("checkin", event, email="cua@example.vn"),
        make_user("official", event, email="lanhdao@example.vn"),
        make_user("organiser", other_event, email="khac@example.vn"),
    ):
        with pytest.raises(PermissionDenied):
            run(db, actor, event, csv_file(*ROWS))
    with pytest.raises(AuthenticationRequired):
        run(db, None, event, csv_file(*ROWS))
    admin = make_user("admin", email="admin@example.vn")
    assert run(db, admin, event, csv_file(*ROWS)).created == 4
