"""The event-wide part of the organisers' board, kept rather than recomputed
for every page: the schedule's figures, the cells nobody can use, and why each
requested pair has no meeting (``models.board``).

At national size (5,000 people, 50,000 requests) computing it reads the whole
event and explains every pair: seconds, not a page's time. So it is stored
with a fingerprint of the rows it was computed from, one aggregate query over
the event's participants, requests, meetings, outcomes, slots, tables and
setup. A board whose fingerprint still matches reads its page of pairs from
the table; one that no longer matches is recomputed in the request when the
event is small, and by a background job when it is large, while the board
shows the last analysis and says it is being brought up to date.
"""

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Message, Text, ValidationError
from eventapp.domain.meetings import MeetingPlaces, buyer_listed_second
from eventapp.domain.scheduling import Figures, evaluate
from eventapp.domain.scheduling import Meeting as ScheduledMeeting
from eventapp.domain.scheduling.explain import capacity_hint, explain_unscheduled, unavailable_cells, unavailable_slots
from eventapp.domain.vocabulary import ParticipantRole
from eventapp.models import (
    BoardAnalysis,
    Event,
    Job,
    MatchmakingProfile,
    MatchmakingSetup,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    MeetingSlot,
    MeetingTable,
    Organisation,
    PairWithoutMeeting,
    Participant,
)
from eventapp.models.base import utcnow
from eventapp.services import jobs
from eventapp.services.event_problem import read_event
from eventapp.services.meeting_setup import current_setup

ANALYSIS_JOB = "board_analysis"
# Up to this many meeting requests the analysis is computed in the board's own
# request (well under 100 ms); above, by a job. The demo and most provincial
# events stay under it.
INLINE_REQUESTS = 3000


def _aggregate(*columns: Any) -> sa.ColumnElement[str]:
    """One text of several aggregates, as a scalar subquery of the fingerprint."""
    text: sa.ColumnElement[str] = sa.literal("")
    for column in columns:
        text = text + ":" + sa.func.coalesce(sa.cast(column, sa.String), "-")
    return text


def _fingerprint_statement(event_id: int) -> sa.Select:
    """Counts, sums of ids and latest changes: a row added, removed or changed
    in anything the analysis reads changes one of them."""
    participant = sa.select(_aggregate(sa.func.count(), sa.func.sum(Participant.id), sa.func.max(Participant.updated_at))).where(
        Participant.event_id == event_id
    )
    organisation = (
        sa.select(_aggregate(sa.func.max(Organisation.updated_at)))
        .join(Participant, Participant.organisation_id == Organisation.id)
        .where(Participant.event_id == event_id)
    )
    profile = (
        sa.select(_aggregate(sa.func.count(), sa.func.max(MatchmakingProfile.updated_at)))
        .join(Participant, Participant.id == MatchmakingProfile.participant_id)
        .where(Participant.event_id == event_id)
    )
    request = sa.select(
        _aggregate(sa.func.count(), sa.func.sum(MeetingRequest.id), sa.func.max(MeetingRequest.updated_at))
    ).where(MeetingRequest.event_id == event_id)
    meeting = sa.select(_aggregate(sa.func.count(), sa.func.sum(Meeting.id), sa.func.max(Meeting.updated_at))).where(
        Meeting.event_id == event_id
    )
    outcome = (
        sa.select(_aggregate(sa.func.count(), sa.func.sum(MeetingOutcome.meeting_id)))
        .join(Meeting, Meeting.id == MeetingOutcome.meeting_id)
        .where(Meeting.event_id == event_id)
    )
    slot = sa.select(_aggregate(sa.func.count(), sa.func.sum(MeetingSlot.id))).where(MeetingSlot.event_id == event_id)
    table = sa.select(
        _aggregate(sa.func.count(), sa.func.sum(MeetingTable.id), sa.func.sum(MeetingTable.host_organisation_id))
    ).where(MeetingTable.event_id == event_id)
    setup = sa.select(_aggregate(sa.func.max(MatchmakingSetup.updated_at))).where(MatchmakingSetup.event_id == event_id)
    event = sa.select(_aggregate(Event.updated_at)).where(Event.id == event_id)
    parts = (participant, organisation, profile, request, meeting, outcome, slot, table, setup, event)
    return sa.select(
        *(part.scalar_subquery() for part in parts),
        sa.select(sa.func.count()).where(MeetingRequest.event_id == event_id).scalar_subquery(),
    )


def fingerprint(session: so.Session, event_id: int) -> tuple[str, int]:
    """The fingerprint of the event's rows the analysis reads, and how many
    meeting requests it has (what computing the analysis costs)."""
    *parts, requests = session.execute(_fingerprint_statement(event_id)).one()
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest(), requests


@dataclass(frozen=True)
class AnalysisState:
    """The analysis the board shows (``None`` before the first one is done) and,
    when it is out of date, the job bringing it up to date."""

    analysis: BoardAnalysis | None
    updating: Job | None

    @property
    def figures(self) -> Figures | None:
        return Figures(**self.analysis.figures) if self.analysis and self.analysis.figures else None

    @property
    def figures_problem(self) -> Message | None:
        return _text(self.analysis.figures_problem) if self.analysis else None

    @property
    def capacity(self) -> Text | None:
        return _text(self.analysis.capacity) if self.analysis else None

    @property
    def unavailable(self) -> set[tuple[int, int]]:
        return {(slot, column) for slot, column in self.analysis.unavailable} if self.analysis else set()


