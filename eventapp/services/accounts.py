"""Staff accounts, their event roles, API tokens and sessions."""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from eventapp.domain.contact import normalise_email
from eventapp.domain.errors import NotFound, Text, ValidationError
from eventapp.domain.passwords import check_password
from eventapp.domain.vocabulary import EventRole
from eventapp.models import ApiToken, Membership, User
from eventapp.models.accounts import hash_token
from eventapp.services import audit
from eventapp.services.access import Caller, caller_from_rows, get_event

# A token's last use is written at most this often: not one write per scan.
LAST_USED_PRECISION = timedelta(minutes=1)


def find_user(session: so.Session, email: str) -> User | None:
    try:
        address = normalise_email(email)
    except ValueError:
        return None
    return session.scalar(sa.select(User).where(User.email == address))


def create_user(
    session: so.Session,
    email: str,
    password: str,
    *,
    role: str,
    event_id: int | None = None,
    full_name: str = "",
    actor: User | None = None,
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
        check_password(password, address)
        user = User(email=address, full_name=full_name)
        user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
        session.add(user)
        session.flush()
        audit.record(session, actor, "account.created", "account", user.id, changes={"email": address, "full_name": full_name})
    if role == "admin":
        if not user.is_admin:
            audit.record(session, actor, "role.granted", "account", user.id, changes={"role": "admin"})
        user.is_admin = True
    elif event_id is not None:  # always: an event role without an event was refused above
        get_event(session, event_id)
        exists = session.scalar(
            sa.select(Membership.id).where(
                Membership.user_id == user.id, Membership.event_id == event_id, Membership.role == role
            )
        )
        if exists is None:
            user.memberships.append(Membership(event_id=event_id, role=role))
            audit.record(session, actor, "role.granted", "account", user.id, event_id=event_id, changes={"role": role})
    session.flush()
    return user


def change_password(session: so.Session, actor: User, current: str, new: str) -> None:
    """A new password ends every session of the account; the caller signs the
    current one in again."""
    if not actor.check_password(current):
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"current_password": Text("The current password is not right.")}
        )
    check_password(new, actor.email, "new_password")
    actor.set_password(new, current_app.config["PASSWORD_HASH_METHOD"])
    actor.end_all_sessions()
    session.flush()
    audit.record(session, actor, "account.password_changed", "account", actor.id)


def end_all_sessions(session: so.Session, user: User) -> None:
    """Every session and remember-me cookie of the account stops working."""
    user.end_all_sessions()
    session.flush()


def _account(session: so.Session, email: str) -> User:
    user = find_user(session, email)
    if user is None:
        raise NotFound(Text("No account with this e-mail address."))
    return user


@dataclass(frozen=True)
class TokenInfo:
    label: str
    created_at: datetime
    last_used_at: datetime | None


def list_tokens(session: so.Session, email: str) -> list[TokenInfo]:
    user = _account(session, email)
    tokens = session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at, ApiToken.id))
    return [TokenInfo(token.label, token.created_at, token.last_used_at) for token in tokens]


def revoke_tokens(session: so.Session, email: str, actor: User | None = None) -> int:
    """Delete every API token of the account and end its sessions; how many tokens went."""
    user = _account(session, email)
    # Session.execute is typed Result; for a DELETE it returns a CursorResult, which has the row count (sqlalchemy#9185).
    revoked = session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id)).rowcount  # type: ignore[attr-defined]
    _callers.clear()  # this worker forgets at once; others within API_CALLER_CACHE_SECONDS
    user.end_all_sessions()
    session.flush()
    audit.record(session, actor, "tokens.revoked", "account", user.id, changes={"api_tokens": revoked, "sessions": "ended"})
    return revoked


def remove_role(session: so.Session, email: str, role: str, event_id: int | None = None, actor: User | None = None) -> int:
    """Take a role away: at one event, or (without ``event_id``) at every
    event; ``admin`` for the administrator flag. How many roles went."""
    user = _account(session, email)
    if role == "admin":
        removed = int(user.is_admin)
        user.is_admin = False
        if removed:
            audit.record(session, actor, "role.removed", "account", user.id, changes={"role": "admin"})
    else:
        query = sa.select(Membership).where(Membership.user_id == user.id, Membership.role == role)
        if event_id is not None:
            query = query.where(Membership.event_id == event_id)
        memberships = session.scalars(query).all()
        for membership in memberships:
            audit.record(session, actor, "role.removed", "account", user.id, event_id=membership.event_id, changes={"role": role})
            session.delete(membership)
        removed = len(memberships)
    session.flush()
    return removed


def disable_user(session: so.Session, email: str, actor: User | None = None) -> User:
    """The account opens nothing from now on: sessions, cookies and tokens
    all stop at their next request."""
    user = _account(session, email)
    user.disabled = True
    _callers.clear()  # this worker forgets at once; others within API_CALLER_CACHE_SECONDS
    user.end_all_sessions()
    session.flush()
    audit.record(session, actor, "account.disabled", "account", user.id, changes={"disabled": [False, True]})
    return user


def issue_token(session: so.Session, email: str, label: str = "", actor: User | None = None) -> str:
    """A new API token for the account; only its hash is kept."""
    user = _account(session, email)
    token = ApiToken.generate()
    row = ApiToken(user=user, token_hash=hash_token(token), label=label, created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    audit.record(session, actor, "token.issued", "api_token", row.id, changes={"account": user.email, "label": label})
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
        .where(ApiToken.token_hash == key, User.disabled == sa.false())
    ).all()
    if not rows:
        _callers.pop(key, None)
        return None
    _note_token_use(session, key)
    user_id, email, is_admin = rows[0][:3]
    caller = caller_from_rows(user_id, email, is_admin, ((event_id, role) for *_user, event_id, role in rows))
    if max_age > 0:
        if len(_callers) >= _CALLERS_KEPT:
            _callers.clear()
        _callers[key] = (now + max_age, caller)
    return caller


def _note_token_use(session: so.Session, key: str) -> None:
    """When the token was last used (``users tokens``), written at most once a
    minute on a connection of its own, whatever the request then does."""
    now = datetime.now(UTC)
    with session.get_bind().engine.begin() as connection:
        connection.execute(
            sa.update(ApiToken)
            .where(
                ApiToken.token_hash == key,
                sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_PRECISION),
            )
            .values(last_used_at=now)
        )
