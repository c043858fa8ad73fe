"""Door check-in under load: throughput and p95 latency of
``POST /api/v1/events/{id}/checkins`` with 2 gunicorn workers on PostgreSQL
and 32 concurrent clients, against ``GET /api/v1/health`` (a trivial JSON
endpoint of the same app) in the same run.

    .venv/bin/python benchmarks/checkin.py [--server postgresql+psycopg://postgres@127.0.0.1:5432] [--database NAME]
                                           [--seconds 10] [--rounds 2] [--clients 32] [--workers 2] [--threads 1]

A scratch database (``evt_checkin_bench_<pid>``) is created on the server and
dropped at the end; ``--database NAME`` uses an existing database instead,
whose tables are replaced. Every check-in is a first entry of a different badge,
with its own scan_id, as phones send them at a busy door. The endpoints are
measured in alternating rounds so a neighbour's load on the machine weighs
on both alike. The clients run in two processes of asyncio connections, so
the load generator is not the bottleneck of the trivial endpoint. The goal
is check-in at 50% or more of the trivial endpoint's throughput.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import psycopg
import sqlalchemy as sa
from flask_migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventapp import create_app
from eventapp.extensions import db
from eventapp.models import Event, Organisation, Participant
from eventapp.services import accounts
from eventapp.services.badges import badge_code

CLIENT_PROCESSES = 2
SECRET = "benchmark-secret-key-of-32-characters-or-more"


# -- the load generator ---------------------------------------------------


async def _request(port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        await writer.drain()
        status_line = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        return int(status_line.split()[1])
    finally:
        writer.close()


def _raw(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Connection: close",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _drive(port: int, make_request, clients: int, seconds: float) -> tuple[list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            raw = make_request()
            if raw is None:
                return
            started = time.perf_counter()
            try:
                status = await _request(port, raw)
            except OSError:
                status = 0
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, statuses


def _client_process(port: int, kind: str, payload: dict, clients: int, seconds: float, start_at: float, results) -> None:
    if kind == "health":
        raw = _raw("GET", "/api/v1/health", {})

        def make_request() -> bytes:
            return raw
    else:
        # Built before the round starts, as the health request is: the time
        # the generator spends on a request also delays its closing the
        # previous connection, which the sync worker waits for.
        headers = {"Authorization": f"Bearer {payload['token']}", "Content-Type": "application/json"}
        scans = iter(
            [
                _raw(
                    "POST",
                    payload["path"],
                    headers,
                    json.dumps({"code": code, "scan_id": str(uuid.uuid4()), "gate": "Cổng chính"}).encode(),
                )
                for code in payload["codes"]
            ]
        )

        def make_request() -> bytes | None:
            return next(scans, None)

    time.sleep(max(0.0, start_at - time.time()))
    results.put(asyncio.run(_drive(port, make_request, clients, seconds)))


def measure(port: int, kind: str, payloads: list[dict], clients: int, seconds: float) -> dict:
    """Run ``clients`` connections split over the client processes for
    ``seconds``; throughput, latency percentiles and statuses."""
    results = multiprocessing.Queue()
    start_at = time.time() + 0.5
    processes = [
        multiprocessing.Process(
            target=_client_process, args=(port, kind, payloads[index], clients // CLIENT_PROCESSES, seconds, start_at, results)
        )
        for index in range(CLIENT_PROCESSES)
    ]
    for process in processes:
        process.start()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    for _ in processes:
        more, counted = results.get()
        latencies += more
        for status, count in counted.items():
            statuses[status] = statuses.get(status, 0) + count
    for process in processes:
        process.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "throughput": len(latencies) / seconds,
        "p50": 1000 * statistics.median(latencies),
        "p95": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "statuses": statuses,
    }


# -- the app under test ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database_url: str, instance: Path, participants: int) -> dict:
    """Schema by the migrations, one event, a check-in account with a token
    and ``participants`` approved participants; their badge codes."""
    os.environ["EVENTAPP_INSTANCE_PATH"] = str(instance)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
        event = Event(
            name="Benchmark conference",
            venue="Hall",
            province="soc-trang",
            starts_on=date(2020, 11, 20),
            ends_on=date(2020, 11, 21),
        )
        organisation = Organisation(name="HTX Mỹ Xuyên", name_key="htx mỹ xuyên", kind="cooperative", province="soc-trang")
        db.session.add_all([event, organisation])
        db.session.flush()
        db.session.execute(
            sa.insert(Participant),
            [
                {
                    "event_id": event.id,
                    "organisation_id": organisation.id,
                    "full_name": f"Nguyễn Văn Khách {number}",
                    "email": f"khach{number}@example.vn",
                    "role": "delegate",
                    "status": "approved",
                    "search_text": f"nguyen van khach {number}",
                }
                for number in range(participants)
            ],
        )
        accounts.create_user(db.session, "door@example.vn", "benchmark-password", role="checkin", event_id=event.id)
        token = accounts.issue_token(db.session, "door@example.vn")
        db.session.commit()
        # A database in service has its statistics; a freshly loaded one gets
        # them from autovacuum within a minute. Without them the planner may
        # read the whole event to find one participant.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
        codes = [badge_code(participant) for participant in db.session.scalars(sa.select(Participant).order_by(Participant.id))]
        return {"event_id": event.id, "token": token, "codes": codes}


def start_gunicorn(database_url: str, instance: Path, port: int, workers: int, threads: int) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SECRET, "EVENTAPP_INSTANCE_PATH": str(instance)}
    worker_class = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    # gunicorn would read the deployment's ./gunicorn.conf.py (threads, an
    # access log line per request, workers replaced every 2,000 requests):
    # the run measures the workers its summary names, and nothing else.
    settings = instance / "benchmark_gunicorn.conf.py"
    settings.write_text("# Every setting is on the command line.\n")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(settings),
            "--workers",
            str(workers),
            *worker_class,
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "eventapp:create_app()",
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            asyncio.run(_request(port, _raw("GET", "/api/v1/health", {})))
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def empty_database(admin_url: str, name: str, *, scratch: bool) -> None:
    """A new database, or an existing one emptied of every table."""
    if scratch:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return
    with psycopg.connect(admin_url.rsplit("/", 1)[0] + f"/{name}", autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def checked_in(database_url: str) -> tuple[int, int]:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        entries, scans = connection.execute(
            sa.text("SELECT count(*) FILTER (WHERE result = 'checked_in'), count(*) FROM scan")
        ).one()
    engine.dispose()
    return entries, scans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server", default="postgresql+psycopg://postgres@127.0.0.1:5432", help="PostgreSQL server URL, without a database name"
    )
    parser.add_argument(
        "--database", default="", help="an existing database to use (its tables are replaced) instead of a scratch one"
    )
    parser.add_argument("--port", type=int, default=0, help="where gunicorn listens (0: any free port)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="1: gunicorn's default sync workers, as the README deploys; more: gthread workers with that many threads each",
    )
    parser.add_argument(
        "--participants", type=int, default=90_000, help="more than the check-ins the run can make, so each is a first entry"
    )
    arguments = parser.parse_args()

    name = arguments.database or f"evt_checkin_bench_{os.getpid()}"
    admin_url = arguments.server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    database_url = f"{arguments.server}/{name}"
    empty_database(admin_url, name, scratch=not arguments.database)
    server = None
    try:
        with tempfile.TemporaryDirectory(prefix="evt-bench-") as folder:
            instance = Path(folder)
            print(f"preparing {name}: {arguments.participants} approved participants ...", flush=True)
            setup = prepare(database_url, instance, arguments.participants)
            port = arguments.port or free_port()
            server = start_gunicorn(database_url, instance, port, arguments.workers, arguments.threads)
            path = f"/api/v1/events/{setup['event_id']}/checkins"
            codes = setup["codes"]
            share = len(codes) // (CLIENT_PROCESSES * (arguments.rounds + 1))

            def slices(round_number: int) -> list[dict]:
                first = round_number * CLIENT_PROCESSES
                return [
                    {"token": setup["token"], "path": path, "codes": codes[(first + index) * share : (first + index + 1) * share]}
                    for index in range(CLIENT_PROCESSES)
                ]

            # Warm both endpoints (connections, imports) before measuring.
            measure(port, "health", [{}] * CLIENT_PROCESSES, arguments.clients, 2)
            measure(port, "checkin", slices(arguments.rounds), arguments.clients, 2)
            totals = {"health": [], "checkin": []}
            for round_number in range(arguments.rounds):
                totals["health"].append(measure(port, "health", [{}] * CLIENT_PROCESSES, arguments.clients, arguments.seconds))
                totals["checkin"].append(measure(port, "checkin", slices(round_number), arguments.clients, arguments.seconds))
            entries, scans = checked_in(database_url)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if arguments.database:
            empty_database(admin_url, name, scratch=False)
        else:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    workers = (
        f"{arguments.workers} gunicorn gthread workers x {arguments.threads} threads"
        if arguments.threads > 1
        else f"{arguments.workers} gunicorn sync workers"
    )
    print(
        f"{workers}, PostgreSQL, {arguments.clients} concurrent clients, "
        f"{arguments.rounds} rounds of {arguments.seconds:g} s per endpoint"
    )
    summary = {}
    for kind, label in (("health", "GET  /api/v1/health (trivial)"), ("checkin", "POST /checkins (first entries)")):
        runs = totals[kind]
        throughput = statistics.mean(run["throughput"] for run in runs)
        p95 = statistics.mean(run["p95"] for run in runs)
        p50 = statistics.mean(run["p50"] for run in runs)
        statuses: dict[int, int] = {}
        for run in runs:
            for status, count in run["statuses"].items():
                statuses[status] = statuses.get(status, 0) + count
        summary[kind] = (throughput, p95)
        print(f"  {label:34} {throughput:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   statuses {statuses}")
        for number, run in enumerate(runs, 1):
            print(f"      round {number}: {run['throughput']:8.1f} req/s   p95 {run['p95']:6.1f} ms")
    ratio = summary["checkin"][0] / summary["health"][0]
    print(
        f"  check-in throughput / trivial: {ratio:.2f}   p95 check-in / trivial: "
        f"{summary['checkin'][1] / summary['health'][1]:.2f}"
    )
    print(f"  recorded: {entries} first entries in {scans} scans (every check-in answered 201 is one entry)")
    print(f"  goal: check-in at >= 50% of the trivial endpoint -> {'met' if ratio >= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
