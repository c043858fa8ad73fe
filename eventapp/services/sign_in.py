"""Signing in, so that passwords cannot be guessed online.

Ten failed attempts for one e-mail address within 15 minutes lock that
address's sign-in for 15 minutes, whatever password comes next. The count
lives in the database (``login_lockout``): it holds across every worker and a
restart. Unknown addresses are counted and hashed like known ones, so neither
the answer nor its timing tells which addresses have accounts. (Per-IP limits
are Flask-Limiter's, in ``eventapp.rate_limits``.)
"""

from datetime import UTC, datetime, timedelta
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.domain.contact import normalise_email
from eventapp.domain.errors import NotFound, PermissionDenied, Text, TooManyAttempts
from eventapp.domain.vocabulary import EventRole
from eventapp.models import LoginLockout, Membership, User
from eventapp.services import audit
from eventapp.services.access import require_signed_in

MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)

LOCKED_MESSAGE = Text(
    "Too many failed sign-ins for this e-mail address. Sign-in is locked for 15 minutes; "
    "an organiser or administrator can unlock it sooner."
)


def lockout_key(email: str) -> str:
    """The address as accounts store it; text that is no address is counted too."""
    try:
        return normalise_email(email)
    except ValueError:
        return email.strip().lower()[:254]


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not anybody's password", method=method)


def authenticate(session: so.Session, email: str, password: str, *, now: datetime | None = None) -> User | None:
    """The account, or None for a wrong address or password (the failure is
    counted: the caller commits either way). Raises ``TooManyAttempts`` while
    the address is locked and ``PermissionDenied`` for a disabled account."""
    now = now or datetime.now(UTC)
    key = lockout_key(email)
    lockout = session.scalar(sa.select(LoginLockout).where(LoginLockout.email == key).execution_options(populate_existing=True))
    if lockout is not None and lockout.locked_until is not None and lockout.locked_until > now:
        raise TooManyAttempts(LOCKED_MESSAGE)
    user = session.scalar(sa.select(User).where(User.email == key))
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        _count_failure(session, key, now)
        return None
    if not user.check_password(password):
        _count_failure(session, key, now)
        return None
    if lockout is not None:
        session.delete(lockout)
    if user.disabled:
        raise PermissionDenied(Text("This account is disabled. Ask an administrator."))
    session.flush()
    return user


def _count_failure(session: so.Session, key: str, now: datetime) -> None:
    # An UPDATE in the database, not a read-modify-write: two workers failing
    # at once both count.
    recent = LoginLockout.first_failure_at > now - FAILURE_WINDOW
    updated = session.execute(
        sa.update(LoginLockout)
        .where(LoginLockout.email == key)
        .values(
            failures=sa.case((recent, LoginLockout.failures + 1), else_=1),
            first_failure_at=sa.case((recent, LoginLockout.first_failure_at), else_=now),
            locked_until=sa.case(
                (sa.and_(recent, LoginLockout.failures + 1 >= MAX_FAILURES), now + LOCKOUT),
                else_=None,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    # Session.execute is typed Result; for an UPDATE it returns a CursorResult, which has the row count (sqlalchemy#9185).
    if updated.rowcount == 0:  # type: ignore[attr-defined]
        try:
            with session.begin_nested():
                session.add(LoginLockout(email=key, failures=1, first_failure_at=now))
        except sa.exc.IntegrityError:  # another worker counted the first failure just now
            _count_failure(session, key, now)


def lift_lockout(session: so.Session, actor: User | None, email: str) -> None:
    """Unlock an address's sign-in: administrators for anyone, organisers for
    the staff of their events."""
    actor = require_signed_in(actor)
    key = lockout_key(email)
    if not actor.is_admin:
        organised = sa.select(Membership.event_id).where(Membership.user_id == actor.id, Membership.role == EventRole.ORGANISER)
        staff_there = session.scalar(
            sa.select(Membership.id)
            .join(User, User.id == Membership.user_id)
            .where(User.email == key, Membership.event_id.in_(organised))
            .limit(1)
        )
        if staff_there is None:
            raise PermissionDenied(Text("You can unlock only the staff of events you organise."))
    unlock(session, email, actor)


def unlock(session: so.Session, email: str, actor: User | None = None) -> None:
    """Lift an address's lockout (the command line's operator, or after the
    checks of ``lift_lockout``)."""
    key = lockout_key(email)
    lockout = session.scalar(sa.select(LoginLockout).where(LoginLockout.email == key))
    if lockout is None:
        raise NotFound(Text("Sign-in is not locked for this e-mail address."))
    audit.record(session, actor, "sign_in.unlocked", "login_lockout", lockout.id, changes={"email": key})
    session.delete(lockout)
    session.flush()
