"""The consent and erasure revisions leave every stored registration and
scan as it was: nobody is erased, nobody's consent is invented (they stay in
the catalogue as before), and undoing them reads an "erased" refusal at the
door as "not approved"; the database keeps consents sound."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from eventapp.extensions import db
from eventapp.models import Consent, PrivacyNotice

BEFORE_CONSENTS = "25558a2098a7"
BEFORE_ERASURE = "3031dfe7351f"


def _insert_registration(connection) -> None:
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
            " VALUES (1, 'HTX Lúa Gạo', 'htx lúa gạo', 'cooperative', 'soc-trang', '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
        )
    )
    connection.execute(
        sa.text(
            "INSERT INTO participant (id, event_id, organisation_id, full_name, email, position, role, status,"
            " language, access_key, search_text, badge_version, created_at, updated_at) VALUES (1, 1, 1,"
            " 'Trần Thị Lúa', 'lua@htx.vn', '', 'exhibitor', 'approved', 'vi', 'key-1', '', 1,"
            " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
        )
    )


def test_registrations_survive_the_consent_and_erasure_revisions_and_their_undoing(app, client):
    with app.app_context():
        db.session.remove()
        try:
            downgrade(revision=BEFORE_CONSENTS)
            assert "consent" not in sa.inspect(db.engine).get_table_names()
            with db.engine.begin() as connection:
                _insert_registration(connection)
            upgrade()
            with db.engine.connect() as connection:
                assert connection.execute(sa.text("SELECT full_name, erased_at FROM participant")).all() == [
                    ("Trần Thị Lúa", None)
                ]
                assert connection.execute(sa.text("SELECT count(*) FROM consent")).scalar() == 0
            # Registered before consents existed: in the catalogue as before.
            assert [item["id"] for item in client.get("/api/v1/events/1/catalogue").get_json()["items"]] == [1]

            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO checkin_list (id, event_id, name, name_en, zone, allow_reentry, is_default,"
                        " created_at, updated_at) VALUES (1, 1, 'Cổng chính', '', 'main', false, true,"
                        " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                connection.execute(
                    sa.text(
                        "INSERT INTO scan (event_id, participant_id, list_id, entry_day, first_entry, code, result, problem, method,"
                        " gate, device, scanned_at, received_at) VALUES (1, 1, 1, '2020-11-20', false, '1-1-1-X', 'invalid', 'erased',"
                        " 'qr', '', '', '2020-11-20 08:00:00', '2020-11-20 08:00:00')"
                    )
                )
            downgrade(revision=BEFORE_ERASURE)
            with db.engine.connect() as connection:
                assert connection.execute(sa.text("SELECT problem FROM scan")).scalar() == "not_approved"
            downgrade(revision=BEFORE_CONSENTS)
            with db.engine.connect() as connection:
                assert connection.execute(sa.text("SELECT count(*) FROM participant")).scalar() == 1
        finally:
            upgrade()


def test_the_database_refuses_unknown_purposes_and_a_second_notice_of_one_version(db, make_event, make_participant):
    event = make_event()
    person = make_participant(event)
    notice = PrivacyNotice(event_id=event.id, version=1, text_vi="Thông báo")
    db.add(notice)
    db.flush()
    for bad in (
        Consent(participant_id=person.id, purpose="marketing", granted=True, notice_id=notice.id, method="online"),
        Consent(participant_id=person.id, purpose="news", granted=True, notice_id=notice.id, method="fax"),
        PrivacyNotice(event_id=event.id, version=1, text_vi="Lần hai"),
        PrivacyNotice(event_id=event.id, version=2, text_vi=""),
    ):
        with db.begin_nested():
            db.add(bad)
            with pytest.raises(IntegrityError):
                db.flush()
    db.rollback()
