"""The door's figures at any hour: ``GET .../checkins/stats`` (the dashboard),
for the whole event and for one day and check-in list, and ``GET
.../checkins/counts`` (what every scanning phone polls, for its list today)
with 50 scans and with 50,000, beside a bare ``SELECT count(*)`` of the
event's scans in the same run, on PostgreSQL.

    .venv/bin/python benchmarks/checkin_stats.py [--server postgresql+psycopg://postgres@127.0.0.1:5432] [--database NAME]
                                                 [--participants 5000] [--scans 50,50000] [--repeat 30]

The event keeps its size (``--participants`` approved people, two days, the
main entrance and a B2B hall) while the scans pile up as at a real door: a
tenth of them first entries (one per person, list and day, at most everyone
everywhere each day), a fiftieth refused badges, the rest people shown in again.
The figures should cost the same whatever the number of scans; the bare
count, which reads every scan, shows what "growing with the scans" looks like.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa
from flask_migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checkin import SECRET, empty_database  # the check-in benchmark's database handling

from eventapp import create_app
from eventapp.extensions import db
from eventapp.models import CheckinList, Event, Organisation, Participant, Scan
from eventapp.services import accounts

PROVINCES = ("soc-trang", "can-tho", "lang-son", "dak-lak", "ben-tre")
ROLES = ("delegate", "exhibitor", "buyer", "press", "speaker")
# 08:00 on the first day in Sóc Trăng (UTC+7).
DOORS_OPEN = datetime(2020, 11, 20, 1, 0, tzinfo=UTC)


def prepare(app, participants: int) -> dict:
    """Schema by the migrations, a two-day event of ``participants`` approved
    people in a few provinces and roles, a check-in account and its token."""
    with app.app_context():
        upgrade()
        event = Event(
            name="Benchmark conference",
            venue="Hall",
            province="soc-trang",
            starts_on=date(2020, 11, 20),
            ends_on=date(2020, 11, 21),
        )
        organisations = [
            Organisation(name=f"HTX {province}", name_key=f"htx {province}", kind="cooperative", province=province)
            for province in PROVINCES
        ]
        hall = CheckinList(event=event, name="Khu B2B", name_en="B2B hall", zone="b2b")
        db.session.add_all([event, hall, *organisations])
        db.session.flush()
        lists = [event.checkin_lists[0].id, hall.id]
        db.session.execute(
            sa.insert(Participant),
            [
                {
                    "event_id": event.id,
                    "organisation_id": organisations[number % len(organisations)].id,
                    "full_name": f"Nguyễn Văn Khách {number}",
                    "email": f"khach{number}@example.vn",
                    "role": ROLES[number % len(ROLES)],
                    "status": "approved",
                    "search_text": f"nguyen van khach {number}",
                }
                for number in range(participants)
            ],
        )
        staff = accounts.create_user(db.session, "door@example.vn", "benchmark-password", role="checkin", event_id=event.id)
        token = accounts.issue_token(db.session, "door@example.vn")
        db.session.commit()
        people = list(
            db.session.scalars(sa.select(Participant.id).where(Participant.event_id == event.id).order_by(Participant.id))
        )
        return {
            "event_id": event.id,
            "staff_id": staff.id,
            "token": token,
            "people": people,
            "lists": lists,
            "entered": [],  # (participant, list, day) of the entries made so far
            "entered_keys": set(),
        }


def scan_rows(setup: dict, first: int, count: int) -> list[dict]:
    """Scans number ``first`` to ``first + count`` of the door's two days:
    every tenth a person's entry at a list that day (while someone has not
    come in there yet), every fiftieth a refused badge, the others someone
    already in, shown again at the same list the same day."""
    people, lists, entered, entered_keys = setup["people"], setup["lists"], setup["entered"], setup["entered_keys"]
    rows = []
    for number in range(first, first + count):
        # Entries go round the four places and days (main entrance, hall; day 1, day 2).
        place_and_day = (number // 10) % 4
        day, list_id = place_and_day // 2, lists[place_and_day % 2]
        participant, problem, first_entry = None, None, False
        candidate = (people[(number // 40) % len(people)], list_id, day)
        if number % 10 == 0 and candidate not in entered_keys:
            result, first_entry = "checked_in", True
            participant = candidate[0]
            entered.append(candidate)
            entered_keys.add(candidate)
        elif number % 50 == 1 or not entered:
            result, problem = "invalid", "forged"
        else:
            result = "already_checked_in"
            participant, list_id, day = entered[number % len(entered)]
        at = DOORS_OPEN + timedelta(days=day, seconds=number // 2)
        rows.append(
            {
                "event_id": setup["event_id"],
                "list_id": list_id,
                "entry_day": (at + timedelta(hours=7)).date(),
                "first_entry": first_entry,
                "participant_id": participant,
                "scan_id": str(uuid.uuid4()),
                "code": "benchmark",
                "result": result,
                "problem": problem,
                "method": "qr",
                "gate": "Cổng chính",
                "device": "",
                "scanned_by_id": setup["staff_id"],
                "scanned_at": at,
                "received_at": at,
            }
        )
    return rows


def add_scans(app, setup: dict, already: int, wanted: int) -> None:
    with app.app_context():
        for start in range(already, wanted, 5_000):
            db.session.execute(sa.insert(Scan), scan_rows(setup, start, min(5_000, wanted - start)))
        db.session.commit()
        # As autovacuum leaves a database in service: the planner's statistics,
        # and the visibility map that lets an index answer without the table.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM ANALYZE"))


def median_ms(run, repeat: int) -> float:
    run()  # warm: statements prepared, pages cached
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def measure(app, setup: dict, repeat: int) -> dict[str, float]:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {setup['token']}"}
    base = f"/api/v1/events/{setup['event_id']}/checkins"

    def get(path: str):
        def run() -> None:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)

        return run

    with app.app_context():
        count_scans = sa.text("SELECT count(*) FROM scan WHERE event_id = :event_id")

        def bare_count() -> None:
            with db.engine.connect() as connection:
                connection.execute(count_scans, {"event_id": setup["event_id"]}).scalar_one()

        one_list_day = f"day=2020-11-21&list_id={setup['lists'][1]}"
        return {
            "stats": median_ms(get(f"{base}/stats"), repeat),
            "stats_day_list": median_ms(get(f"{base}/stats?{one_list_day}"), repeat),
            "counts": median_ms(get(f"{base}/counts?{one_list_day}"), repeat),
            "count(*)": median_ms(bare_count, repeat),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server", default="postgresql+psycopg://postgres@127.0.0.1:5432", help="PostgreSQL server URL, without a database name"
    )
    parser.add_argument(
        "--database", default="", help="an existing database to use (its tables are replaced) instead of a scratch one"
    )
    parser.add_argument("--participants", type=int, default=5_000)
    parser.add_argument("--scans", default="50,50000", help="the scan counts to measure at, in increasing order")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per figure (the median is printed)")
    arguments = parser.parse_args()
    scan_counts = [int(number) for number in arguments.scans.split(",")]

    name = arguments.database or f"evt_stats_bench_{os.getpid()}"
    admin_url = arguments.server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    empty_database(admin_url, name, scratch=not arguments.database)
    results: dict[int, dict[str, float]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="evt-bench-") as folder:
            os.environ["EVENTAPP_INSTANCE_PATH"] = folder
            app = create_app({"SQLALCHEMY_DATABASE_URI": f"{arguments.server}/{name}", "SECRET_KEY": SECRET})
            print(f"preparing {name}: {arguments.participants} approved participants ...", flush=True)
            setup = prepare(app, arguments.participants)
            made = 0
            for wanted in scan_counts:
                add_scans(app, setup, made, wanted)
                made = wanted
                results[wanted] = measure(app, setup, arguments.repeat)
            with app.app_context():
                db.engine.dispose()
    finally:
        if arguments.database:
            empty_database(admin_url, name, scratch=False)
        else:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    print(f"PostgreSQL, {arguments.participants} approved participants, median of {arguments.repeat} requests each")
    labels = {
        "stats": "GET  /checkins/stats (dashboard)",
        "stats_day_list": "GET  /checkins/stats?day&list_id",
        "counts": "GET  /checkins/counts?day&list_id",
        "count(*)": "SELECT count(*) of the scans",
    }
    fewest, most = scan_counts[0], scan_counts[-1]
    for key, label in labels.items():
        figures = "   ".join(f"{results[scans][key]:7.2f} ms at {scans:>6} scans" for scans in scan_counts)
        print(f"  {label:34} {figures}   growth x{results[most][key] / results[fewest][key]:.2f}")
    for key in ("stats", "stats_day_list", "counts"):
        print(
            f"  {key} / count(*): {results[fewest][key] / results[fewest]['count(*)']:.1f} at {fewest} scans, "
            f"{results[most][key] / results[most]['count(*)']:.1f} at {most} scans"
        )


if __name__ == "__main__":
    main()
