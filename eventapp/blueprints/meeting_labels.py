"""What the B2B meetings' vocabularies are called on screen: one label per
value of each domain enum (tests/functional/test_labels.py checks that none
is missing)."""

from flask_babel import lazy_gettext as _l

from eventapp.domain.meetings import (
    NOT_SCHEDULED_YET,
    Attendance,
    Interest,
    MeetingPlaces,
    MeetingRequestStatus,
    MeetingStatus,
    RequestPriority,
    ScheduleRunStatus,
)
from eventapp.domain.scheduling.problem import Objective
from eventapp.domain.scheduling.schedule import Reason

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

REQUEST_STATUSES = {
    MeetingRequestStatus.PENDING: _l("Awaiting an answer"),
    MeetingRequestStatus.ACCEPTED: _l("Accepted"),
    MeetingRequestStatus.DECLINED: _l("Declined"),
    MeetingRequestStatus.WITHDRAWN: _l("Withdrawn"),
}

# Keyed by the reasons' codes, as the board stores and shows them.
REASONS = {
    Reason.NO_COMMON_SLOT.code: _l("Never there at the same time"),
    Reason.NO_TABLE.code: _l("No table can hold this pair"),
    Reason.CAP_REACHED.code: _l("One of them reached their meeting limit"),
    Reason.TABLES_FULL.code: _l("Every table they could use is taken when both are free"),
    Reason.LOST_TO_CONFLICT.code: _l("Possible, but both were busy with meetings that ranked higher"),
    NOT_SCHEDULED_YET: _l("Not scheduled yet (new since the last run, or removed by hand)"),
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
    "MM_REQUEST_STATUSES": REQUEST_STATUSES,
    "MM_REASONS": REASONS,
    "MM_ATTENDANCE": ATTENDANCE,
    "MM_INTEREST": INTEREST,
    "MM_MEETING_STATUSES": MEETING_STATUSES,
    "MM_RUN_STATES": RUN_STATES,
}
