"""Demo step: the B2B meetings of Sóc Trăng 2020 (and of 2021). A morning of 20-minute
slots with a coffee break, one table hosted by each distributor, a few
hundred requests of mixed priority from the producers (some answered, some
mutual), and the scheduler's first run. The schedule is left unpublished so
that the organisers can look at the board, move a meeting and publish it.

Requests are written as rows (no e-mail leaves a demo); the setup and the run
go through the services. An event that has meeting sessions already is left
as it is. The same data comes out every time (a fixed random seed).
"""

import random
from datetime import datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.demo.result import DemoResult
from eventapp.domain.meetings import MeetingRequestStatus, RequestPriority, SessionInput
from eventapp.domain.vocabulary import ParticipantRole, ParticipantStatus
from eventapp.models import Event, MatchmakingProfile, MeetingRequest, MeetingSession, Participant
from eventapp.models.base import utcnow
from eventapp.services import meeting_setup, scheduler_runs

# Each event's random seed: 2020's data stays what it always was.
SEEDS = {"soctrang": "eventapp-demo-matchmaking", "soctrang2021": "eventapp-demo-matchmaking-soctrang2021"}
# 08:30-11:30 in 20-minute slots around a coffee break: eight slots.
MORNING = {"starts": "08:30", "ends": "11:30", "slot_minutes": 20, "breaks": "09:50-10:10"}
# Producers ask for one to four distributors; the big chains are asked most.
REQUESTS_PER_PRODUCER = (1, 2, 2, 3, 3, 4)
POPULAR = ("Saigon Co.op", "Big C", "MM Mega Market", "Bách Hóa Xanh")
MUST_SHARE, ANSWERED_SHARE, DECLINED_SHARE, ASKED_BACK_SHARE = 0.3, 0.5, 0.08, 0.12
MESSAGES = (
    "Chúng tôi mong được giới thiệu sản phẩm OCOP và bàn về đưa hàng vào chuỗi siêu thị.",
    "Xin được trao đổi về giá sỉ và quy cách đóng gói cho hệ thống bán lẻ.",
    "Sản phẩm đã có mã vạch, truy xuất nguồn gốc; mong được gặp bộ phận thu mua.",
    "",
)


def seed(session: so.Session, result: DemoResult) -> None:
    for key, seed_text in SEEDS.items():
        event = result.events.get(key)
        if (
            event is not None
            and session.scalar(sa.select(MeetingSession.id).where(MeetingSession.event_id == event.id).limit(1)) is None
        ):
            _morning(session, result, event, random.Random(seed_text))


def _morning(session: so.Session, result: DemoResult, event: Event, rng: random.Random) -> None:
    buyers, producers = _people(session, event)
    if not buyers or not producers:
        return
    setup = meeting_setup.setup_of(session, event)
    setup.places, setup.time_limit = "host", 5
    meeting_setup.sync_tables(session, event, setup)
    meeting_setup.store_session(session, event, SessionInput(day=event.starts_on, **MORNING))
    requests = _requests(session, event, buyers, producers, rng)
    _availability(session, event, buyers, producers, rng)
    run = scheduler_runs.schedule_event(session, event, requested_by=None, live=False)
    stats = run.stats
    result.loaded.append(
        f"event {event.id}: {len(requests)} meeting requests, {stats['meetings']} meetings scheduled at "
        f"{len(meeting_setup.event_tables(session, event.id))} distributors' tables "
        f"({stats['starved']} of {stats['askers']} people without a meeting), not yet published"
    )


def _people(session: so.Session, event: Event) -> tuple[list[Participant], list[Participant]]:
    people = session.scalars(
        sa.select(Participant)
        .where(
            Participant.event_id == event.id,
            Participant.status == ParticipantStatus.APPROVED,
            Participant.role.in_(meeting_setup.MATCHMAKING_ROLES),
        )
        .order_by(Participant.id)
    )
    buyers, producers = [], []
    for person in people:
        (buyers if person.role == ParticipantRole.BUYER else producers).append(person)
    return buyers, producers


def _requests(
    session: so.Session, event: Event, buyers: list[Participant], producers: list[Participant], rng: random.Random
) -> list[MeetingRequest]:
    weights = [3.0 if any(name in buyer.organisation.name for name in POPULAR) else 1.0 for buyer in buyers]
    made: dict[tuple[int, int], MeetingRequest] = {}
    now = utcnow()

    def add(sender: Participant, recipient: Participant, priority: int, status: str, message: str = "") -> None:
        made[(sender.id, recipient.id)] = MeetingRequest(
            event_id=event.id,
            from_participant_id=sender.id,
            to_participant_id=recipient.id,
            priority=priority,
            message=message,
            status=status,
            answered_at=now if status != MeetingRequestStatus.PENDING else None,
        )

    distributors = len({buyer.organisation_id for buyer in buyers})
    for producer in producers:
        wanted = min(rng.choice(REQUESTS_PER_PRODUCER), distributors)
        chosen: list[Participant] = []
        while len(chosen) < wanted:
            buyer = rng.choices(buyers, weights)[0]
            # One meeting per distributor is enough: its buyers share a table.
            if all(other.organisation_id != buyer.organisation_id for other in chosen):
                chosen.append(buyer)
        for buyer in chosen:
            priority = RequestPriority.MUST if rng.random() < MUST_SHARE else RequestPriority.WOULD_LIKE
            answer = rng.random()
            status = (
                MeetingRequestStatus.DECLINED
                if answer < DECLINED_SHARE
                else MeetingRequestStatus.ACCEPTED
                if answer < ANSWERED_SHARE
                else MeetingRequestStatus.PENDING
            )
            add(producer, buyer, priority, status.value, rng.choice(MESSAGES))
            if status != MeetingRequestStatus.DECLINED and rng.random() < ASKED_BACK_SHARE:
                made[(producer.id, buyer.id)].status = MeetingRequestStatus.ACCEPTED.value
                made[(producer.id, buyer.id)].answered_at = now
                add(buyer, producer, RequestPriority.WOULD_LIKE, MeetingRequestStatus.ACCEPTED.value)
    session.add_all(made.values())
    session.flush()
    return list(made.values())


def _availability(
    session: so.Session, event: Event, buyers: list[Participant], producers: list[Participant], rng: random.Random
) -> None:
    """The Hà Nội buyers land late; a few producers leave early for the
    afternoon fair; one supermarket sees six producers at most."""
    zone = ZoneInfo(event.timezone)
    for buyer in buyers:
        if buyer.organisation.province == "ha-noi":
            session.add(
                MatchmakingProfile(
                    participant_id=buyer.id, sourcing="", available_from=datetime.combine(event.starts_on, time(9, 30), zone)
                )
            )
        elif "Tứ Sơn" in buyer.organisation.name:
            session.add(
                MatchmakingProfile(
                    participant_id=buyer.id, max_meetings=6, sourcing="Đặc sản Sóc Trăng: bánh pía, lạp xưởng, mè láng, gạo ST25."
                )
            )
    for producer in rng.sample(producers, min(6, len(producers))):
        session.add(
            MatchmakingProfile(
                participant_id=producer.id, sourcing="", available_until=datetime.combine(event.starts_on, time(10, 30), zone)
            )
        )
    session.flush()
