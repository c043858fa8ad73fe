"""Privacy notices and consents: the notice shown with an event's form, the
choices people make on it and change on their private page, and the one
rule that says whose profile may be shown to buyers and the public."""

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.consents import (
    CHANGEABLE_PURPOSES,
    PURPOSES,
    ConsentChoices,
    ConsentMethod,
    ConsentPurpose,
    clean_notice,
)
from eventapp.domain.errors import NotFound, Text
from eventapp.domain.privacy_notice import DEFAULT_NOTICE
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Consent, Participant, PrivacyNotice, User
from eventapp.services import audit
from eventapp.services.access import get_event, require_event_role
from eventapp.services.participants import participant_by_key


@dataclass(frozen=True)
class Notice:
    """The notice an event shows: the stored latest version, or the default
    text as version 1 until the first consent or edit stores it."""

    version: int
    text_vi: str
    text_en: str

    def text_in(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_vi


def _latest(session: so.Session, event_id: int) -> PrivacyNotice | None:
    return session.scalar(
        sa.select(PrivacyNotice).where(PrivacyNotice.event_id == event_id).order_by(PrivacyNotice.version.desc()).limit(1)
    )


def notice_of(session: so.Session, event_id: int, version: int | None = None) -> Notice:
    """The event's notice now, or the version asked for (404 if unknown)."""
    get_event(session, event_id)
    if version is not None:
        stored = session.scalar(
            sa.select(PrivacyNotice).where(PrivacyNotice.event_id == event_id, PrivacyNotice.version == version)
        )
        if stored is None and not (version == 1 and _latest(session, event_id) is None):
            raise NotFound(Text("This version of the privacy notice does not exist."))
    else:
        stored = _latest(session, event_id)
    if stored is None:
        return Notice(version=1, text_vi=DEFAULT_NOTICE.text_vi, text_en=DEFAULT_NOTICE.text_en)
    return Notice(version=stored.version, text_vi=stored.text_vi, text_en=stored.text_en)


def versions(session: so.Session, actor: User | None, event_id: int) -> list[PrivacyNotice]:
    """Every stored version, newest first, for the organisers."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return list(
        session.scalars(sa.select(PrivacyNotice).where(PrivacyNotice.event_id == event_id).order_by(PrivacyNotice.version.desc()))
    )


def _stored_notice(session: so.Session, event_id: int) -> PrivacyNotice:
    """The version consents are given on now, storing the default as version 1 if needed."""
    latest = _latest(session, event_id)
    if latest is not None:
        return latest
    notice = PrivacyNotice(event_id=event_id, version=1, text_vi=DEFAULT_NOTICE.text_vi, text_en=DEFAULT_NOTICE.text_en)
    session.add(notice)
    session.flush()
    return notice


def update_notice(session: so.Session, actor: User | None, event_id: int, text_vi: object, text_en: object) -> Notice:
    """A new version of the notice when its text changed; the old versions
    stay, since consents point at them."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    wanted = clean_notice(text_vi, text_en)
    current = _stored_notice(session, event_id)
    if (current.text_vi, current.text_en) == (wanted.text_vi, wanted.text_en):
        return Notice(current.version, current.text_vi, current.text_en)
    notice = PrivacyNotice(
        event_id=event_id,
        version=current.version + 1,
        text_vi=wanted.text_vi,
        text_en=wanted.text_en,
        created_by_id=actor.id if actor is not None else None,
    )
    session.add(notice)
    session.flush()
    audit.record(
        session,
        actor,
        "privacy_notice.updated",
        "privacy_notice",
        notice.id,
        event_id=event_id,
        changes={"version": [current.version, notice.version]},
    )
    return Notice(notice.version, notice.text_vi, notice.text_en)


def current_choices(session: so.Session, participant_id: int) -> dict[str, Consent]:
    """The choice in force per purpose (the latest row); purposes never asked are absent."""
    rows = session.scalars(sa.select(Consent).where(Consent.participant_id == participant_id).order_by(Consent.id))
    return {row.purpose: row for row in rows}


def history(session: so.Session, participant_id: int) -> list[Consent]:
    """Every choice ever recorded, newest first."""
    return list(session.scalars(sa.select(Consent).where(Consent.participant_id == participant_id).order_by(Consent.id.desc())))


def record(
    session: so.Session,
    participant: Participant,
    choices: ConsentChoices,
    method: ConsentMethod,
    *,
    recorded_by: User | None = None,
    purposes: tuple[str, ...] = PURPOSES,
) -> list[Consent]:
    """Store the ``purposes`` of ``choices`` that differ from the choice in
    force (all of them the first time), on the event's current notice."""
    if participant.id is None:
        session.flush()
    notice = _stored_notice(session, participant.event_id)
    in_force = current_choices(session, participant.id)
    written = []
    for purpose in purposes:
        granted = choices.granted(purpose)
        if purpose in in_force and in_force[purpose].granted == granted:
            continue
        row = Consent(
            participant_id=participant.id,
            purpose=purpose,
            granted=granted,
            notice_id=notice.id,
            method=method.value,
            recorded_by_id=recorded_by.id if recorded_by is not None else None,
        )
        session.add(row)
        written.append(row)
    session.flush()
    return written


def change_own(session: so.Session, access_key: str, choices: ConsentChoices) -> list[Consent]:
    """A participant's own change on their private page, in force at once:
    every purpose but processing (withdrawing that is asking to be erased)."""
    participant = participant_by_key(session, access_key)
    written = record(session, participant, choices, ConsentMethod.ONLINE, purposes=CHANGEABLE_PURPOSES)
    if written:
        audit.record_by_participant(
            session, participant, "consent.changed", changes={row.purpose: row.granted for row in written}
        )
    return written


def record_on_paper(
    session: so.Session, actor: User | None, event_id: int, participant_id: int, choices: ConsentChoices
) -> list[Consent]:
    """What a participant ticked on a paper form, typed in by an organiser."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    participant = session.get(Participant, participant_id)
    if participant is None or participant.event_id != event_id:
        raise NotFound(Text("This participant does not exist at this event."))
    return record_by_staff(session, actor, participant, choices, ConsentMethod.PAPER)


def profile_shared() -> sa.ColumnElement[bool]:
    """Whether a participant (``Participant`` in the query) may be shown to
    the other side's browsing and in the public catalogue. The one place this
    rule lives:

    - a participant whose data was erased is never shown;
    - one who has made a ``share_profile`` choice is shown when their latest
      choice is a yes: a withdrawal takes effect at the next page;
    - one who never made that choice (registered before consents existed, or
      by staff without a paper form) is shown as before: "once consent
      exists, those who gave it; until then every approved exhibitor". The
      public form always records the choice, so everyone registering online
      from now on is shown only with their consent.

    Per participant rather than per event, so that one online registration
    at an event of imported exhibitors does not take them all out at once.
    """
    latest = so.aliased(Consent)
    newer = so.aliased(Consent)
    refused = (
        sa.select(latest.id)
        .where(
            latest.participant_id == Participant.id,
            latest.purpose == ConsentPurpose.SHARE_PROFILE.value,
            latest.granted.is_(False),
            ~sa.select(newer.id)
            .where(newer.participant_id == latest.participant_id, newer.purpose == latest.purpose, newer.id > latest.id)
            .exists(),
        )
        .exists()
    )
    return sa.and_(Participant.erased_at.is_(None), ~refused)


def choices_in_force(session: so.Session, participant_ids: list[int]) -> dict[int, dict[str, bool]]:
    """Each participant's choices in force, ``{purpose: granted}``, in one query."""
    if not participant_ids:
        return {}
    newer = so.aliased(Consent)
    rows = session.execute(
        sa.select(Consent.participant_id, Consent.purpose, Consent.granted).where(
            Consent.participant_id.in_(participant_ids),
            ~sa.select(newer.id)
            .where(newer.participant_id == Consent.participant_id, newer.purpose == Consent.purpose, newer.id > Consent.id)
            .exists(),
        )
    )
    found: dict[int, dict[str, bool]] = {}
    for participant_id, purpose, granted in rows:
        found.setdefault(participant_id, {})[purpose] = granted
    return found


def record_by_staff(
    session: so.Session, actor: User | None, participant: Participant, choices: ConsentChoices, method: ConsentMethod
) -> list[Consent]:
    """Consents a staff member passes on (``participant`` already checked as
    theirs to change), audited."""
    written = record(session, participant, choices, method, recorded_by=actor)
    if written:
        audit.record(
            session,
            actor,
            "consent.recorded",
            "participant",
            participant.id,
            event_id=participant.event_id,
            changes={row.purpose: row.granted for row in written} | {"method": method.value},
        )
    return written
