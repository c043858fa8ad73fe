"""Registration against the real database: organisations are shared, the
database refuses what the service would miss in a race."""

import threading

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from eventapp.domain.consents import ConsentChoices
from eventapp.domain.errors import Conflict, PermissionDenied, ValidationError
from eventapp.domain.registration import OrganisationInput, ParticipantInput, ProductInput
from eventapp.models import Organisation, Participant, Product
from eventapp.services import registration


def register_consenting(session, actor, event_id, data):
    """A registration whose person ticked the required consent to processing."""
    return registration.register(session, actor, event_id, data, ConsentChoices(processing=True))


def exhibitor(email: str, organisation: OrganisationInput | None = None) -> ParticipantInput:
    return ParticipantInput(
        full_name="Võ Thị Kim Ngân",
        email=email,
        role="exhibitor",
        organisation=organisation or OrganisationInput(name="HTX Nông nghiệp Mỹ Xuyên", kind="cooperative", province="soc-trang"),
        products=(ProductInput(name="Tôm khô", group="food", stars=3),),
    )


def test_two_people_of_one_company_share_the_organisation(app, db, make_event):
    event = make_event()
    register_consenting(db, None, event.id, exhibitor("a@myxuyen.vn"))
    register_consenting(
        db,
        None,
        event.id,
        exhibitor(
            "b@myxuyen.vn", OrganisationInput(name="  htx nông nghiệp  MỸ XUYÊN", kind="cooperative", province="soc-trang")
        ),
    )
    db.commit()
    assert db.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_a_tax_code_identifies_the_organisation_whatever_its_spelling(app, db, make_event):
    event = make_event()
    with_code = OrganisationInput(
        name="Công ty CP Mía đường Sóc Trăng", kind="enterprise", province="soc-trang", tax_code="2200100519"
    )
    register_consenting(db, None, event.id, exhibitor("a@mia.vn", with_code))
    register_consenting(
        db,
        None,
        event.id,
        exhibitor(
            "b@mia.vn",
            OrganisationInput(
                name="Mía đường Sóc Trăng (Socaso)", kind="enterprise", province="soc-trang", tax_code="2200100519"
            ),
        ),
    )
    db.commit()
    assert db.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_a_conflicting_tax_code_is_a_field_error(app, db, make_event):
    event = make_event()
    register_consenting(
        db,
        None,
        event.id,
        exhibitor(
            "a@x.vn", OrganisationInput(name="DNTN Phúc Hưng", kind="enterprise", province="soc-trang", tax_code="2200000001")
        ),
    )
    with pytest.raises(ValidationError) as raised:
        register_consenting(
            db,
            None,
            event.id,
            exhibitor(
                "b@x.vn", OrganisationInput(name="DNTN Phúc Hưng", kind="enterprise", province="soc-trang", tax_code="2200000002")
            ),
        )
    assert "organisation.tax_code" in raised.value.fields


def test_duplicate_email_is_refused_by_the_service_and_by_the_database(app, db, make_event, make_participant):
    event = make_event()
    make_participant(event, email="trung@example.vn")
    with pytest.raises(Conflict):
        register_consenting(db, None, event.id, exhibitor("TRUNG@example.vn"))
    db.rollback()
    copy = Participant(
        event_id=event.id,
        organisation=db.scalars(sa.select(Organisation)).first(),
        full_name="X",
        email="trung@example.vn",
        role="delegate",
    )
    db.add(copy)
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_the_database_refuses_impossible_values(app, db, make_event, make_participant):
    participant = make_participant(make_event())
    for bad in (
        Product(participant_id=participant.id, name="X", group="food", stars=6),
        Product(participant_id=participant.id, name="X", group="cars", stars=3),
    ):
        db.add(bad)
        with pytest.raises(IntegrityError):
            db.flush()
        db.rollback()
    participant = db.get(Participant, participant.id)
    participant.status = "vip"
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_closed_registration_refuses_the_public_but_not_organisers(app, db, make_event, make_user):
    event = make_event(registration_open=False)
    with pytest.raises(PermissionDenied):
        register_consenting(db, None, event.id, exhibitor("late@example.vn"))
    organiser = make_user("organiser", event)
    participant = register_consenting(db, organiser, event.id, exhibitor("late@example.vn"))
    assert participant.status == "approved"


@pytest.mark.postgres_only
def test_simultaneous_registrations_of_a_new_company_create_it_once(app, make_event):
    """Twenty people of one new cooperative press "register" together."""
    from eventapp.extensions import db as flask_db

    event_id = make_event().id
    with app.app_context():
        engine = flask_db.engine
    barrier = threading.Barrier(20)
    failures: list[BaseException] = []

    def register(number: int) -> None:
        with app.test_request_context(), so.Session(engine) as session:
            barrier.wait()
            try:
                register_consenting(session, None, event_id, exhibitor(f"p{number}@myxuyen.vn"))
                session.commit()
            except BaseException as error:
                failures.append(error)

    threads = [threading.Thread(target=register, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with so.Session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
        assert session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 20
