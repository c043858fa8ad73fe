"""The demo data: the conferences as the press reported them, the same on
every run, loaded once."""

from datetime import date

import sqlalchemy as sa

from eventapp.demo import seed_demo
from eventapp.domain.registration import clean_participant
from eventapp.models import Event, Organisation, Participant, Product, User
from eventapp.services import sign_in
from eventapp.services.access import event_roles
from eventapp.services.registration import as_input
from tests.conftest import _empty_all_tables

DISTRIBUTORS = ("Saigon Co.op", "Big C", "MM Mega Market", "BRG", "Bách Hóa Xanh", "VINAGREENCO", "Chánh Thu", "Tứ Sơn")


def at_event(event_id: int) -> sa.Select:
    return sa.select(Participant, Organisation).join(Participant.organisation).where(Participant.event_id == event_id)


def fingerprint(db) -> list[tuple]:
    rows = db.execute(
        sa.select(
            Event.name,
            Participant.email,
            Participant.status,
            Participant.booth,
            Organisation.name,
            Organisation.province,
            Product.name,
            Product.stars,
        )
        .join(Participant, Participant.event_id == Event.id)
        .join(Participant.organisation)
        .outerjoin(Product, Product.participant_id == Participant.id)
    )
    return sorted(tuple(row) for row in rows)


def test_soc_trang_2020_as_reported(db, outbox):
    result = seed_demo(db)
    db.commit()
    event = result.events["soctrang"]
    assert event.name == (
        "Hội nghị kết nối cung cầu, liên kết sản xuất, tiêu thụ sản phẩm OCOP và đặc sản vùng miền tỉnh Sóc Trăng năm 2020"
    )
    assert event.province == "soc-trang" and event.starts_on == date(2020, 11, 20) and event.registration_open

    local_products = db.execute(
        sa.select(Product.stars, Product.group, Organisation.id)
        .join(Product.participant)
        .join(Participant.organisation)
        .where(Participant.event_id == event.id, Organisation.province == "soc-trang")
    ).all()
    assert len(local_products) == 99
    assert len({organisation for _, _, organisation in local_products}) == 52
    assert sum(stars == 4 for stars, _, _ in local_products) == 24
    assert sum(stars == 3 for stars, _, _ in local_products) == 75
    assert {group for _, group, _ in local_products} == {"food", "beverage", "herbal"}

    people = db.execute(at_event(event.id)).all()
    buyers = {organisation.name for participant, organisation in people if participant.role == "buyer"}
    for distributor in DISTRIBUTORS:
        assert any(distributor in name for name in buyers), distributor
    producers = {organisation.id: organisation for participant, organisation in people if participant.role == "exhibitor"}
    assert 145 <= len(producers) <= 160
    assert len({organisation.province for organisation in producers.values()}) > 20
    departments = {organisation.province for _, organisation in people if organisation.name.startswith("Sở Công Thương")}
    assert len(departments) > 20 and "soc-trang" in departments
    statuses = [participant.status for participant, _ in people]
    assert statuses.count("approved") > 0.8 * len(statuses)
    assert statuses.count("pending") >= 10
    assert {"rejected", "cancelled"} <= set(statuses)
    assert {participant.role for participant, _ in people} == {"exhibitor", "buyer", "delegate", "press", "speaker"}
    assert all(participant.email.endswith("@demo.eventapp.vn") for participant, _ in people)
    assert outbox() == []


def test_buon_ma_thuot_2019_gathered_twenty_provinces(db):
    event = seed_demo(db).events["buonmathuot"]
    db.commit()
    assert event.province == "dak-lak" and event.starts_on == event.ends_on == date(2019, 11, 29)
    assert "miền Trung – Tây Nguyên" in event.name and not event.registration_open
    people = db.execute(at_event(event.id)).all()
    # Producers and distributors of 20 provinces; ministries come from Hà Nội besides.
    assert len({organisation.province for _, organisation in people if organisation.kind != "government"}) == 20
    assert any("Đại Hưng Phát" in organisation.name for _, organisation in people)
    assert {participant.status for participant, _ in people} <= {"approved", "cancelled"}
    # Saigon Co.op came to every conference: one organisation, three events.
    co_op = db.scalars(sa.select(Organisation).where(Organisation.name.contains("Saigon Co.op"))).one()
    assert (
        db.scalar(sa.select(sa.func.count(sa.distinct(Participant.event_id))).where(Participant.organisation_id == co_op.id)) == 3
    )


def test_every_demo_registration_passes_the_registration_checks(db):
    seed_demo(db)
    db.commit()
    participants = db.scalars(sa.select(Participant)).all()
    assert len(participants) > 250
    for participant in participants:
        clean_participant(as_input(participant), event_day=participant.event.starts_on)


def test_demo_accounts_sign_in_with_their_roles(db):
    result = seed_demo(db)
    db.commit()
    by_email = {account.email: account for account in result.accounts}
    admin = sign_in.authenticate(db, "admin@demo.eventapp.vn", by_email["admin@demo.eventapp.vn"].password)
    assert admin is not None and admin.is_admin
    for key in ("soctrang", "buonmathuot"):
        [account] = [a for a in result.accounts if a.event_key == key and a.role == "organiser"]
        user = sign_in.authenticate(db, account.email, account.password)
        assert account.role == "organiser" and "organiser" in event_roles(db, user, result.events[key].id)
        other = next(event for other_key, event in result.events.items() if other_key != key)
        assert not event_roles(db, user, other.id)


def test_seeding_twice_changes_nothing_and_the_data_is_always_the_same(app, db):
    first = seed_demo(db)
    db.commit()
    before = fingerprint(db)
    users = db.scalar(sa.select(sa.func.count(User.id)))

    again = seed_demo(db)
    db.commit()
    # The three events, the Sóc Trăng meetings of each year, the MoUs and arrivals of each event, the B2B hall of 2020.
    assert again.loaded == [] and len(first.loaded) == 12
    assert again.accounts == first.accounts
    assert fingerprint(db) == before and db.scalar(sa.select(sa.func.count(User.id))) == users

    db.close()
    _empty_all_tables(app)
    seed_demo(db)
    db.commit()
    assert fingerprint(db) == before
