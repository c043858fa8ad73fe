"""MoUs against the real database: the figures are SQL aggregates, the
constraints refuse what the service would never write, parties are the
event's shared organisations, and the demo records what the press reported."""

import threading

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from eventapp.demo import seed_demo
from eventapp.domain.errors import PermissionDenied, ValidationError
from eventapp.domain.mous import MouInput, PartyInput
from eventapp.models import AuditEntry, Membership, Mou, MouCategory, MouParty, Organisation, User
from eventapp.services import mou_categories, mou_reports, mous

HOST = PartyInput("Sở Công Thương tỉnh Sóc Trăng", "government", "soc-trang")


def mou(category: str = "gov-gov", *parties: PartyInput, value: int | None = None) -> MouInput:
    return MouInput(
        title="Biên bản ghi nhớ hợp tác",
        category=category,
        signed_on="2020-11-20",
        value_vnd=value,
        parties=(HOST, *parties) if parties else (HOST, PartyInput("Sở Công Thương tỉnh Bạc Liêu", "government", "bac-lieu")),
    )


def test_counts_are_sql_aggregates_per_category_and_province(app, db, make_event, make_user):
    event, other = make_event(), make_event(name="Hội chợ OCOP Lạng Sơn", province="lang-son")
    organiser = make_user("organiser", event)
    admin = make_user("admin")
    mous.record_mou(db, organiser, event.id, mou())
    mous.record_mou(
        db,
        organiser,
        event.id,
        mou("gov-business", PartyInput("Công ty TNHH Bán lẻ BRG", "distributor", "ha-noi"), value=700_000_000),
    )
    mous.record_mou(
        db,
        organiser,
        event.id,
        mou(
            "business-business",
            PartyInput("Công ty TNHH Bán lẻ BRG", "distributor", "ha-noi"),
            PartyInput("HTX Nông nghiệp Mỹ Xuyên", "cooperative", "soc-trang"),
            value=300_000_000,
        ),
    )
    mous.record_mou(db, admin, other.id, mou())  # another event's MoU counts only there
    db.commit()

    statements: list[str] = []

    def remember(conn, cursor, statement, *rest) -> None:
        statements.append(statement)

    sa.event.listen(db.get_bind(), "before_cursor_execute", remember)
    figures = mou_reports.counts(db, organiser, event.id)
    sa.event.remove(db.get_bind(), "before_cursor_execute", remember)

    assert figures.total == 3 and figures.value_vnd_total == 1_000_000_000
    assert figures.by_category == {"gov-gov": 1, "gov-business": 1, "business-business": 1}
    assert figures.by_province == {"soc-trang": 3, "ha-noi": 2, "bac-lieu": 1}
    # A category whose MoUs record no value has none, not a committed 0 đ.
    assert [c.value_vnd for c in figures.categories] == [None, 700_000_000, 300_000_000]
    aggregates = [s for s in statements if "count(" in s.lower()]
    assert len(aggregates) == 1  # one statement computes every figure
    assert aggregates[0].count("GROUP BY") == 2 and "sum(" in aggregates[0].lower()


def test_parties_are_shared_organisations_and_found_by_name(app, db, make_event, make_user, make_participant):
    event = make_event()
    organiser = make_user("organiser", event)
    registered = make_participant(event, province="soc-trang").organisation
    created = mous.record_mou(
        db,
        organiser,
        event.id,
        mou(
            "business-business",
            PartyInput(registered.name.upper()),
            PartyInput("Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)", "distributor", "TP. Hồ Chí Minh"),
        ),
    )
    saigon_coop = created.parties[2].organisation
    again = mous.record_mou(
        db, organiser, event.id, mou("business-business", PartyInput("liên hiệp htx thương mại tp. hồ chí minh (saigon co.op)"))
    )
    db.commit()
    assert created.parties[1].organisation.id == registered.id
    assert saigon_coop.province == "ho-chi-minh" and again.parties[1].organisation.id == saigon_coop.id
    assert db.scalar(sa.select(sa.func.count(Organisation.id))) == 3  # the host, the producer, Saigon Co.op


