"""Staff accounts, their event roles and API tokens."""

import time
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from eventapp.domain.contact import normalise_email
from eventapp.domain.errors import NotFound, Text, ValidationError
from eventapp.domain.vocabulary import EventRole
from eventapp.models import ApiToken, Membership, User
from eventapp.models.accounts import hash_token
from eventapp.services.access import Caller, caller_from_rows, get_event

MIN_PASSWORD_LENGTH = 8


def _check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {field: Text("At least %(limit)s characters.", {"limit": MIN_PASSWORD_LENGTH})},
        )


def find_user(session: so.Session, email: str) -> User | None:
    try:
        address = normalise_email(email)
    except ValueError:
        return None
    return session.scalar(sa.select(User).where(User.email == address))


def create_user(
    session: so.Session, email: str, password: str, *, role: str, event_id: int | None = None, full_name: str = ""
) -> User:
    """A new account, or a new role for an existing one (the password is then
    left as it is). ``role`` is ``admin`` or an event role with ``event_id``."""
    try:
        address = normalise_email(email)
    except ValueError as error:
        raise ValidationError(error.args[0], {"email": error.args[0]}) from None
    if role != "admin" and role not in set(EventRole):
        raise ValidationError(Text("Unknown role %(role)s.", {"role": role}))
    if role != "admin" and event_id is None:
        raise ValidationError(Text("An event role needs an event."), {"event": Text("This field is required.")})
    user = session.scalar(sa.select(User).where(User.email == address))
    if user is None:
        _check_password_strength(password)
        user = User(email=address, full_name=full_name)
        user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
        session.add(user)
    if role == "admin":
        user.is_admin = True
    else:
        get_event(session, event_id)
        exists = session.scalar(
            sa.select(Membership.id).where(
                Membership.user_id == user.id, Membership.event_id == event_id, Membership.role == role
            )
        )
        if exists is None:
            user.memberships.append(Membership(event_id=event_id, role=role))
    session.flush()
    return user


def authenticate(session: so.Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    if user is None or not user.check_password(password):
        return None
    return user


def change_password(session: so.Session, actor: User, current: str, new: str) -> None:
    if not actor.check_password(current):
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"current_password": Text("The current password is not right.")}
        )
    _check_password_strength(new, "new_password")
    actor.set_password(new, current_app.config["PASSWORD_HASH_METHOD"])
    session.flush()


def issue_token(session: so.Session, email: str, label: str = "") -> str:
    """A new API token for the account; only its hash is kept."""
    user = find_user(session, email)
    if user is None:
        raise NotFound(Text("No account with this e-mail address."))
    token = ApiToken.generate()
    session.add(ApiToken(user=user, token_hash=hash_token(token), label=label, created_at=datetime.now(UTC)))
    session.flush()
    return token


# Token hash -> (when it stops being trusted, the caller), per worker process.
# A scanning phone sends its token with every scan; the account and its roles
# are read once every few seconds instead of on every scan. A revoked token or
# role is therefore honoured within that many seconds.
_callers: dict[str, tuple[float, Caller]] = {}
_CALLERS_KEPT = 10_000  # bounds the memory a flood of distinct valid tokens could take


def caller_for_token(session: so.Session, token: str, *, max_age: float) -> Caller | None:
    """Who holds ``token``, as read from the database at most ``max_age``
    seconds ago; None for a token that is not (or no longer) valid."""
    key = hash_token(token)
    now = time.monotonic()
    known = _callers.get(key)
    if known is not None and known[0] > now:
        return known[1]
    rows = session.execute(
        sa.select(User.id, User.email, User.is_admin, Membership.event_id, Membership.role)
        .join(ApiToken, ApiToken.user_id == User.id)
        .outerjoin(Membership, Membership.user_id == User.id)
        .where(ApiToken.token_hash == key)
    ).all()
    if not rows:
        _callers.pop(key, None)
        return None
    user_id, email, is_admin = rows[0][:3]
    caller = caller_from_rows(user_id, email, is_admin, ((event_id, role) for *_user, event_id, role in rows))
    if max_age > 0:
        if len(_callers) >= _CALLERS_KEPT:
            _callers.clear()
        _callers[key] = (now + max_age, caller)
    return caller
