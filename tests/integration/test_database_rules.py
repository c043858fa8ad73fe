"""SQLite enforces foreign keys like PostgreSQL: the app turns them on for
every connection."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from eventapp.models import Participant


def test_a_row_pointing_at_nothing_is_refused(app, db, make_event, make_participant):
    participant = make_participant(make_event())
    with pytest.raises(IntegrityError):
        with db.begin_nested():
            db.execute(sa.update(Participant).where(Participant.id == participant.id).values(organisation_id=9999))
