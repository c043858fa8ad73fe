"""An MoU names the B2B meeting that led to it, on both databases: the
database refuses another event's meeting, the service only links a meeting
whose outcome is recorded, audits the link, and starts a new MoU from a
meeting with both organisations as parties."""

from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from eventapp.domain.errors import PermissionDenied, ValidationError
from eventapp.domain.mous import MouInput, PartyInput
from eventapp.models import AuditEntry, Meeting, MeetingOutcome, Mou, MouCategory, Organisation
from eventapp.services import mous
from tests.meeting_helpers import build_scenario, record_deal, scheduled_meetings


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    return build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=3)


@pytest.fixture()
def meetings(db, scenario) -> list[Meeting]:
    return scheduled_meetings(db, scenario)


def parties_of(meeting: Meeting) -> tuple[PartyInput, ...]:
    return tuple(PartyInput(person.organisation.name) for person in (meeting.participant_a, meeting.participant_b))


def mou_from(meeting: Meeting, **changes) -> MouInput:
    return replace(
        MouInput(
            title="Biên bản ghi nhớ tiêu thụ bánh pía",
            category="business-business",
            parties=parties_of(meeting),
            signed_on="2020-11-21",
            meeting_id=meeting.id,
        ),
        **changes,
    )


@pytest.fixture()
def foreign_meeting(db, make_event, make_user, make_participant) -> Meeting:
    """A meeting with an outcome at another event (its own buyer organisation)."""
    other = build_scenario(
        db, make_event, make_user, make_participant, buyers=0, exhibitors=1, name="Hội nghị kết nối cung cầu Lạng Sơn 2020"
    )
    other.buyers.append(
        make_participant(
            other.event,
            role="buyer",
            organisation=Organisation(
                name="Công ty TNHH MM Mega Market Việt Nam", name_key="mm mega market", kind="distributor", province="ho-chi-minh"
            ),
        )
    )
    [meeting] = scheduled_meetings(db, other)
    record_deal(db, other, meeting)
    return meeting


def written(db) -> tuple[int, ...]:
    mou_audit = sa.select(AuditEntry.id).where(AuditEntry.target_type == "mou").subquery()
    return tuple(
        db.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Mou, mou_audit, MouCategory, Organisation)
    )


def test_an_organiser_links_a_meeting_with_an_outcome_and_the_link_is_audited(db, scenario, meetings):
    first, second = meetings[:2]
    record_deal(db, scenario, first)
    record_deal(db, scenario, second)

    recorded = mous.record_mou(db, scenario.organiser, scenario.event.id, mou_from(first))
    db.commit()
    assert recorded.meeting_id == first.id and recorded.meeting.id == first.id
    assert [m.id for m in db.get(Meeting, first.id).mous] == [recorded.id]

    mous.update_mou(
        db, scenario.organiser, scenario.event.id, recorded.id, lambda current: replace(current, meeting_id=second.id)
    )
    db.commit()
    mous.update_mou(db, scenario.organiser, scenario.event.id, recorded.id, lambda current: replace(current, meeting_id=None))
    db.commit()
    # Changing something else keeps the link as it is (here: none).
    mous.update_mou(
        db, scenario.organiser, scenario.event.id, recorded.id, lambda current: replace(current, notes="Ký tại hội nghị")
    )
    db.commit()

    trail = db.scalars(
        sa.select(AuditEntry).where(AuditEntry.target_type == "mou", AuditEntry.target_id == recorded.id).order_by(AuditEntry.id)
    ).all()
    assert trail[0].action == "mou.created" and trail[0].changes["meeting"] == first.id
    assert [entry.changes.get("meeting") for entry in trail[1:]] == [[first.id, second.id], [second.id, None], None]
    assert db.get(Mou, recorded.id).meeting_id is None


def test_a_linked_mou_keeps_the_parties_it_was_given(db, scenario, meetings):
    record_deal(db, scenario, meetings[0])
    other_parties = (
        PartyInput("Sở Công Thương tỉnh Sóc Trăng", "government", "soc-trang"),
        PartyInput(scenario.buyers[0].organisation.name),
    )

    recorded = mous.record_mou(
        db, scenario.organiser, scenario.event.id, mou_from(meetings[0], parties=other_parties, category="gov-business")
    )
    db.commit()

    assert [p.organisation.name for p in recorded.parties] == [
        "Sở Công Thương tỉnh Sóc Trăng",
        scenario.buyers[0].organisation.name,
    ]
    assert recorded.category.code == "gov-business" and recorded.meeting_id == meetings[0].id