def test_a_name_shared_by_two_provinces_needs_the_province(app, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    for province in ("soc-trang", "bac-lieu"):
        db.add(Organisation(name="HTX Thành Công", name_key="htx thành công", kind="cooperative", province=province))
    db.commit()
    with pytest.raises(ValidationError) as raised:
        mous.record_mou(db, organiser, event.id, mou("business-business", PartyInput("HTX Thành Công")))
    assert "parties[1].province" in raised.value.fields
    db.rollback()
    chosen = mous.record_mou(db, organiser, event.id, mou("business-business", PartyInput("HTX Thành Công", province="Bạc Liêu")))
    assert chosen.parties[1].organisation.province == "bac-lieu"


def test_reading_never_writes_and_writing_saves_the_default_categories(app, db, make_event, make_user):
    event = make_event()
    official = make_user("official", event)
    assert [c.code for c in mou_categories.list_categories(db, official, event.id)] == [
        "gov-gov",
        "gov-business",
        "business-business",
    ]
    mou_reports.counts(db, official, event.id)
    assert db.scalar(sa.select(sa.func.count(MouCategory.id))) == 0
    with pytest.raises(PermissionDenied):
        mous.record_mou(db, official, event.id, mou())
    db.rollback()
    mous.record_mou(db, make_user("organiser", event), event.id, mou())
    assert db.scalar(sa.select(sa.func.count(MouCategory.id))) == 3


def test_the_database_refuses_what_the_service_never_writes(app, db, make_event, make_user):
    event, other = make_event(), make_event(name="Hội chợ OCOP Lạng Sơn")
    created = mous.record_mou(db, make_user("organiser", event), event.id, mou())
    mou_categories.ensure_categories(db, other.id)
    db.commit()
    foreign_category = db.scalar(sa.select(MouCategory.id).where(MouCategory.event_id == other.id))
    attempts = [
        sa.update(Mou).where(Mou.id == created.id).values(value_vnd=-1),
        sa.update(Mou).where(Mou.id == created.id).values(document_file="x.pdf"),
        sa.insert(MouParty).values(mou_id=created.id, organisation_id=created.parties[0].organisation_id, position=5),
        sa.insert(MouCategory).values(event_id=event.id, code="gov-gov", label_vi="x", label_en="x", position=9),
        sa.update(Mou).where(Mou.id == created.id).values(category_id=foreign_category),
    ]
    for statement in attempts:
        with pytest.raises(IntegrityError):
            with db.begin_nested():
                db.execute(statement)


def test_an_edit_that_keeps_a_party_keeps_its_row(app, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    created = mous.record_mou(db, organiser, event.id, mou())
    db.commit()
    first_row = created.parties[0].id
    mous.update_mou(
        db,
        organiser,
        event.id,
        created.id,
        lambda current: MouInput(
            **{
                **current.__dict__,
                "parties": (PartyInput("Sở Công Thương thành phố Cần Thơ", "government", "can-tho"), *current.parties),
            }
        ),
    )
    db.commit()
    assert [p.organisation.province for p in created.parties] == ["can-tho", "soc-trang", "bac-lieu"]
    assert created.parties[1].id == first_row
    audit = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "mou.updated")).one()
    assert audit.changes["parties"][1][0] == "Sở Công Thương thành phố Cần Thơ"


@pytest.mark.postgres_only
def test_two_first_mous_at_once_save_the_categories_once(app, make_event, make_user):
    from eventapp.extensions import db as database

    event = make_event()
    event_id, organiser_id = event.id, make_user("organiser", event).id
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def record() -> None:
        with app.app_context():
            session = so.Session(database.engine)
            try:
                actor = session.get(User, organiser_id)
                barrier.wait()
                mous.record_mou(session, actor, event_id, mou())
                session.commit()
            except BaseException as error:
                errors.append(error)
            finally:
                session.close()

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert database.session.scalar(sa.select(sa.func.count(Mou.id))) == 2
        assert database.session.scalar(sa.select(sa.func.count(MouCategory.id))) == 3


