"""The questions revision adds its two tables and leaves every stored
registration as it was; the database itself keeps questions and answers
sound."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from eventapp.extensions import db
from eventapp.models import EventQuestion, ParticipantAnswer

BEFORE_QUESTIONS = "13dfc8d63770"


def test_registrations_survive_the_questions_revision_and_its_undoing(app):
    with app.app_context():
        db.session.remove()
        try:
            downgrade(revision=BEFORE_QUESTIONS)
            assert "event_question" not in sa.inspect(db.engine).get_table_names()
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO event (id, name, venue, province, starts_on, ends_on, timezone, registration_open,"
                        " description, name_en, venue_en, description_en, created_at, updated_at) VALUES (1,"
                        " 'Sóc Trăng 2020', '', 'soc-trang', '2020-11-20', '2020-11-21', 'Asia/Ho_Chi_Minh', true, '',"
                        " '', '', '', '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                connection.execute(
                    sa.text(
                        "INSERT INTO organisation (id, name, name_key, kind, province, created_at, updated_at)"
                        " VALUES (1, 'HTX Lúa Gạo', 'htx lúa gạo', 'cooperative', 'soc-trang',"
                        " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                connection.execute(
                    sa.text(
                        "INSERT INTO participant (id, event_id, organisation_id, full_name, email, position, role, status,"
                        " language, access_key, search_text, badge_version, created_at, updated_at) VALUES (1, 1, 1,"
                        " 'Trần Thị Lúa', 'lua@htx.vn', '', 'delegate', 'approved', 'vi', 'key-1', '', 1,"
                        " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
            upgrade()
            with db.engine.connect() as connection:
                assert connection.execute(sa.text("SELECT full_name, status FROM participant")).all() == [
                    ("Trần Thị Lúa", "approved")
                ]
                assert connection.execute(sa.text("SELECT count(*) FROM participant_answer")).scalar() == 0
            downgrade(revision=BEFORE_QUESTIONS)
            with db.engine.connect() as connection:
                assert connection.execute(sa.text("SELECT count(*) FROM participant")).scalar() == 1
        finally:
            upgrade()


def test_the_database_refuses_unknown_kinds_half_conditions_and_two_answers(db, make_event, make_participant):
    event = make_event()
    person = make_participant(event, role="delegate")
    for bad in (
        EventQuestion(event_id=event.id, label="X", kind="slider"),
        EventQuestion(event_id=event.id, label="X", kind="text", show_if_values=["a"]),
    ):
        db.add(bad)
        with pytest.raises(IntegrityError):
            db.flush()
        db.rollback()
    question = EventQuestion(event_id=event.id, label="Ghi chú", kind="text")
    db.add(question)
    db.flush()
    db.add_all(
        [
            ParticipantAnswer(participant_id=person.id, question_id=question.id, value="a"),
            ParticipantAnswer(participant_id=person.id, question_id=question.id, value="b"),
        ]
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
