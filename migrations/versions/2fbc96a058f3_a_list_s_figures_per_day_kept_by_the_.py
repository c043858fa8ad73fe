"""A list's figures per day kept by the database as scans are recorded: what every phone polls costs the same at any hour

Revision ID: 2fbc96a058f3
Revises: 3646502b11d7
Create Date: 2026-12-03 15:08:00.000000

``checkin_tally`` holds, per check-in list and day, the people in (first
entries of participants approved now) and the refused scans. Triggers keep it
whoever writes: the door's statement, a manual check-in, an import, a
migration, a participant's status changed by any path. The existing scans
are counted into it.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "2fbc96a058f3"
down_revision = "3646502b11d7"
branch_labels = None
depends_on = None

_APPROVED = "EXISTS (SELECT 1 FROM participant WHERE participant.id = {row}.participant_id AND participant.status = 'approved')"

# PostgreSQL: one function for a scan added, changed or removed. What the old
# row counted is taken off, what the new row counts is added; a row that
# counts nothing (a repeat, a later entry on a re-entry list) does not fire.
_POSTGRESQL_SCAN_FUNCTION = f"""
CREATE FUNCTION checkin_tally_scan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE checkin_tally
        SET entries = entries - CASE WHEN OLD.first_entry AND {_APPROVED.format(row="OLD")} THEN 1 ELSE 0 END,
            refused = refused - CASE WHEN OLD.result = 'invalid' THEN 1 ELSE 0 END
        WHERE list_id = OLD.list_id AND entry_day = OLD.entry_day;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO checkin_tally AS tally (list_id, entry_day, entries, refused)
        VALUES (
            NEW.list_id,
            NEW.entry_day,
            CASE WHEN NEW.first_entry AND {_APPROVED.format(row="NEW")} THEN 1 ELSE 0 END,
            CASE WHEN NEW.result = 'invalid' THEN 1 ELSE 0 END
        )
        ON CONFLICT (list_id, entry_day) DO UPDATE
        SET entries = tally.entries + excluded.entries, refused = tally.refused + excluded.refused;
    END IF;
    RETURN NULL;
END
$$
"""

# A participant approved, or no longer approved: each of their entries (one
# per list and day) counts, or stops counting. The rows are locked in one
# order, so two such changes at once cannot deadlock.
_POSTGRESQL_STATUS_FUNCTION = """
CREATE FUNCTION checkin_tally_participant_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM checkin_tally
    WHERE (list_id, entry_day) IN (SELECT list_id, entry_day FROM scan WHERE participant_id = NEW.id AND first_entry)
    ORDER BY list_id, entry_day
    FOR UPDATE;
    UPDATE checkin_tally
    SET entries = entries + CASE WHEN NEW.status = 'approved' THEN 1 ELSE -1 END
    WHERE (list_id, entry_day) IN (SELECT list_id, entry_day FROM scan WHERE participant_id = NEW.id AND first_entry);
    RETURN NULL;
END
$$
"""

# A participant removed: their scans first, while the participant's status
# can still be read (the foreign key's cascade would remove them after).
_POSTGRESQL_REMOVAL_FUNCTION = """
CREATE FUNCTION checkin_tally_participant_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM scan WHERE participant_id = OLD.id;
    RETURN OLD;
