"""The capacity revision keeps every stored registration, and undoing it
hands the waiting list back to the organisers as pending registrations."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from eventapp.extensions import db

BEFORE_CAPACITY = "a7f3c2d91e04"


def participant_rows() -> list[tuple]:
    with db.engine.connect() as connection:
        return [
            tuple(row) for row in connection.execute(sa.text("SELECT id, full_name, role, status FROM participant ORDER BY id"))
        ]


def test_registrations_survive_the_capacity_revision_and_its_undoing(app):
    with app.app_context():
        db.session.remove()
        try:
            downgrade(revision=BEFORE_CAPACITY)
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO event (id, name, venue, province, starts_on, ends_on, timezone, registration_open,"
                        " description, name_en, venue_en, description_en, created_at, updated_at) VALUES (1, 'Sóc Trăng 2020',"
                        " '', 'soc-trang', '2020-11-20', '2020-11-21', 'Asia/Ho_Chi_Minh', true, '', '', '', '',"
                        " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                connection.execute(
                    sa.text(
                        "INSERT INTO organisation (id, name, name_key, kind, province, created_at, updated_at)"
                        " VALUES (1, 'Saigon Co.op', 'saigon co.op', 'distributor', 'ho-chi-minh',"
                        " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                for number, status in enumerate(["approved", "pending", "cancelled"], 1):
                    connection.execute(
                        sa.text(
                            "INSERT INTO participant (id, event_id, organisation_id, full_name, email, position, role, status,"
                            " language, access_key, search_text, badge_version, created_at, updated_at) VALUES (:id, 1, 1,"
                            " :name, :email, '', 'buyer', :status, 'vi', :key, '', 1,"
                            " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                        ),
                        {
                            "id": number,
                            "name": f"Người mua {number}",
                            "email": f"m{number}@coop.vn",
                            "status": status,
                            "key": f"k{number}",
                        },
                    )
            before = participant_rows()
            upgrade()
            assert participant_rows() == before
            with db.engine.begin() as connection:
                assert connection.execute(sa.text("SELECT registration_closes_at FROM event")).scalar_one() is None
                assert connection.execute(sa.text("SELECT count(*) FROM event_capacity")).scalar_one() == 0
                connection.execute(sa.text("INSERT INTO event_capacity (event_id, role, places) VALUES (1, 'buyer', 2)"))
                connection.execute(sa.text("UPDATE participant SET status = 'waitlisted' WHERE id = 3"))

            downgrade(revision=BEFORE_CAPACITY)
            assert participant_rows() == [before[0], before[1], (3, "Người mua 3", "buyer", "pending")]
        finally:
            upgrade()