def test_the_demo_records_what_the_press_reported(app, db):
    result = seed_demo(db)
    db.commit()
    soc_trang, buon_ma_thuot = result.events["soctrang"], result.events["buonmathuot"]

    official = db.scalar(sa.select(User).where(User.email == "official@demo.eventapp.vn"))
    assert {
        m.event_id
        for m in db.scalars(sa.select(Membership).where(Membership.user_id == official.id, Membership.role == "official"))
    } == {soc_trang.id, buon_ma_thuot.id, result.events["soctrang2021"].id}
    assert any(account.email == "official@demo.eventapp.vn" and account.role == "official" for account in result.accounts)
    figures = mou_reports.counts(db, official, soc_trang.id)
    assert figures.by_category == {"gov-gov": 14, "gov-business": 8, "business-business": 34}
    assert figures.by_province["soc-trang"] == 56
    # The parties are the registered organisations: no second Sở Công Thương Sóc Trăng, no invented producer.
    assert db.scalar(sa.select(sa.func.count(Organisation.id)).where(Organisation.name == "Sở Công Thương tỉnh Sóc Trăng")) == 1
    assert not db.scalar(sa.select(Organisation.id).where(Organisation.name.like("Cơ sở sản xuất đặc sản Sóc Trăng số%")))
    # A few business MoUs name the meeting their producer and distributor had, recorded as a deal.
    linked = db.scalars(sa.select(Mou).where(Mou.event_id == soc_trang.id, Mou.meeting_id.is_not(None))).all()
    assert 1 <= len(linked) <= 5
    for signed in linked:
        assert signed.category.code == "business-business"
        assert (signed.meeting.outcome.attendance, signed.meeting.outcome.interest) == ("held", "deal")
        assert {p.organisation_id for p in signed.parties} == {
            person.organisation_id for person in (signed.meeting.participant_a, signed.meeting.participant_b)
        }
    central = mou_reports.counts(db, official, buon_ma_thuot.id)
    assert central.by_category == {"gov-gov": 1, "gov-business": 0, "business-business": 1}
    signed_with_13 = db.scalar(
        sa.select(Mou).where(Mou.event_id == buon_ma_thuot.id).join(Mou.category).where(MouCategory.code == "business-business")
    )
    assert len(signed_with_13.parties) == 14
    assert signed_with_13.parties[0].organisation.name.endswith("Đại Hưng Phát")

    again = seed_demo(db)  # a second run changes nothing
    db.commit()
    # 56 at Sóc Trăng 2020, 2 at Buôn Ma Thuột, 70 at Sóc Trăng 2021.
    assert db.scalar(sa.select(sa.func.count(Mou.id))) == 128 and not any("MoU" in line for line in again.loaded)


SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_scan_written_for_a_request_that_rolls_back_is_removed(app, db, make_event, make_user):
    from pathlib import Path

    event = make_event()
    organiser = make_user("organiser", event)
    folder = Path(app.instance_path) / "mou_documents"
    earlier = {path.name for path in folder.glob("*")}
    kept = mous.record_mou(db, organiser, event.id, mou(), mous.Upload("ban-ky.pdf", SCAN, 10_000))
    db.commit()
    first_file = kept.document_file
    assert {path.name for path in folder.iterdir()} - earlier == {first_file}

    replaced = mous.attach_document(db, organiser, event.id, kept.id, mous.Upload("ban-ky-2.pdf", SCAN, 10_000))
    assert {path.name for path in folder.iterdir()} - earlier == {first_file, replaced.document_file}
    db.rollback()  # e.g. the request failed after the service wrote the file
    assert {path.name for path in folder.iterdir()} - earlier == {first_file}
    assert db.scalar(sa.select(Mou.document_file)) == first_file
