"""Building a small matchmaking event for the tests: a morning of 20-minute
slots with a coffee break, buyers hosting tables, exhibitors with products."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from eventapp.domain.meetings import SessionInput
from eventapp.models import Event, Meeting, MeetingSlot, Organisation, Participant
from eventapp.services import meeting_outcomes, meeting_requests, meeting_setup, scheduler_runs

BUYER_NAMES = [
    "Saigon Co.op",
    "Central Retail (Big C)",
    "MM Mega Market",
    "Bách Hóa Xanh",
    "BRG Retail",
    "Vinmart",
    "Lotte Mart",
    "AEON Việt Nam",
]


@dataclass
class Scenario:
    event: Event
    organiser: object
    buyers: list[Participant] = field(default_factory=list)
    exhibitors: list[Participant] = field(default_factory=list)


def build_scenario(
    db,
    make_event,
    make_user,
    make_participant,
    *,
    buyers: int = 2,
    exhibitors: int = 4,
    places: str = "host",
    pool_tables: int | None = None,
    session_times=("08:30", "10:30"),
    breaks: str = "09:30-09:40",
    **event_fields,
) -> Scenario:
    event = make_event(**event_fields)
    organiser = make_user("organiser", event)
    scenario = Scenario(event=event, organiser=organiser)
    for index in range(buyers):
        name = BUYER_NAMES[index % len(BUYER_NAMES)] + ("" if index < len(BUYER_NAMES) else f" {index}")
        organisation = Organisation(name=name, name_key=name.casefold(), kind="distributor", province="ho-chi-minh")
        scenario.buyers.append(
            make_participant(event, role="buyer", organisation=organisation, full_name=f"Lê Thị Mua {index + 1}")
        )
    for index in range(exhibitors):
        scenario.exhibitors.append(
            make_participant(
                event,
                role="exhibitor",
                full_name=f"Trần Văn Bán {index + 1}",
                products=[(f"Bánh pía sầu riêng {index + 1}", "food", 4), (f"Mè láng {index + 1}", "food", 3)],
            )
        )
    meeting_setup.update_settings(
        db,
        organiser,
        event.id,
        meeting_setup.SettingsInput(
            objective="fair", places=places, pool_tables=pool_tables, include_pending=True, requests_open=True, time_limit=1
        ),
    )
    meeting_setup.add_session(
        db,
        organiser,
        event.id,
        SessionInput(day=event.starts_on, starts=session_times[0], ends=session_times[1], slot_minutes=20, breaks=breaks),
    )
    db.commit()
    return scenario


def ask(db, sender: Participant, recipient: Participant, priority: int = 1, message: str = ""):
    request = meeting_requests.request_meeting(db, sender.access_key, recipient.id, priority, message)
    db.commit()
    return request


def scheduled_meetings(db, scenario: Scenario) -> list[Meeting]:
    """Every exhibitor asks the first buyer; the scheduler places the meetings
    (in time order)."""
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()
    return list(
        db.scalars(
            sa.select(Meeting)
            .where(Meeting.event_id == scenario.event.id)
            .join(Meeting.slot)
            .order_by(MeetingSlot.starts_at, Meeting.id)
        )
    )


def record_deal(db, scenario: Scenario, meeting: Meeting) -> None:
    meeting_outcomes.record_outcome(
        db, scenario.organiser, scenario.event.id, meeting.id, meeting_outcomes.OutcomeInput("held", "deal")
    )
    db.commit()
