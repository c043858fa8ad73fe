"""The MoU audit trail kept before the audit log existed moves into it, and
back on a downgrade: nothing recorded is lost."""

import json

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from eventapp.extensions import db

BEFORE_AUDIT_LOG = "4d2d454c8024"


def test_mou_trail_rows_become_audit_log_entries(app):
    with app.app_context():
        db.session.remove()
        try:
            downgrade(revision=BEFORE_AUDIT_LOG)
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO event (id, name, venue, province, starts_on, ends_on, timezone, registration_open, "
                        "description, created_at, updated_at) VALUES (1, 'Hội nghị', '', 'soc-trang', '2020-11-20', "
                        "'2020-11-21', 'Asia/Ho_Chi_Minh', true, '', '2020-11-01 08:00:00+00', '2020-11-01 08:00:00+00')"
                    )
                )
                connection.execute(
                    sa.text(
                        "INSERT INTO mou_audit (event_id, mou_id, action, actor_id, actor_email, at, changes) VALUES "
                        "(1, 7, 'created', NULL, 'bantochuc@soctrang.gov.vn', '2020-11-20 09:00:00+00', :created), "
                        "(1, 7, 'updated', NULL, 'bantochuc@soctrang.gov.vn', '2020-11-20 10:00:00+00', :updated)"
                    ),
                    {
                        "created": json.dumps({"title": "Biên bản"}),
                        "updated": json.dumps({"title": ["Biên bản", "Biên bản ghi nhớ"]}),
                    },
                )
            upgrade()
            with db.engine.connect() as connection:
                rows = connection.execute(
                    sa.text("SELECT action, target_type, target_id, actor_email, changes FROM audit_log ORDER BY id")
                ).all()
            assert [(row.action, row.target_type, row.target_id, row.actor_email) for row in rows] == [
                ("mou.created", "mou", 7, "bantochuc@soctrang.gov.vn"),
                ("mou.updated", "mou", 7, "bantochuc@soctrang.gov.vn"),
            ]
            changes = rows[1].changes if isinstance(rows[1].changes, dict) else json.loads(rows[1].changes)
            assert changes == {"title": ["Biên bản", "Biên bản ghi nhớ"]}
        finally:
            upgrade()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DELETE FROM audit_log"))
                connection.execute(sa.text("DELETE FROM event"))
