"""What the demo steps share: the events they fill and the accounts they create."""

from dataclasses import dataclass, field

import sqlalchemy.orm as so

from eventapp.models import Event, User
from eventapp.services import accounts


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str  # "admin" or an event role
    event_key: str | None = None  # a key of DemoResult.events


@dataclass
class DemoResult:
    """What the demo holds, for the steps that follow and for the person
    who asked: events by key ("soctrang", "buonmathuot"), the accounts with
    their passwords, and one line per thing this run added."""

    events: dict[str, Event] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)

    def add_account(
        self, session: so.Session, email: str, password: str, *, role: str, event_key: str | None = None, full_name: str = ""
    ) -> User:
        """The account, created when missing (an existing one keeps its
        password), with ``role`` at the event of ``event_key``."""
        event_id = self.events[event_key].id if event_key else None
        user = accounts.create_user(session, email, password, role=role, event_id=event_id, full_name=full_name)
        account = DemoAccount(email=user.email, password=password, role=role, event_key=event_key)
        if account not in self.accounts:
            self.accounts.append(account)
        return user
