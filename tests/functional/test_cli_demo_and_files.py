"""``flask seed-demo`` (what ``make run`` calls) and ``flask participants``."""

import sqlalchemy as sa

from eventapp.models import Event, Participant


def test_seed_demo_prints_the_accounts_and_if_empty_loads_only_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded:" in first.output
    assert "admin@demo.eventapp.vn / demo-quantri-2020 / admin" in first.output
    assert "bantochuc.soctrang@demo.eventapp.vn / demo-soctrang-2020 / organiser, event" in first.output
    participants = db.scalar(sa.select(sa.func.count(Participant.id)))

    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0 and "demo data not loaded" in second.output
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "nothing added" in again.output and "demo-quantri-2020" in again.output
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == participants
    assert db.scalar(sa.select(sa.func.count(Event.id))) == 3


def test_if_empty_leaves_a_database_with_events_alone(app, db, make_event):
    make_event()
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "demo data not loaded" in result.output
    assert db.scalar(sa.select(sa.func.count(Event.id))) == 1


def test_export_then_import_from_the_command_line(app, db, make_event, make_user, make_participant, tmp_path):
    source, target = make_event(), make_event(name="Hội chợ OCOP Cần Thơ 2020", province="can-tho")
    make_participant(source, full_name="Nguyễn Thị Hồng", products=[("Trà atiso", "herbal", 4)])
    make_participant(source, role="delegate", products=[])
    organiser = make_user("organiser", target)
    make_user("organiser", source, email=organiser.email)
    runner = app.test_cli_runner()
    path = tmp_path / "danh-sach.xlsx"

    exported = runner.invoke(args=["participants", "export", str(source.id), str(path), "--as", organiser.email])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(args=["participants", "import", str(target.id), str(path), "--as", organiser.email])
    assert imported.exit_code == 0, imported.output
    assert "2 participants imported (2 approved)" in imported.output
    names = db.scalars(sa.select(Participant.full_name).where(Participant.event_id == target.id)).all()
    assert "Nguyễn Thị Hồng" in names

    twice = runner.invoke(args=["participants", "import", str(target.id), str(path), "--as", organiser.email])
    assert twice.exit_code != 0
    assert "row 2, Thư điện tử: This e-mail address is already registered for this event." in twice.output
    assert "Nothing was imported" in twice.output


def test_the_command_line_checks_the_account_too(app, make_event, make_user, tmp_path):
    event = make_event()
    checkin = make_user("checkin", event)
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xef\xbb\xbf")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["participants", "export", str(event.id), str(tmp_path / "a.csv"), "--as", checkin.email])
    assert refused.exit_code != 0 and "permission" in refused.output
    nobody = runner.invoke(args=["participants", "import", str(event.id), str(path), "--as", "ai@example.vn"])
    assert nobody.exit_code != 0 and "No account" in nobody.output
    wrong_suffix = runner.invoke(args=["participants", "export", str(event.id), str(tmp_path / "a.pdf"), "--as", checkin.email])
    assert wrong_suffix.exit_code != 0 and ".csv or .xlsx" in wrong_suffix.output
