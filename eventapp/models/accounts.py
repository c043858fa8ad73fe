import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from eventapp.domain.vocabulary import EventRole, Language, values
from eventapp.models.base import Base, TimestampMixin, UTCDateTime, one_of
from eventapp.models.events import Event


class User(UserMixin, TimestampMixin, Base):
    """A staff account: administrators, organisers, check-in staff, officials."""

    __tablename__ = "user_account"
    __table_args__ = (one_of("language", values(Language), "language_known"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    full_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    is_admin: so.Mapped[bool] = so.mapped_column(default=False)
    language: so.Mapped[str] = so.mapped_column(sa.String(2), default=Language.VI.value)
    # A disabled account (a lost scanner phone, someone who left) opens nothing:
    # no page, no API call, whatever cookie or token it still holds.
    disabled: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    # Part of every session and remember-me cookie (Flask-Login's id): a new
    # value ends every session signed in before it.
    session_token: so.Mapped[str] = so.mapped_column(sa.String(64), default=lambda: new_session_token())

    memberships: so.Mapped[list["Membership"]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:
        return not self.disabled

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def end_all_sessions(self) -> None:
        self.session_token = new_session_token()

    def set_password(self, password: str, method: str = "scrypt") -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class Membership(Base):
    """A staff role at one event."""

    __tablename__ = "membership"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "event_id", "role"),
        one_of("role", values(EventRole), "role_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(20))

    user: so.Mapped[User] = so.relationship(back_populates="memberships")
    event: so.Mapped[Event] = so.relationship()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(Base):
    """A bearer token for the API. Only its SHA-256 is stored: the token is
    shown once, when created."""

    __tablename__ = "api_token"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    last_used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    user: so.Mapped[User] = so.relationship(lazy="joined", innerjoin=True)

    @staticmethod
    def generate() -> str:
        return "evt_" + secrets.token_urlsafe(32)


class LoginLockout(Base):
    """Failed sign-ins for one e-mail address (known or not, so that a lockout
    tells nothing about which addresses have accounts). Kept in the database
    so that it holds across every worker and a restart."""

    __tablename__ = "login_lockout"
    __table_args__ = (sa.CheckConstraint("failures >= 0", name="failures_not_negative"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    failures: so.Mapped[int] = so.mapped_column(default=0)
    first_failure_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    locked_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
