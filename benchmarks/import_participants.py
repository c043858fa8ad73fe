"""How fast a participant file imports, and how fast the demo loads.

Figures are ratios against a baseline measured in the same run: registering
the same people one at a time through ``registration.register`` (what the
API does per request, without the HTTP layer). A ratio under 1 means the
import is cheaper per person than registering people one by one.

    .venv/bin/python benchmarks/import_participants.py [--rows 1000] [--database-url URL]

Runs on a scratch SQLite database by default; give a scratch PostgreSQL URL
to measure there (its tables are dropped and rebuilt).
"""

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa


def csv_rows(count: int) -> bytes:
    lines = ["Họ và tên,Thư điện tử,Điện thoại,Tư cách tham dự,Tên đơn vị,Loại hình đơn vị,Tỉnh/thành phố,Sản phẩm OCOP"]
    for number in range(count):
        lines.append(
            f"Nguyễn Văn Thành {number},nguoi{number}@example.vn,09{number:08d},Đơn vị trưng bày,"
            f"Cơ sở Đặc sản {number % (count // 3 or 1)},Hộ kinh doanh,Sóc Trăng,"
            f'"Bánh pía sầu riêng|food|4; Lạp xưởng|food|3"'
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--database-url")
    arguments = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="eventapp-bench-"))
    os.environ["EVENTAPP_INSTANCE_PATH"] = str(scratch)
    from flask_migrate import downgrade, upgrade

    from eventapp import create_app
    from eventapp.demo import seed_demo
    from eventapp.domain import participant_table, spreadsheets
    from eventapp.extensions import db
    from eventapp.models import Event, Participant
    from eventapp.services import accounts, imports, registration

    url = arguments.database_url or f"sqlite:///{scratch / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark", "MAIL_SERVER": None})
    content = csv_rows(arguments.rows)
    with app.test_request_context():
        if arguments.database_url:
            downgrade(revision="base")
        upgrade()
        event = Event(name="Benchmark", province="soc-trang", starts_on=date(2020, 11, 20), ends_on=date(2020, 11, 21))
        db.session.add(event)
        organiser = accounts.create_user(db.session, "bench@example.vn", "benchmark-1", role="admin")
        db.session.commit()

        sheet = spreadsheets.read_sheet(content, max_rows=arguments.rows + 1)
        table = participant_table.read_participants(sheet, event_day=event.starts_on, taken_emails=set(), max_rows=arguments.rows)
        started = time.perf_counter()
        for row in table.rows:
            registration.register(db.session, organiser, event.id, row.participant)
        db.session.flush()
        one_by_one = time.perf_counter() - started
        db.session.rollback()

        started = time.perf_counter()
        imports.import_participants(db.session, organiser, event.id, content, max_rows=arguments.rows)
        db.session.flush()
        imported = time.perf_counter() - started
        db.session.rollback()

        started = time.perf_counter()
        parsed = spreadsheets.read_sheet(content, max_rows=arguments.rows + 1)
        participant_table.read_participants(parsed, event_day=event.starts_on, taken_emails=set(), max_rows=arguments.rows)
        reading = time.perf_counter() - started

        started = time.perf_counter()
        result = seed_demo(db.session)
        db.session.flush()
        demo = time.perf_counter() - started
        people = db.session.scalar(
            sa.select(sa.func.count(Participant.id)).where(Participant.event_id.in_([e.id for e in result.events.values()]))
        )
        db.session.rollback()

    print(f"database: {url.split(':')[0]}; {arguments.rows} rows; baseline: registering them one by one ({one_by_one:.2f} s)")
    print(f"import of the whole file            : {imported / one_by_one:.2f} x baseline")
    print(f"  of which reading and checking rows: {reading / one_by_one:.2f} x baseline")
    print(f"demo data ({people} participants)    : {demo / one_by_one:.2f} x baseline")


if __name__ == "__main__":
    main()
