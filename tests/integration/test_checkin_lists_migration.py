"""The check-in lists revision gives every event its main entrance and puts
the scans made before there, each on its day on the event's clock; a
downgrade keeps one entry per person, their earliest."""

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade

from eventapp.extensions import db

LISTS = "2ade9d8ad0e6"
SCAN_COLUMNS = "event_id, participant_id, code, result, problem, method, gate, device, scanned_at, received_at"


def test_existing_scans_go_to_the_main_entrance_on_their_local_day_and_back(app):
    with app.app_context():
        db.session.remove()
        scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        before_lists = scripts.get_revision(LISTS).down_revision
        try:
            downgrade(revision=before_lists)
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO event (id, name, venue, province, starts_on, ends_on, timezone, registration_open,"
                        " description, created_at, updated_at) VALUES (1, 'Sóc Trăng 2020', '', 'soc-trang', '2020-11-20',"
                        " '2020-11-21', 'Asia/Ho_Chi_Minh', true, '', '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                connection.execute(
                    sa.text(
                        "INSERT INTO organisation (id, name, name_key, kind, province, created_at, updated_at)"
                        " VALUES (1, 'HTX Dệt Chăm', 'htx det cham', 'cooperative', 'an-giang',"
                        " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                for number in (1, 2):
                    connection.execute(
                        sa.text(
                            "INSERT INTO participant (id, event_id, organisation_id, full_name, email, position, role,"
                            " status, language, access_key, search_text, badge_version, created_at, updated_at) VALUES"
                            " (:id, 1, 1, 'Néang Sa Rươne', :email, '', 'exhibitor', 'approved', 'vi', :key, '', 1,"
                            " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                        ),
                        {"id": number, "email": f"sa{number}@detcham.vn", "key": f"key-{number}"},
                    )
                # 23:30 UTC on 20 November is 06:30 on 21 November in Sóc Trăng.
                for values in (
                    "1, 1, 'A', 'checked_in', NULL, 'qr', '', '', '2020-11-20 23:30:00', '2020-11-20 23:30:00'",
                    "1, 1, 'A', 'already_checked_in', NULL, 'qr', '', '', '2020-11-21 02:00:00', '2020-11-21 02:00:00'",
                    "1, 2, 'B', 'checked_in', NULL, 'qr', '', '', '2020-11-20 01:00:00', '2020-11-20 01:00:00'",
                    "1, NULL, 'rác', 'invalid', 'unreadable', 'qr', '', '', '2020-11-20 01:05:00', '2020-11-20 01:05:00'",
                ):
                    connection.execute(sa.text(f"INSERT INTO scan ({SCAN_COLUMNS}) VALUES ({values})"))
            upgrade(revision=LISTS)
            with db.engine.begin() as connection:
                [(main, name, name_en, zone, is_default)] = connection.execute(
                    sa.text("SELECT id, name, name_en, zone, is_default FROM checkin_list WHERE event_id = 1")
                ).all()
                assert (name, name_en, zone, bool(is_default)) == ("Cổng chính", "Main entrance", "main", True)
                rows = connection.execute(sa.text("SELECT list_id, entry_day, first_entry, result FROM scan ORDER BY id")).all()
                assert [(row.list_id, str(row.entry_day), bool(row.first_entry)) for row in rows] == [
                    (main, "2020-11-21", True),
                    (main, "2020-11-21", False),
                    (main, "2020-11-20", True),
                    (main, "2020-11-20", False),
                ]
                # A second day's entry, as the lists allow, which the old schema cannot hold.
                connection.execute(
                    sa.text(
                        f"INSERT INTO scan ({SCAN_COLUMNS}, list_id, entry_day, first_entry) VALUES (1, 2, 'B', 'checked_in',"
                        " NULL, 'qr', '', '', '2020-11-21 01:00:00', '2020-11-21 01:00:00', :main, '2020-11-21', true)"
                    ),
                    {"main": main},
                )
            downgrade(revision=before_lists)
            with db.engine.connect() as connection:
                results = connection.execute(sa.text("SELECT participant_id, result FROM scan ORDER BY id")).all()
            assert [tuple(row) for row in results] == [
                (1, "checked_in"),
                (1, "already_checked_in"),
                (2, "checked_in"),
                (None, "invalid"),
                (2, "already_checked_in"),
            ]
        finally:
            upgrade()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DELETE FROM scan"))
                connection.execute(sa.text("DELETE FROM participant"))
                connection.execute(sa.text("DELETE FROM organisation"))
                connection.execute(sa.text("DELETE FROM checkin_list"))
                connection.execute(sa.text("DELETE FROM event"))