def current(session: so.Session, event: Event) -> AnalysisState:
    """The board's analysis, brought up to date first when that is quick, else
    by a job (started once; the caller commits it)."""
    now, requests = fingerprint(session, event.id)
    analysis = session.get(BoardAnalysis, event.id)
    if analysis is not None and analysis.fingerprint == now:
        return AnalysisState(analysis, None)
    if requests <= INLINE_REQUESTS:
        return AnalysisState(refresh(session, event, now), None)
    return AnalysisState(analysis, _updating_job(session, event.id))


def _updating_job(session: so.Session, event_id: int) -> Job:
    return jobs.active(session, event_id, ANALYSIS_JOB) or jobs.start(session, None, ANALYSIS_JOB, event_id)


@jobs.kind(ANALYSIS_JOB)
def refresh_in_background(session: so.Session, job: Job) -> dict[str, Any]:
    event = session.get_one(Event, job.event_id)
    now, _requests = fingerprint(session, event.id)
    refresh(session, event, now)
    pairs = session.scalar(sa.select(sa.func.count()).where(PairWithoutMeeting.event_id == event.id))
    return {"pairs": pairs}


def refresh(session: so.Session, event: Event, fingerprint_now: str) -> BoardAnalysis:
    """Compute the analysis from the event as it is and store it under
    ``fingerprint_now`` (taken before reading: a change made meanwhile makes
    it out of date again, never wrongly current). Two computing at once are
    serialised by the analysis row's lock."""
    analysis = session.get(BoardAnalysis, event.id, with_for_update=True)
    if analysis is None:
        analysis = BoardAnalysis(event_id=event.id, fingerprint=fingerprint_now)
        session.add(analysis)
        session.flush()
    setup = current_setup(session, event)
    rows = read_event(session, event, setup)
    people = rows.people
    meetings = session.execute(
        sa.select(Meeting.participant_a_id, Meeting.participant_b_id, Meeting.slot_id, Meeting.table_id).where(
            Meeting.event_id == event.id
        )
    ).all()
    seated = {(a, b) for a, b, _slot, _table in meetings}
    pending = [(a, b, weight) for (a, b), weight in rows.pairs.items() if (a, b) not in seated]
    explanations: dict = {}
    analysis.figures, analysis.figures_problem, analysis.capacity, analysis.unavailable = None, None, None, []
    try:
        built = rows.to_problem()
    except ValidationError as error:
        analysis.figures_problem = _text_json(error.message)
    else:
        problem = built.problem
        code_of_slot = {slot.id: code for code, slot in rows.slots.items()}
        code_of_table = {table.id: code for code, table in rows.tables.items()}
        current_meetings = [
            ScheduledMeeting(str(a), str(b), code_of_slot[slot], None if table is None else code_of_table.get(table))
            for a, b, slot, table in meetings
            if a in people and b in people
        ]
        analysis.figures = asdict(evaluate(problem, current_meetings))
        explanations = explain_unscheduled(problem, current_meetings)
        slot_id = {code: slot.id for code, slot in rows.slots.items()}
        if setup.places == MeetingPlaces.BOOTHS:
            buyers = [p.id for p in people.values() if p.role == ParticipantRole.BUYER]
            analysis.unavailable = [[slot_id[code], buyer] for buyer in buyers for code in unavailable_slots(problem, str(buyer))]
        else:
            table_id = {code: table.id for code, table in rows.tables.items()}
            analysis.unavailable = [
                [slot_id[slot], table_id[table]] for table, slot in unavailable_cells(problem) if table in table_id
            ]
        longest_session = max(Counter(slot.session_id for slot in rows.slots.values()).values(), default=0)
        hint = capacity_hint(problem, longest_session)
        analysis.capacity = _text_json(hint.text()) if hint else None
        analysis.several_days = len({slot.day for slot in problem.slots}) > 1
    session.execute(sa.delete(PairWithoutMeeting).where(PairWithoutMeeting.event_id == event.id))
    pairs = []
    for a, b, weight in pending:
        buyer, counterpart = (b, a) if buyer_listed_second(people[a].role, people[b].role) else (a, b)
        explanation = explanations.get(frozenset((str(a), str(b))))
        pairs.append(
            {
                "event_id": event.id,
                "a_id": a,
                "b_id": b,
                "buyer_id": buyer,
                "counterpart_id": counterpart,
                "weight": weight,
                "why": explanation.why.value if explanation else None,
                "person_id": int(explanation.person) if explanation and explanation.person else None,
                "moment": explanation.moment.replace(tzinfo=None) if explanation and explanation.moment else None,
                "cap": explanation.cap if explanation else None,
                "table_code": explanation.table if explanation else None,
            }
        )
    if pairs:
        session.execute(sa.insert(PairWithoutMeeting), pairs)
    analysis.fingerprint, analysis.computed_at = fingerprint_now, utcnow()
    session.flush()
    session.refresh(analysis)
    return analysis


def _text_json(message: Message) -> dict:
    if isinstance(message, Text):
        return {"msgid": message.msgid, "params": dict(message.params)}
    return {"msgid": message, "params": {}}


def _text(stored: dict | None) -> Text | None:
    return Text(**stored) if stored else None
