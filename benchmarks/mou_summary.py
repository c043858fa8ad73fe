"""Benchmark: the officials' MoU summary for an event with 10,000 MoUs, as
JSON and as PDF, through the API, beside a plain ``SELECT count(*)`` over the
same table and the one hand-written query that computes the same figures, in
the same run.

    .venv/bin/python benchmarks/mou_summary.py
    .venv/bin/python benchmarks/mou_summary.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/DB

SQLite runs in a temporary folder. A PostgreSQL database given here is
EMPTIED first (its public schema is dropped), so give a scratch database.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventapp import create_app
from eventapp.extensions import db
from eventapp.models import Event, Mou, MouParty, Organisation
from eventapp.services import accounts, mou_categories

PRODUCER_PROVINCES = (
    "soc-trang",
    "can-tho",
    "hau-giang",
    "bac-lieu",
    "ca-mau",
    "an-giang",
    "dong-thap",
    "vinh-long",
    "tra-vinh",
    "ben-tre",
    "tien-giang",
    "long-an",
    "kien-giang",
    "lam-dong",
)
DISTRIBUTORS = (
    "Saigon Co.op",
    "Central Retail (Big C)",
    "MM Mega Market",
    "BRG Retail",
    "Bách Hóa Xanh",
    "VINAGREENCO",
    "Trái cây Chánh Thu",
    "Siêu thị Tứ Sơn",
)


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` runs, and the last result."""
    durations, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def empty_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def fill(count: int, rng: random.Random) -> tuple[int, str]:
    """One event with ``count`` MoUs; returns its id and an organiser's token."""
    event = Event(
        name="Hội nghị kết nối cung cầu, liên kết sản xuất, tiêu thụ sản phẩm OCOP và đặc sản vùng miền tỉnh Sóc Trăng năm 2020",
        venue="Trung tâm Hội nghị tỉnh Sóc Trăng",
        province="soc-trang",
        starts_on=date(2020, 11, 20),
        ends_on=date(2020, 11, 21),
    )
    db.session.add(event)
    db.session.flush()
    accounts.create_user(
        db.session, "bench@staff.example.vn", "lantern harbour quietly counts", role="organiser", event_id=event.id
    )
    token = accounts.issue_token(db.session, "bench@staff.example.vn")
    categories = {category.code: category.id for category in mou_categories.ensure_categories(db.session, event.id)}
    now = datetime.now(UTC)

    def organisation(name: str, kind: str, province: str) -> dict:
        return {
            "name": name,
            "name_key": name.casefold(),
            "kind": kind,
            "province": province,
            "created_at": now,
            "updated_at": now,
        }

    rows = [organisation("Sở Công Thương tỉnh Sóc Trăng", "government", "soc-trang")]
    rows += [organisation(f"Sở Công Thương {code}", "government", code) for code in PRODUCER_PROVINCES[1:]]
    rows += [organisation(name, "distributor", "ho-chi-minh") for name in DISTRIBUTORS]
    rows += [
        organisation(f"Cơ sở sản xuất đặc sản số {number}", "enterprise", rng.choice(PRODUCER_PROVINCES)) for number in range(600)
    ]
    db.session.execute(sa.insert(Organisation), rows)
    ids = db.session.scalars(sa.select(Organisation.id).order_by(Organisation.id)).all()
    host, departments = ids[0], ids[1 : len(PRODUCER_PROVINCES)]
    distributors = ids[len(PRODUCER_PROVINCES) : len(PRODUCER_PROVINCES) + len(DISTRIBUTORS)]
    producers = ids[len(PRODUCER_PROVINCES) + len(DISTRIBUTORS) :]

    plans = []
    for number in range(count):
        draw = rng.random()
        if draw < 0.25:
            code, parties, value = "gov-gov", [host, rng.choice(departments)], None
        elif draw < 0.4:
            code, parties, value = "gov-business", [host, rng.choice(distributors)], None
        else:
            code = "business-business"
            parties = [rng.choice(producers), rng.choice(distributors)]
            value = rng.randrange(50, 3000) * 1_000_000
        plans.append((code, parties, value, number))
    db.session.execute(
        sa.insert(Mou),
        [
            {
                "event_id": event.id,
                "category_id": categories[code],
                "title": f"Biên bản ghi nhớ hợp tác số {number + 1}",
                "signed_on": event.starts_on + timedelta(days=number % 2),
                "value_vnd": value,
                "notes": "",
                "created_at": now,
                "updated_at": now,
            }
            for code, parties, value, number in plans
        ],
    )
    mou_ids = db.session.scalars(sa.select(Mou.id).where(Mou.event_id == event.id).order_by(Mou.id)).all()
    db.session.execute(
        sa.insert(MouParty),
        [
            {"mou_id": mou_id, "organisation_id": organisation_id, "position": position}
            for mou_id, (_code, parties, _value, _number) in zip(mou_ids, plans, strict=True)
            for position, organisation_id in enumerate(parties)
        ],
    )
    db.session.commit()
    return event.id, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL of a scratch database (emptied)")
    parser.add_argument("--mous", type=int, default=10_000)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        if url.startswith("postgresql"):
            empty_postgres(url)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark", "TESTING": True})
        app.instance_path = folder
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            event_id, token = fill(arguments.mous, random.Random(2020))
            headers = {"Authorization": f"Bearer {token}"}
            client = app.test_client()
            baseline_sql = sa.text("SELECT count(*) FROM mou")
            # The figures of the summary (count and value per category, MoUs
            # with a party from each province; totals are their sums) as one
            # query written by hand: what the endpoint cannot beat.
            aggregate_sql = sa.text(
                "SELECT 'category', c.code, count(m.id), coalesce(sum(m.value_vnd), 0)"
                " FROM mou_category c LEFT JOIN mou m ON m.category_id = c.id AND m.event_id = c.event_id"
                " WHERE c.event_id = :event GROUP BY c.id, c.code"
                " UNION ALL"
                " SELECT 'province', o.province, count(DISTINCT p.mou_id), NULL"
                " FROM mou_party p JOIN mou m ON m.id = p.mou_id JOIN organisation o ON o.id = p.organisation_id"
                " WHERE m.event_id = :event GROUP BY o.province"
            )

            def hand_written_aggregate() -> list:
                with db.engine.connect() as connection:
                    return connection.execute(aggregate_sql, {"event": event_id}).all()

            def plain_count() -> int:
                with db.engine.connect() as connection:
                    return connection.execute(baseline_sql).scalar_one()

            def summary_json() -> dict:
                response = client.get(f"/api/v1/events/{event_id}/mous/summary", headers=headers)
                assert response.status_code == 200, response.data[:300]
                return response.get_json()

            def summary_pdf() -> bytes:
                response = client.get(f"/api/v1/events/{event_id}/mous/summary.pdf", headers=headers)
                assert response.status_code == 200, response.data[:300]
                return response.data

            summary_json()  # warm the caches (font files, translations) outside the timings
            baseline, total = timed(plain_count, 50)
            aggregate, _rows = timed(hand_written_aggregate, 20)
            json_time, figures = timed(summary_json, 20)
            pdf_time, pdf = timed(summary_pdf, 3)
            parties = db.session.scalar(sa.select(sa.func.count(MouParty.id)))
        assert figures["total"] == total == arguments.mous
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")

    print(f"database: {url.split('://')[0]}, {total:,} MoUs, {parties:,} parties")
    print(f"{'what':<36}{'median':>12}{'× count(*)':>14}")
    for label, seconds in (
        ("SELECT count(*) FROM mou", baseline),
        ("the figures in one hand-written query", aggregate),
        ("GET .../mous/summary (JSON)", json_time),
        (f"GET .../mous/summary.pdf ({pages:,} pages, {len(pdf) // 1024:,} KB)", pdf_time),
    ):
        shown = f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"{label:<36}{shown:>12}{seconds / baseline:>13,.0f}×")
    print(f"  summary JSON / hand-written aggregate: {json_time / aggregate:.2f} (goal <= 2)")
    print(f"  summary PDF: {pdf_time:.2f} s (goal <= 3 s)")


if __name__ == "__main__":
    main()
