"""An event's questions in participant files: one column each, headed by
the question's label; an exported list imports back with its answers, and
an import checks them like the form does (SQLite and PostgreSQL)."""

import csv
import io

import pytest
import sqlalchemy as sa

from eventapp.domain.participant_table import ImportRejected
from eventapp.domain.questions import ChoiceInput, ConditionInput, QuestionInput
from eventapp.models import Participant, ParticipantAnswer
from eventapp.services import exports, imports, participants, questions, registration
from eventapp.services.registration import as_input

HEADER = "Họ và tên,Thư điện tử,Tư cách tham dự,Tên đơn vị,Loại hình đơn vị,Tỉnh/thành phố"


def define(db, organiser, event) -> dict[str, int]:
    bus = questions.create_question(
        db, organiser, event.id, QuestionInput(label="Đi xe của tỉnh", label_en="Province bus", kind="yesno")
    )
    made = [
        bus,
        questions.create_question(
            db,
            organiser,
            event.id,
            QuestionInput(label="Số ghế", kind="number", required=True, show_if=ConditionInput(bus.id, [True])),
        ),
        questions.create_question(
            db,
            organiser,
            event.id,
            QuestionInput(
                label="Mẫu sản phẩm",
                label_en="Samples",
                kind="multi",
                choices=(ChoiceInput("tea", "Trà", "Tea"), ChoiceInput("rice", "Gạo", "Rice")),
            ),
        ),
        questions.create_question(db, organiser, event.id, QuestionInput(label="Ngày đến", kind="date")),
        questions.create_question(db, organiser, event.id, QuestionInput(label="Ghi chú", kind="text")),
    ]
    db.commit()
    return {row.label: row.id for row in made}


@pytest.fixture()
def organiser(make_user, make_event):
    event = make_event()
    return make_user("organiser", event, email="bantochuc@example.vn"), event


def delegate(email: str, answers: dict) -> registration.ParticipantInput:
    return registration.ParticipantInput(
        full_name="Lê Văn Bình",
        email=email,
        role="delegate",
        organisation=registration.OrganisationInput(
            name="Sở Công Thương tỉnh Sóc Trăng", kind="government", province="soc-trang"
        ),
        answers=answers,
    )


def export_rows(db, organiser, event, language: str) -> list[list[str]]:
    exported = exports.export_participants(
        db, organiser, event.id, participants.ParticipantFilter(), file_format="csv", header_language=language
    )
    return list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))


def test_each_question_is_a_column_headed_by_its_label(db, organiser):
    staff, event = organiser
    ids = define(db, staff, event)
    registration.register(
        db,
        staff,
        event.id,
        delegate(
            "binh@sct.vn", {str(ids["Đi xe của tỉnh"]): True, str(ids["Số ghế"]): 2.5, str(ids["Mẫu sản phẩm"]): ["rice", "tea"]}
        ),
    )
    db.commit()
    header, row = export_rows(db, staff, event, "vi")
    assert header[-5:] == ["Đi xe của tỉnh", "Số ghế", "Mẫu sản phẩm", "Ngày đến", "Ghi chú"]
    assert row[-5:] == ["Có", "2.5", "Trà; Gạo", "", ""]
    header, row = export_rows(db, staff, event, "en")
    assert header[-5:] == ["Province bus", "Số ghế", "Samples", "Ngày đến", "Ghi chú"]
    assert row[-5:] == ["yes", "2.5", "tea; rice", "", ""]
    template = exports.import_template(db, staff, event.id, file_format="csv")
    assert template.content.decode("utf-8-sig").strip().endswith("Đi xe của tỉnh,Số ghế,Mẫu sản phẩm,Ngày đến,Ghi chú")


def test_an_exported_list_imports_back_with_its_answers(db, organiser, make_event, make_user):
    staff, event = organiser
    ids = define(db, staff, event)
    registration.register(
        db,
        staff,
        event.id,
        delegate(
            "binh@sct.vn",
            {
                str(ids["Đi xe của tỉnh"]): True,
                str(ids["Số ghế"]): 3,
                str(ids["Mẫu sản phẩm"]): ["tea"],
                str(ids["Ngày đến"]): "2020-11-19",
            },
        ),
    )
    db.commit()
    content = exports.export_participants(db, staff, event.id, participants.ParticipantFilter(), file_format="xlsx").content
    # The next edition asks the same questions.
    other = make_event(name="Sóc Trăng 2021")
    other_staff = make_user("organiser", other)
    new_ids = define(db, other_staff, other)
    imports.import_participants(db, other_staff, other.id, content, max_rows=10)
    db.commit()
    person = db.scalars(sa.select(Participant).where(Participant.event_id == other.id)).one()
    assert as_input(person).answers == {
        str(new_ids["Đi xe của tỉnh"]): True,
        str(new_ids["Số ghế"]): 3,
        str(new_ids["Mẫu sản phẩm"]): ["tea"],
        str(new_ids["Ngày đến"]): "2020-11-19",
    }


def test_bad_and_missing_answers_are_row_errors_at_their_column(db, organiser):
    staff, event = organiser
    define(db, staff, event)
    lines = [
        HEADER + ",Province bus,Số ghế,Samples",
        "An,an@x.vn,Đại biểu,Sở A,Cơ quan nhà nước,Sóc Trăng,có,,",
        "Bình,binh@x.vn,Đại biểu,Sở B,Cơ quan nhà nước,Sóc Trăng,không,,Cà phê",
        "Chi,chi@x.vn,Đại biểu,Sở C,Cơ quan nhà nước,Sóc Trăng,không,,trà; GẠO",
    ]
    with pytest.raises(ImportRejected) as rejected:
        imports.import_participants(db, staff, event.id, "\r\n".join(lines).encode(), max_rows=10)
    db.rollback()
    assert [(error.row, error.column) for error in rejected.value.row_errors] == [(2, "Số ghế"), (3, "Samples")]
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0
    imports.import_participants(db, staff, event.id, "\r\n".join([lines[0], lines[3]]).encode(), max_rows=10)
    db.commit()
    assert db.scalars(sa.select(ParticipantAnswer.value).order_by(ParticipantAnswer.question_id)).all() == [
        False,
        ["tea", "rice"],
    ]
