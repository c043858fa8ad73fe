"""The OCOP certificates revision keeps every stored product as it was."""

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from eventapp.extensions import db

BEFORE_CERTIFICATES = "c05e82159b5f"


def test_stored_products_survive_the_certificates_revision_unchanged(app):
    with app.app_context():
        db.session.remove()
        try:
            downgrade(revision=BEFORE_CERTIFICATES)
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
                connection.execute(
                    sa.text(
                        "INSERT INTO participant (id, event_id, organisation_id, full_name, email, position, role, status,"
                        " language, access_key, search_text, badge_version, created_at, updated_at) VALUES (1, 1, 1,"
                        " 'Néang Sa Rươne', 'sa@detcham.vn', '', 'exhibitor', 'approved', 'vi', 'key-1', '', 1,"
                        " '2020-10-01 00:00:00', '2020-10-01 00:00:00')"
                    )
                )
                for number, (name, group) in enumerate([("Thổ cẩm Chăm", "textile"), ("Giỏ lục bình", "handicraft")], 1):
                    connection.execute(
                        sa.text(
                            'INSERT INTO product (id, participant_id, name, "group", stars, description, created_at,'
                            " updated_at) VALUES (:id, 1, :name, :group, 4, 'Dệt tay', '2020-10-01 00:00:00',"
                            " '2020-10-01 00:00:00')"
                        ),
                        {"id": number, "name": name, "group": group},
                    )
            upgrade()
            with db.engine.connect() as connection:
                rows = connection.execute(
                    sa.text('SELECT name, "group", stars, description, certificate_number FROM product ORDER BY id')
                ).all()
            assert [tuple(row) for row in rows] == [
                ("Thổ cẩm Chăm", "textile", 4, "Dệt tay", None),
                ("Giỏ lục bình", "handicraft", 4, "Dệt tay", None),
            ]
        finally:
            upgrade()
