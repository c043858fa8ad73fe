"""Badges: each approved participant's signed code and printable PDF.

The code binds event, participant and badge version under the application's
secret (see ``domain.badge_token``). Editing a name changes what the badge
shows, not its code; reissuing is the explicit act that voids the old one.
"""

from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from babel.dates import format_interval
from flask import current_app
from flask_babel import force_locale, gettext

from eventapp import i18n
from eventapp.domain import provinces
from eventapp.domain.badge_pdf import Badge, BadgeFonts, SheetLayout, render_badges
from eventapp.domain.badge_token import BadgeClaim, sign_badge
from eventapp.domain.errors import Conflict, NotFound, PermissionDenied, Text, ValidationError
from eventapp.domain.vocabulary import EventRole, Language, ParticipantStatus, values
from eventapp.models import Event, Organisation, Participant, User
from eventapp.services import audit
from eventapp.services.access import require_event_role
from eventapp.services.participants import ParticipantFilter, filtered_query, participant_by_key

# Badges handed out by delegation: province, then organisation, then name.
BATCH_ORDER = (Organisation.province, Organisation.name, Participant.full_name, Participant.id)


def secret_key() -> str:
    """Badges have a key of their own when ``BADGE_SECRET_KEY`` is set, so that
    rotating the session key does not void every printed badge."""
    return current_app.config.get("BADGE_SECRET_KEY") or current_app.config["SECRET_KEY"]


def badge_code(participant: Participant) -> str:
    """What the participant's QR holds."""
    return sign_badge(secret_key(), BadgeClaim(participant.event_id, participant.id, participant.badge_version))


def font_files() -> BadgeFonts:
    static = current_app.static_folder
    if static is None:  # Flask allows an app without one; create_app always sets it
        raise RuntimeError("The app has no static folder, where the PDF fonts are (static/fonts).")
    fonts = Path(static) / "fonts"
    return BadgeFonts(regular=fonts / "BeVietnamPro-Regular.ttf", bold=fonts / "BeVietnamPro-Bold.ttf")


def print_language(language: str | None) -> str:
    """Badges speak Vietnamese unless English is asked for."""
    if language in (None, ""):
        return Language.VI.value
    if language not in values(Language):
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"lang": Text("Choose one of: %(choices)s.", {"choices": ", ".join(values(Language))})},
        )
    return language


def parse_layout(text: str | None, default: SheetLayout) -> SheetLayout:
    if not text:
        return default
    try:
        return SheetLayout(text)
    except ValueError:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"layout": Text("Choose one of: %(choices)s.", {"choices": ", ".join(values(SheetLayout))})},
        ) from None


def badge_of(participant: Participant, event: Event, language: str) -> Badge:
    """One participant's badge; within ``force_locale(language)``."""
    booth = gettext("Booth %(booth)s", booth=participant.booth) if participant.booth else ""
    return Badge(
        full_name=participant.full_name,
        position=participant.position,
        organisation=participant.organisation.name,
        province=provinces.province_name(participant.organisation.province, language),
        booth=booth,
        role=participant.role,
        role_label=str(i18n.PARTICIPANT_ROLES.get(participant.role, participant.role)),
        event_name=event.name_in(language),
        event_dates=format_interval(event.starts_on, event.ends_on, "yMMMd", locale=language),
        code=badge_code(participant),
    )


def render(participants: list[Participant], event: Event, language: str, layout: SheetLayout) -> bytes:
    with force_locale(language):
        badges = [badge_of(participant, event, language) for participant in participants]
        title = gettext("Badges: %(event)s", event=event.name_in(language))
    return render_badges(badges, font_files(), layout, title=title)


def own_badge(session: so.Session, access_key: str, language: str | None = None) -> tuple[Participant, bytes]:
    """The badge a participant downloads from their private link."""
    participant = participant_by_key(session, access_key)
    if participant.status != ParticipantStatus.APPROVED:
        raise PermissionDenied(Text("Your badge is ready once your registration is approved."))
    return participant, render([participant], participant.event, print_language(language), SheetLayout.A6)


def _event_participant(session: so.Session, event_id: int, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.event_id != event_id:
        raise NotFound(Text("This participant does not exist at this event."))
    return participant


def one_badge(
    session: so.Session,
    actor: User | None,
    event_id: int,
    participant_id: int,
    *,
    language: str | None = None,
    layout: SheetLayout = SheetLayout.A6,
) -> tuple[Participant, bytes]:
    """One badge, for an organiser to reprint or for the door to print on the spot."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER, EventRole.CHECKIN})
    participant = _event_participant(session, event_id, participant_id)
    if participant.erased_at is not None:
        raise Conflict(Text("This participant's personal data is erased: there is no badge to print."))
    if participant.status != ParticipantStatus.APPROVED:
        raise Conflict(Text("Only approved participants get a badge."))
    return participant, render([participant], event, print_language(language), layout)


def batch(
    session: so.Session,
    actor: User | None,
    event_id: int,
    criteria: ParticipantFilter,
    *,
    language: str | None = None,
    layout: SheetLayout = SheetLayout.A4_4UP,
) -> tuple[int, bytes]:
    """Every approved participant the filter selects, in one PDF."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    language = print_language(language)
    participants = list(session.scalars(batch_query(event_id, criteria)))
    if not participants:
        raise NotFound(NOBODY_MATCHES)
    return len(participants), render(participants, event, language, layout)


NOBODY_MATCHES = Text("No approved participant matches these filters.")


def batch_query(event_id: int, criteria: ParticipantFilter) -> sa.Select:
    """The approved participants a batch prints (not the erased), in print order; a filter
    asking for another status is refused."""
    if criteria.status and criteria.status != ParticipantStatus.APPROVED:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"status": Text("Only approved participants get a badge.")}
        )
    return (
        filtered_query(event_id, replace(criteria, status=ParticipantStatus.APPROVED.value))
        .where(Participant.erased_at.is_(None))
        .order_by(*BATCH_ORDER)
    )


def batch_size(session: so.Session, event_id: int, criteria: ParticipantFilter) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(batch_query(event_id, criteria).order_by(None).subquery())) or 0


def reissue(session: so.Session, actor: User | None, event_id: int, participant_id: int) -> Participant:
    """A new badge for someone: the version in the code goes up, so every
    badge printed before (lost, or with a misspelt name) stops working."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    participant = _event_participant(session, event_id, participant_id)
    # Counted by the database: two organisers reissuing at once both void the old badge.
    session.execute(
        sa.update(Participant).where(Participant.id == participant.id).values(badge_version=Participant.badge_version + 1)
    )
    session.refresh(participant, ["badge_version"])
    audit.record(
        session,
        actor,
        "badge.reissued",
        "participant",
        participant.id,
        event_id=event_id,
        changes={"badge_version": [participant.badge_version - 1, participant.badge_version]},
    )
    return participant