END
$$
"""

_COUNTED = "{row}.first_entry OR {row}.result = 'invalid'"
_STATUS_CHANGED = "(OLD.status = 'approved') IS DISTINCT FROM (NEW.status = 'approved')"

_POSTGRESQL_TRIGGERS = (
    _POSTGRESQL_SCAN_FUNCTION,
    _POSTGRESQL_STATUS_FUNCTION,
    _POSTGRESQL_REMOVAL_FUNCTION,
    f"CREATE TRIGGER checkin_tally_scan_added AFTER INSERT ON scan FOR EACH ROW WHEN ({_COUNTED.format(row='NEW')})"
    " EXECUTE FUNCTION checkin_tally_scan()",
    "CREATE TRIGGER checkin_tally_scan_changed AFTER UPDATE OF list_id, entry_day, first_entry, result, participant_id"
    " ON scan FOR EACH ROW EXECUTE FUNCTION checkin_tally_scan()",
    f"CREATE TRIGGER checkin_tally_scan_removed AFTER DELETE ON scan FOR EACH ROW WHEN ({_COUNTED.format(row='OLD')})"
    " EXECUTE FUNCTION checkin_tally_scan()",
    f"CREATE TRIGGER checkin_tally_participant_status AFTER UPDATE OF status ON participant FOR EACH ROW"
    f" WHEN ({_STATUS_CHANGED}) EXECUTE FUNCTION checkin_tally_participant_status()",
    "CREATE TRIGGER checkin_tally_participant_removed BEFORE DELETE ON participant FOR EACH ROW"
    " EXECUTE FUNCTION checkin_tally_participant_removed()",
)


def _sqlite_take_off(row: str) -> str:
    return (
        f"UPDATE checkin_tally SET entries = entries - ({row}.first_entry AND {_APPROVED.format(row=row)}),"
        f" refused = refused - ({row}.result = 'invalid') WHERE list_id = {row}.list_id AND entry_day = {row}.entry_day;"
    )


def _sqlite_add(row: str) -> str:
    return (
        "INSERT INTO checkin_tally (list_id, entry_day, entries, refused)"
        f" VALUES ({row}.list_id, {row}.entry_day, {row}.first_entry AND {_APPROVED.format(row=row)}, {row}.result = 'invalid')"
        " ON CONFLICT (list_id, entry_day) DO UPDATE"
        " SET entries = entries + excluded.entries, refused = refused + excluded.refused;"
    )


_SQLITE_STATUS_CHANGED = "(OLD.status = 'approved') IS NOT (NEW.status = 'approved')"
_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER checkin_tally_scan_added AFTER INSERT ON scan WHEN {_COUNTED.format(row='NEW')}"
    f" BEGIN {_sqlite_add('NEW')} END",
    "CREATE TRIGGER checkin_tally_scan_changed AFTER UPDATE OF list_id, entry_day, first_entry, result, participant_id"
    f" ON scan BEGIN {_sqlite_take_off('OLD')} {_sqlite_add('NEW')} END",
    f"CREATE TRIGGER checkin_tally_scan_removed AFTER DELETE ON scan WHEN {_COUNTED.format(row='OLD')}"
    f" BEGIN {_sqlite_take_off('OLD')} END",
    f"CREATE TRIGGER checkin_tally_participant_status AFTER UPDATE OF status ON participant WHEN {_SQLITE_STATUS_CHANGED}"
    " BEGIN UPDATE checkin_tally SET entries = entries + (CASE WHEN NEW.status = 'approved' THEN 1 ELSE -1 END)"
    " WHERE (list_id, entry_day) IN (SELECT list_id, entry_day FROM scan WHERE participant_id = NEW.id AND first_entry); END",
    "CREATE TRIGGER checkin_tally_participant_removed BEFORE DELETE ON participant"
    " BEGIN DELETE FROM scan WHERE participant_id = OLD.id; END",
)

_TRIGGERS = (
    ("checkin_tally_scan_added", "scan"),
    ("checkin_tally_scan_changed", "scan"),
    ("checkin_tally_scan_removed", "scan"),
    ("checkin_tally_participant_status", "participant"),
    ("checkin_tally_participant_removed", "participant"),
)
_POSTGRESQL_FUNCTIONS = ("checkin_tally_scan", "checkin_tally_participant_status", "checkin_tally_participant_removed")


def upgrade():
    op.create_table(
        "checkin_tally",
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("entry_day", sa.Date(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"], ["checkin_list.id"], name=op.f("fk_checkin_tally_list_id_checkin_list"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("list_id", "entry_day", name=op.f("pk_checkin_tally")),
    )
    # The scans made so far, counted as the triggers will count the next ones.
    op.execute(
        "INSERT INTO checkin_tally (list_id, entry_day, entries, refused)"
        " SELECT scan.list_id, scan.entry_day,"
        " sum(CASE WHEN scan.first_entry AND participant.status = 'approved' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN scan.result = 'invalid' THEN 1 ELSE 0 END)"
        " FROM scan LEFT OUTER JOIN participant ON participant.id = scan.participant_id"
        " WHERE scan.first_entry OR scan.result = 'invalid'"
        " GROUP BY scan.list_id, scan.entry_day"
    )
    triggers = _POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade():
    for name, table in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON {table}" if op.get_bind().dialect.name == "postgresql" else f"DROP TRIGGER {name}")
    if op.get_bind().dialect.name == "postgresql":
        for name in _POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("checkin_tally")
