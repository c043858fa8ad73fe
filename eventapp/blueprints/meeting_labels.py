"""What the B2B meetings' vocabularies are called on screen: one label per
value of each domain enum (tests/functional/test_labels.py checks that none
is missing)."""

from flask_babel import lazy_gettext as _l

from eventapp.domain.meetings import (
    MUTUAL_WEIGHT,
    Attendance,
    Interest,
    MeetingPlaces,
    MeetingRequestStatus,
    MeetingStatus,
    RequestPriority,
    ScheduleRunStatus,
)
from eventapp.domain.scheduling.explain import Why
from eventapp.domain.scheduling.problem import Objective

OBJECTIVES = {
    Objective.FAIR: _l("Fair: spread meetings so that nobody is left out"),
    Objective.WEIGHT: _l("Priorities first: the most wanted meetings first"),
}

OBJECTIVE_NAMES = {Objective.FAIR: _l("Fair"), Objective.WEIGHT: _l("Priorities first")}

PLACES = {
    MeetingPlaces.HOST: _l("One table hosted by each buyer organisation (distributor)"),
    MeetingPlaces.POOL: _l("A pool of numbered tables"),
    MeetingPlaces.BOOTHS: _l("At the exhibitors' booths (no table limit)"),
}

PRIORITIES = {
    RequestPriority.WOULD_LIKE: _l("Would like"),
    RequestPriority.MUST: _l("Must meet"),
    RequestPriority.TOP: _l("Top (weighs like a mutual request)"),
}

# A pair's weight, as the board's priority filter names it.
WEIGHTS = {
    MUTUAL_WEIGHT: _l("Mutual or top (3)"),
    RequestPriority.MUST: _l("Must meet (2)"),
    RequestPriority.WOULD_LIKE: _l("Would like (1)"),
}

REQUEST_STATUSES = {
    MeetingRequestStatus.PENDING: _l("Awaiting an answer"),
    MeetingRequestStatus.ACCEPTED: _l("Accepted"),
    MeetingRequestStatus.DECLINED: _l("Declined"),
    MeetingRequestStatus.WITHDRAWN: _l("Withdrawn"),
}

# Why a request has no meeting, in a word or two: the board's filter and
# groups (the full sentence, naming who and when, is Explanation.text).
REASONS = {
    Why.UNAVAILABLE: _l("Not available at all"),
    Why.NOT_BEFORE: _l("Arrives too late"),
    Why.NOT_AFTER: _l("Leaves too early"),
    Why.NEVER_TOGETHER: _l("Never there at the same time"),
    Why.NO_TABLE: _l("No table can hold this pair"),
    Why.CAP_REACHED: _l("Meeting cap reached"),
    Why.LOST_TO_HIGHER_WEIGHT: _l("Lost to a higher-weight meeting"),
    Why.NO_COMMON_FREE_SLOT: _l("No common free slot"),
    Why.TABLES_FULL: _l("All tables full when both are free"),
    Why.FREE_CELL: _l("A free cell suits both"),
}

ATTENDANCE = {Attendance.HELD: _l("Held"), Attendance.NO_SHOW: _l("No-show")}

INTEREST = {
    Interest.NONE: _l("No further interest"),
    Interest.FOLLOW_UP: _l("Follow-up planned"),
    Interest.DEAL: _l("Deal"),
}

MEETING_STATUSES = {
    MeetingStatus.SCHEDULED: _l("Scheduled"),
    MeetingStatus.HELD: _l("Held"),
    MeetingStatus.NO_SHOW: _l("No-show"),
}

RUN_STATES = {
    ScheduleRunStatus.RUNNING: _l("Running"),
    ScheduleRunStatus.DONE: _l("Finished"),
    ScheduleRunStatus.FAILED: _l("Failed"),
}

TEMPLATE_GLOBALS = {
    "MM_OBJECTIVES": OBJECTIVES,
    "MM_OBJECTIVE_NAMES": OBJECTIVE_NAMES,
    "MM_PLACES": PLACES,
    "MM_PRIORITIES": PRIORITIES,
    "MM_WEIGHTS": WEIGHTS,
    "MM_REQUEST_STATUSES": REQUEST_STATUSES,
    "MM_REASONS": REASONS,
    "MM_ATTENDANCE": ATTENDANCE,
    "MM_INTEREST": INTEREST,
    "MM_MEETING_STATUSES": MEETING_STATUSES,
    "MM_RUN_STATES": RUN_STATES,
}
