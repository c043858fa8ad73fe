"""Benchmark: the pages people open at a national-size event (5,000
participants, about 52,000 meeting requests: the shared generator's
``national`` preset, loaded into the database and scheduled by the app's own
scheduler run), beside the trivial ``/api/v1/health`` in the same run. Each
page is fetched through the test client as its user would: the server's time
(median of the runs) and the SQL statements it ran.

    .venv/bin/python benchmarks/pages.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/DB

A PostgreSQL database given here is EMPTIED first (its public schema is
dropped), so give a scratch database. Without one, SQLite in a temporary folder.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventapp import create_app
from eventapp.domain.meetings import MeetingRequestStatus, SessionInput
from eventapp.extensions import db
from eventapp.models import Event, MatchmakingProfile, MeetingRequest, Organisation, Participant, Product
from eventapp.services import accounts, jobs, meeting_setup, scheduler_runs

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MATCHMAKING_TOOLS") or ROOT.parent / "shared" / "matchmaking")
DAYS = (date(2020, 11, 20), date(2020, 11, 21))
PASSWORD = "benchmark-pages-2020"


def national_problem() -> dict:
    made = subprocess.run(
        [sys.executable, str(SHARED / "generate.py"), "national"], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(made.stdout)


def load(problem: dict, scheduler_seconds: int) -> tuple[int, str, str]:
    """The problem as an event of the app; returns the event id, a busy buyer's and a seller's private keys."""
    event = Event(name="Hội nghị kết nối cung cầu toàn quốc", starts_on=DAYS[0], ends_on=DAYS[1], venue="Hà Nội")
    db.session.add(event)
    db.session.flush()
    people = problem["participants"]
    organisations = [
        {
            "name": f"{'Nhà phân phối' if p['side'] == 'buyer' else 'HTX'} {p['id']}",
            "name_key": f"{'nha phan phoi' if p['side'] == 'buyer' else 'htx'} {p['id']}",
            "kind": "distributor" if p["side"] == "buyer" else "cooperative",
            "province": "ha-noi" if p["side"] == "buyer" else "soc-trang",
        }
        for p in people
    ]
    organisation_ids = db.session.scalars(sa.insert(Organisation).returning(Organisation.id), organisations).all()
    rows = [
        {
            "event_id": event.id,
            "organisation_id": organisation_id,
            "full_name": f"Người tham dự {p['id']}",
            "email": f"{p['id']}@national.example.vn",
            "role": "buyer" if p["side"] == "buyer" else "exhibitor",
            "status": "approved",
            "search_text": f"nguoi tham du {p['id']}",
            "access_key": f"benchmark-{p['id']}-{event.id}",
        }
        for p, organisation_id in zip(people, organisation_ids, strict=True)
    ]
    participant_ids = db.session.scalars(sa.insert(Participant).returning(Participant.id), rows).all()
    by_name = dict(zip((p["id"] for p in people), participant_ids, strict=True))
    db.session.execute(
        sa.insert(Product),
        [
            {"participant_id": by_name[p["id"]], "name": f"Sản phẩm {p['id']}-{n}", "group": "food", "stars": 3 + n % 3}
            for p in people
            if p["side"] == "seller"
            for n in range(2)
        ],
    )
    db.session.execute(
        sa.insert(MatchmakingProfile),
        [{"participant_id": by_name[p["id"]], "max_meetings": p.get("max_meetings")} for p in people],
    )
    db.session.execute(
        sa.insert(MeetingRequest),
        [
            {
                "event_id": event.id,
                "from_participant_id": by_name[r["b"]],
                "to_participant_id": by_name[r["a"]],
                "priority": min(r.get("weight", 1), 3),
                "status": MeetingRequestStatus.ACCEPTED.value,
            }
            for r in problem["requests"]
        ],
    )
    setup = meeting_setup.setup_of(db.session, event)
    setup.objective, setup.time_limit = "weight", scheduler_seconds
    for day in DAYS:
        meeting_setup.store_session(db.session, event, SessionInput(day, "08:30", "14:00", 20, 5, "11:00-11:30"))
    meeting_setup.sync_tables(db.session, event, setup)
    organiser = accounts.create_user(db.session, "organiser@national.example.vn", PASSWORD, role="organiser", event_id=event.id)
    db.session.commit()
    scheduler_runs.run_schedule(db.session, organiser, event.id)
    db.session.commit()
    busiest = db.session.scalar(
        sa.select(MeetingRequest.to_participant_id)
        .where(MeetingRequest.event_id == event.id)
        .group_by(MeetingRequest.to_participant_id)
        .order_by(sa.func.count().desc())
        .limit(1)
    )
    buyer = db.session.get(Participant, busiest)
    seller = db.session.get(Participant, by_name["s1"])
    return event.id, buyer.access_key, seller.access_key


def measure(client, engine: sa.Engine, path: str, repeat: int) -> tuple[float, int, int]:
    """Median server time in ms, the status, and the SQL statements of one fetch."""
    statements: list[str] = []

    def record(*_args) -> None:
        statements.append("")

    times = []
    for run in range(repeat):
        if run == repeat - 1:
            sa.event.listen(engine, "before_cursor_execute", record)
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if run == repeat - 1:
            sa.event.remove(engine, "before_cursor_execute", record)
    return statistics.median(times), response.status_code, len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (emptied first)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scheduler-seconds", type=int, default=10)
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ["EVENTAPP_INSTANCE_PATH"] = scratch  # e-mails and uploads of this run stay in it
    url = arguments.database_url or f"sqlite:///{scratch}/pages.db"
    if url.startswith("postgresql"):
        with sa.create_engine(url).begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        event_id, buyer_key, seller_key = load(national_problem(), arguments.scheduler_seconds)
        loaded = time.perf_counter() - started
        figures = {
            "participants": db.session.scalar(sa.select(sa.func.count(Participant.id))),
            "requests": db.session.scalar(sa.select(sa.func.count(MeetingRequest.id))),
        }
        engine = db.engine
    print(f"national preset loaded and scheduled in {loaded:.1f} s: {figures}")
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    client.post("/auth/login", data={"email": "organiser@national.example.vn", "password": PASSWORD, "csrf_token": token})
    pages = {
        "trivial /api/v1/health": "/api/v1/health",
        "participant list": f"/manage/events/{event_id}/participants",
        "participant list, searched": f"/manage/events/{event_id}/participants?q=s4321",
        "the board": f"/manage/events/{event_id}/matchmaking/board",
        "the board, a later page of each": f"/manage/events/{event_id}/matchmaking/board?columns=20&page=300",
        "meeting requests": f"/manage/events/{event_id}/matchmaking/requests",
        "a buyer's meetings": f"/p/{buyer_key}/meetings",
        "a buyer browsing exhibitors": f"/p/{buyer_key}/meetings/browse",
        "an exhibitor's meetings": f"/p/{seller_key}/meetings",
    }
    # The board's event-wide figures and reasons are computed by a job after
    # each change at this size; the page itself reads what the job stored.
    started = time.perf_counter()
    client.get(pages["the board"])
    jobs.wait_for_threads(600)
    print(f"the board's analysis (a background job after each change): {time.perf_counter() - started:.1f} s")
    trivial = None
    for name, path in pages.items():
        milliseconds, status, statements = measure(client, engine, path, arguments.repeat)
        trivial = trivial or milliseconds
        print(
            f"{name:32} {milliseconds:8.1f} ms  ({milliseconds / trivial:6.1f} × trivial)  "
            f"{statements:3d} SQL statements  HTTP {status}"
        )


if __name__ == "__main__":
    main()
