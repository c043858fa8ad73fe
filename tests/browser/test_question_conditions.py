"""An event's questions in a real browser: each shows to the roles it is
asked of and when the answer its condition names is given, and a visitor
registers with their answers."""

import pytest
import sqlalchemy as sa

from eventapp.domain.questions import ChoiceInput, ConditionInput, QuestionInput
from eventapp.models import ParticipantAnswer
from eventapp.services import questions

pytestmark = pytest.mark.browser


def test_questions_follow_the_role_and_the_answers_so_far(live_server, page, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    size = questions.create_question(
        db,
        organiser,
        event.id,
        QuestionInput(
            label="Diện tích gian hàng",
            kind="choice",
            choices=(ChoiceInput("9", "9 m²"), ChoiceInput("18", "18 m²")),
            roles=["exhibitor"],
        ),
    )
    bus = questions.create_question(db, organiser, event.id, QuestionInput(label="Đi xe của tỉnh", kind="yesno"))
    seats = questions.create_question(
        db, organiser, event.id, QuestionInput(label="Số ghế", kind="number", show_if=ConditionInput(bus.id, [True]))
    )
    db.commit()
    page.goto(f"{live_server}/events/{event.id}/register")
    block = {question.id: page.locator(f'[data-question="{question.id}"]') for question in (size, bus, seats)}
    assert block[size.id].is_hidden() and block[bus.id].is_visible() and block[seats.id].is_hidden()
    page.get_by_label("Đơn vị trưng bày").check()
    assert block[size.id].is_visible()
    page.get_by_label("Nhà mua hàng").check()
    assert block[size.id].is_hidden()
    page.locator(f"#answers-{bus.id}-0").check()
    assert block[seats.id].is_visible()
    page.locator(f"#answers-{bus.id}-1").check()
    assert block[seats.id].is_hidden()
    page.locator(f"#answers-{bus.id}-0").check()
    page.get_by_label("Số ghế").fill("2")

    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Thư điện tử").fill("lan@saigonco-op.com.vn")
    page.get_by_label("Tên đơn vị").fill("Saigon Co.op")
    page.get_by_label("Loại hình đơn vị").select_option("distributor")
    page.get_by_label("Tỉnh / thành phố").select_option("ho-chi-minh")
    page.locator("#consents-processing").check()
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.wait_for_url("**/p/**")
    assert "Số ghế" in page.content()
    assert sorted(db.scalars(sa.select(ParticipantAnswer.question_id))) == [bus.id, seats.id]
