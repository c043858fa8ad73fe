"""Check-in lists: an entry per person, list and day; every event's main entrance holds the scans made before

Revision ID: 2ade9d8ad0e6
Revises: b7e41c09d2a5
Create Date: 2026-12-03 08:52:28.877073

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "2ade9d8ad0e6"
down_revision = "b7e41c09d2a5"
branch_labels = None
depends_on = None

OLD_PROBLEMS = "'unreadable', 'forged', 'other_event', 'revoked', 'unknown_participant', 'not_approved'"
NEW_PROBLEMS = OLD_PROBLEMS + ", 'not_admitted', 'wrong_day'"
OLD_FIRST_ENTRY = sa.text("result = 'checked_in'")
REFUSED = sa.text("result = 'invalid'")
FIRST_ENTRY = {"postgresql_where": sa.text("first_entry"), "sqlite_where": sa.text("first_entry = 1")}
DEFAULT_LIST = {"postgresql_where": sa.text("is_default"), "sqlite_where": sa.text("is_default = 1")}


def upgrade():
    op.create_table(
        "checkin_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("zone", sa.String(length=40), nullable=False),
        sa.Column("allow_reentry", sa.Boolean(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("name <> ''", name=op.f("ck_checkin_list_name_given")),
        sa.CheckConstraint("zone <> ''", name=op.f("ck_checkin_list_zone_given")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_checkin_list_event_id_event"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_list")),
        sa.UniqueConstraint("event_id", "name", name=op.f("uq_checkin_list_event_id_name")),
    )
    with op.batch_alter_table("checkin_list", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_list_event_id"), ["event_id"], unique=False)
        batch_op.create_index("uq_checkin_list_default", ["event_id"], unique=True, **DEFAULT_LIST)
    op.create_table(
        "checkin_list_day",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"], ["checkin_list.id"], name=op.f("fk_checkin_list_day_list_id_checkin_list"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("list_id", "day", name=op.f("pk_checkin_list_day")),
    )
    op.create_table(
        "checkin_list_role",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "role IN ('delegate', 'exhibitor', 'buyer', 'press', 'speaker')", name=op.f("ck_checkin_list_role_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["list_id"], ["checkin_list.id"], name=op.f("fk_checkin_list_role_list_id_checkin_list"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("list_id", "role", name=op.f("pk_checkin_list_role")),
    )

    # Every event gets its main entrance, open every day to everyone; the
    # scans made before lists existed were made there.
    now = datetime.now(UTC)
    connection = op.get_bind()
    on_sqlite = connection.dialect.name == "sqlite"
    connection.execute(
        sa.text(
            "INSERT INTO checkin_list (event_id, name, name_en, zone, allow_reentry, is_default, created_at, updated_at) "
            "SELECT id, 'Cổng chính', 'Main entrance', 'main', false, true, :now, :now FROM event"
        ).bindparams(sa.bindparam("now", now.replace(tzinfo=None) if on_sqlite else now))
    )
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("entry_day", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("first_entry", sa.Boolean(), nullable=False, server_default=sa.false()))
    connection.execute(
        sa.text(
            "UPDATE scan SET first_entry = (result = 'checked_in'), list_id = "
            "(SELECT checkin_list.id FROM checkin_list WHERE checkin_list.event_id = scan.event_id AND checkin_list.is_default)"
        )
    )
    # The day on the event's clock; SQLite's connections have the app's local_day.
    if on_sqlite:
        connection.execute(
            sa.text(
                "UPDATE scan SET entry_day = (SELECT local_day(scan.scanned_at, event.timezone) FROM event "
                "WHERE event.id = scan.event_id)"
            )
        )
    else:
        connection.execute(
            sa.text(
                "UPDATE scan SET entry_day = CAST(timezone(event.timezone, scan.scanned_at) AS DATE) FROM event "
                "WHERE event.id = scan.event_id"
            )
        )
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.alter_column("list_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("entry_day", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("first_entry", existing_type=sa.Boolean(), server_default=None)
        batch_op.drop_index("uq_scan_first_entry", postgresql_where=OLD_FIRST_ENTRY, sqlite_where=OLD_FIRST_ENTRY)
        batch_op.create_index("uq_scan_first_entry", ["participant_id", "list_id", "entry_day"], unique=True, **FIRST_ENTRY)
        batch_op.create_index("ix_scan_list_day_entries", ["list_id", "entry_day", "participant_id"], unique=False, **FIRST_ENTRY)
        batch_op.drop_index("ix_scan_refused", postgresql_where=REFUSED, sqlite_where=REFUSED)
        batch_op.create_index(
            "ix_scan_refused", ["event_id", "list_id", "entry_day"], postgresql_where=REFUSED, sqlite_where=REFUSED
        )
        batch_op.create_foreign_key(batch_op.f("fk_scan_list_id_checkin_list"), "checkin_list", ["list_id"], ["id"])
        batch_op.drop_constraint(op.f("ck_scan_problem_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_scan_problem_known"), f"problem IN ({NEW_PROBLEMS})")
        batch_op.create_check_constraint(op.f("ck_scan_first_entry_is_an_entry"), "result = 'checked_in' OR NOT first_entry")


def downgrade():
    connection = op.get_bind()
    # Before lists a person had one entry, ever: their earliest; the others
    # were scans of someone already in. Refusals for a list's role or day
    # have no reason to give there and go.
    connection.execute(sa.text("DELETE FROM scan WHERE problem IN ('not_admitted', 'wrong_day')"))
    connection.execute(
        sa.text(
            "UPDATE scan SET result = 'already_checked_in', first_entry = false WHERE result = 'checked_in' AND EXISTS ("
            "SELECT 1 FROM scan AS earlier WHERE earlier.participant_id = scan.participant_id "
            "AND earlier.result = 'checked_in' AND (earlier.scanned_at, earlier.id) < (scan.scanned_at, scan.id))"
        )
    )
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_scan_first_entry_is_an_entry"), type_="check")
        batch_op.drop_constraint(op.f("ck_scan_problem_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_scan_problem_known"), f"problem IN ({OLD_PROBLEMS})")
        batch_op.drop_constraint(batch_op.f("fk_scan_list_id_checkin_list"), type_="foreignkey")
        batch_op.drop_index("ix_scan_refused", postgresql_where=REFUSED, sqlite_where=REFUSED)
        batch_op.create_index("ix_scan_refused", ["event_id"], postgresql_where=REFUSED, sqlite_where=REFUSED)
        batch_op.drop_index("ix_scan_list_day_entries", **FIRST_ENTRY)
        batch_op.drop_index("uq_scan_first_entry", **FIRST_ENTRY)
        batch_op.create_index(
            "uq_scan_first_entry", ["participant_id"], unique=True, postgresql_where=OLD_FIRST_ENTRY, sqlite_where=OLD_FIRST_ENTRY
        )
        batch_op.drop_column("first_entry")
        batch_op.drop_column("entry_day")
        batch_op.drop_column("list_id")

    op.drop_table("checkin_list_role")
    op.drop_table("checkin_list_day")
    with op.batch_alter_table("checkin_list", schema=None) as batch_op:
        batch_op.drop_index("uq_checkin_list_default", **DEFAULT_LIST)
        batch_op.drop_index(batch_op.f("ix_checkin_list_event_id"))
    op.drop_table("checkin_list")
