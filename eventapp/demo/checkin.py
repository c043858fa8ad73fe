"""Demo step: the door. A check-in account at both conferences, and the
morning arrivals recorded through the check-in service, so the arrivals
dashboard has a curve and the scan log shows repeats and a forged badge.

Buôn Ma Thuột 2019 is long over: nine in ten approved participants came in
(at Sóc Trăng 2021, more than eight in ten).
At Sóc Trăng 2020 two in five have arrived so far, which leaves most badges
for someone trying the scan page to check in. Every approved participant has
a badge already: the code is derived, nothing to store. An event with scans
is left as it is.
"""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.badge_token import BadgeClaim, sign_badge
from eventapp.domain.checkin import ScanInput
from eventapp.domain.vocabulary import EventRole, ParticipantStatus
from eventapp.models import Event, Participant, Scan, User
from eventapp.services import checkin
from eventapp.services.badges import badge_code

DEMO_DOMAIN = "demo.eventapp.vn"
CHECKIN = (f"checkin@{DEMO_DOMAIN}", "demo-don-khach-2020", "Tổ đón tiếp")
# Share of approved participants who have come in, per event key.
ARRIVED = {"soctrang": 0.4, "buonmathuot": 0.9, "soctrang2021": 0.85}
GATES = ("Cổng chính", "Cổng phụ", "Bàn đón tiếp")
DOORS_OPEN = time(7, 0)
# Arrivals bunch before the 08:00 opening ceremony and trail off by mid-morning.
PEAK_MINUTES, SPREAD_MINUTES, LAST_MINUTE = 45, 25, 150


def seed(session: so.Session, result) -> None:
    email, password, full_name = CHECKIN
    for key, share in ARRIVED.items():
        event = result.events.get(key)
        if event is None:
            continue
        staff = result.add_account(session, email, password, role=EventRole.CHECKIN.value, event_key=key, full_name=full_name)
        if session.scalar(sa.select(Scan.id).where(Scan.event_id == event.id).limit(1)) is None:
            arrivals = _record_morning(session, staff, event, share, random.Random(f"eventapp-demo-checkin-{key}"))
            result.loaded.append(f"event {event.id}: {arrivals} arrivals at the door")


def _record_morning(session: so.Session, staff: User, event: Event, share: float, rng: random.Random) -> int:
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
    return len(arriving)