def test_unknown_foreign_and_undecided_meetings_are_refused_and_nothing_is_written(db, scenario, meetings, foreign_meeting):
    undecided = meetings[0]
    before = written(db)

    for meeting_id, message in [
        (undecided.id, "Record the outcome of this meeting (held or no-show) before linking an MoU to it."),
        (foreign_meeting.id, "No B2B meeting of this event has this id."),
        (999_999, "No B2B meeting of this event has this id."),
        (2**40, "A meeting's id (a whole number), or nothing."),
        ("mười hai", "A meeting's id (a whole number), or nothing."),
        (-3, "A meeting's id (a whole number), or nothing."),
        (True, "A meeting's id (a whole number), or nothing."),
        ([undecided.id], "A meeting's id (a whole number), or nothing."),
    ]:
        with pytest.raises(ValidationError) as refused:
            mous.record_mou(db, scenario.organiser, scenario.event.id, mou_from(undecided, meeting_id=meeting_id))
        db.rollback()
        assert set(refused.value.fields) == {"meeting_id"}, meeting_id
        assert refused.value.fields["meeting_id"].msgid == message, meeting_id

    assert written(db) == before


def test_one_answer_names_the_meeting_and_every_other_bad_field(db, scenario, meetings):
    with pytest.raises(ValidationError) as refused:
        mous.record_mou(
            db, scenario.organiser, scenario.event.id, mou_from(meetings[0], title="", value_vnd=-1, meeting_id=meetings[0].id)
        )
    assert set(refused.value.fields) == {"title", "value_vnd", "meeting_id"}


def test_the_database_refuses_a_meeting_of_another_event(db, scenario, meetings, foreign_meeting):
    record_deal(db, scenario, meetings[0])
    recorded = mous.record_mou(db, scenario.organiser, scenario.event.id, mou_from(meetings[0]))
    db.commit()

    for meeting_id in (foreign_meeting.id, 999_999):
        with pytest.raises(IntegrityError):
            db.execute(sa.update(Mou).where(Mou.id == recorded.id).values(meeting_id=meeting_id))
            db.flush()
        db.rollback()
    assert db.get(Mou, recorded.id).meeting_id == meetings[0].id


def test_a_linked_meeting_cannot_be_deleted_underneath_its_mou(db, scenario, meetings):
    """Nothing in the app deletes a meeting with an outcome; were its outcome
    gone, the MoU's foreign key would still refuse (no silent unlinking)."""
    record_deal(db, scenario, meetings[0])
    mous.record_mou(db, scenario.organiser, scenario.event.id, mou_from(meetings[0]))
    db.commit()
    db.execute(sa.delete(MeetingOutcome).where(MeetingOutcome.meeting_id == meetings[0].id))

    with pytest.raises(IntegrityError):
        db.execute(sa.delete(Meeting).where(Meeting.id == meetings[0].id))
        db.flush()
    db.rollback()


def test_a_new_mou_starts_from_the_meeting_with_both_organisations(db, scenario, meetings):
    meeting = meetings[0]
    record_deal(db, scenario, meeting)

    draft = mous.draft_from_meeting(db, scenario.organiser, scenario.event.id, str(meeting.id))

    assert draft.meeting_id == meeting.id and draft.category == "business-business"
    assert {(p.name, p.kind, p.province) for p in draft.parties} == {
        (person.organisation.name, person.organisation.kind, person.organisation.province)
        for person in (meeting.participant_a, meeting.participant_b)
    }
    assert written(db)[0] == 0


def test_a_household_business_at_the_meeting_leaves_the_category_to_the_organiser(db, scenario, meetings):
    meeting = meetings[0]
    record_deal(db, scenario, meeting)
    exhibitor = meeting.participant_a if meeting.participant_a.role == "exhibitor" else meeting.participant_b
    exhibitor.organisation.kind = "household"
    db.commit()

    assert mous.draft_from_meeting(db, scenario.organiser, scenario.event.id, meeting.id).category == ""


def test_only_organisers_start_an_mou_from_a_meeting_and_only_from_a_decided_one(db, scenario, meetings, make_user):
    with pytest.raises(ValidationError) as refused:
        mous.draft_from_meeting(db, scenario.organiser, scenario.event.id, meetings[0].id)
    assert set(refused.value.fields) == {"meeting_id"}
    record_deal(db, scenario, meetings[0])
    for role in ("official", "checkin"):
        with pytest.raises(PermissionDenied):
            mous.draft_from_meeting(db, make_user(role, scenario.event), scenario.event.id, meetings[0].id)


def test_the_form_offers_only_meetings_with_an_outcome_in_time_order(db, scenario, meetings):
    for meeting in (meetings[2], meetings[0]):
        record_deal(db, scenario, meeting)

    assert [m.id for m in mous.linkable_meetings(db, scenario.event.id)] == [meetings[0].id, meetings[2].id]
