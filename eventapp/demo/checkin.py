"""Demo step: the door. A check-in account at both conferences, and the
morning arrivals recorded through the check-in service, so the arrivals
dashboard has a curve and the scan log shows repeats and a forged badge.

Buôn Ma Thuột 2019 is long over: nine in ten approved participants came in
(at Sóc Trăng 2021, more than eight in ten).
At Sóc Trăng 2020 two in five have arrived on the first day, which leaves
most badges for someone trying the scan page to check in; the B2B hall
(buyers and exhibitors) and the opening ceremony (the first day) have lists
of their own, and a few people came back on the second morning. Every
approved participant has a badge already: the code is derived, nothing to
store. An event with scans is left as it is.
"""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.badge_token import BadgeClaim, sign_badge
from eventapp.domain.checkin import ScanInput
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus
from eventapp.models import CheckinList, Event, Participant, Scan, User
from eventapp.services import checkin, checkin_lists
from eventapp.services.badges import badge_code

DEMO_DOMAIN = "demo.eventapp.vn"
CHECKIN = (f"checkin@{DEMO_DOMAIN}", "demo-don-khach-2020", "Tổ đón tiếp")
# Share of approved participants who have come in, per event key.
ARRIVED = {"soctrang": 0.4, "buonmathuot": 0.9, "soctrang2021": 0.85}
GATES = ("Cổng chính", "Cổng phụ", "Bàn đón tiếp")
DOORS_OPEN = time(7, 0)
# Arrivals bunch before the 08:00 opening ceremony and trail off by mid-morning.
PEAK_MINUTES, SPREAD_MINUTES, LAST_MINUTE = 45, 25, 150
# Sóc Trăng's places besides the main entrance, and who went where.
HALL = {"name": "Khu kết nối B2B", "name_en": "B2B meeting hall", "zone": "b2b", "roles": ["buyer", "exhibitor"]}
CEREMONY = {"name": "Lễ khai mạc", "name_en": "Opening ceremony", "zone": "ceremony", "days": ["2020-11-20"]}
AT_THE_CEREMONY = 0.5  # of the first day's arrivals
IN_THE_HALL = 0.6  # of the buyers and exhibitors who came
BACK_ON_DAY_2 = 0.25  # of the first day's arrivals, at the main entrance


def seed(session: so.Session, result) -> None:
    email, password, full_name = CHECKIN
    for key, share in ARRIVED.items():
        event = result.events.get(key)
        if event is None:
            continue
        staff = result.add_account(session, email, password, role=EventRole.CHECKIN.value, event_key=key, full_name=full_name)
        if session.scalar(sa.select(Scan.id).where(Scan.event_id == event.id).limit(1)) is None:
            rng = random.Random(f"eventapp-demo-checkin-{key}")
            arrived = _record_morning(session, staff, event, share, rng)
            places = ""
            if key == "soctrang":
                _record_the_places(session, result, staff, event, arrived, rng)
                places = ", the B2B hall's and the opening ceremony's, and a second morning"
            result.loaded.append(f"event {event.id}: {len(arrived)} arrivals at the door{places}")


def _record_the_places(
    session: so.Session, result, staff: User, event: Event, arrived: list[Participant], rng: random.Random
) -> None:
    """The hall and the ceremony's lists, their scans, and the second morning."""
    [email] = [
        account.email
        for account in result.accounts
        if account.role == EventRole.ORGANISER.value and account.event_key == "soctrang"
    ]
    organiser = session.scalar(sa.select(User).where(User.email == email))
    hall, ceremony = (checkin_lists.create_list(session, organiser, event.id, body) for body in (HALL, CEREMONY))
    first_day = datetime.combine(event.starts_on, DOORS_OPEN, tzinfo=ZoneInfo(event.timezone))
    traders = [person for person in arrived if person.role in (ParticipantRole.BUYER, ParticipantRole.EXHIBITOR)]
    visits: list[tuple[datetime, Participant, CheckinList | None]] = []
    visits += [
        (first_day + timedelta(minutes=rng.randint(40, 65)), person, ceremony)
        for person in rng.sample(arrived, round(len(arrived) * AT_THE_CEREMONY))
    ]
    visits += [
        (first_day + timedelta(hours=3, minutes=rng.randint(0, 240)), person, hall)
        for person in rng.sample(traders, round(len(traders) * IN_THE_HALL))
    ]
    second_day = first_day + timedelta(days=1)
    visits += [
        (second_day + timedelta(minutes=min(max(rng.gauss(PEAK_MINUTES, SPREAD_MINUTES), 0), LAST_MINUTE)), person, None)
        for person in rng.sample(arrived, round(len(arrived) * BACK_ON_DAY_2))
    ]
    for when, person, place in sorted(visits, key=lambda visit: (visit[0], visit[1].id)):
        data = ScanInput(code=badge_code(person), scanned_at=when, list_id=place.id if place else None, gate=GATES[0])
        checkin.check_in(session, staff, event.id, data)


def _record_morning(session: so.Session, staff: User, event: Event, share: float, rng: random.Random) -> list[Participant]:
    approved = list(
        session.scalars(
            sa.select(Participant)
            .where(Participant.event_id == event.id, Participant.status == ParticipantStatus.APPROVED)
            .order_by(Participant.id)
        )
    )
    arriving = rng.sample(approved, round(len(approved) * share))
    opening = datetime.combine(event.starts_on, DOORS_OPEN, tzinfo=ZoneInfo(event.timezone))

    def moment() -> datetime:
        minutes = min(max(rng.gauss(PEAK_MINUTES, SPREAD_MINUTES), 0), LAST_MINUTE)
        return opening + timedelta(minutes=minutes)

    scans = [(moment(), badge_code(participant)) for participant in arriving]
    # A few badges scanned twice (a second gate, a delegate stepping out), and
    # one badge signed with a key that is not ours, as a forger would make it.
    scans += [(when + timedelta(minutes=rng.randint(20, 90)), code) for when, code in rng.sample(scans, len(scans) // 20)]
    if approved:
        scans.append((moment(), sign_badge("not this installation's secret", BadgeClaim(event.id, approved[0].id, 1))))
    for when, code in sorted(scans):
        checkin.check_in(session, staff, event.id, ScanInput(code=code, scanned_at=when, gate=rng.choice(GATES)))
    return arriving
