"""The meeting scheduler's public entry points (see ``eventapp.domain.scheduling``)."""

from eventapp.domain.scheduling.problem import (
    LockedMeeting,
    Objective,
    Participant,
    PreviousMeeting,
    Problem,
    ProblemError,
    Request,
    Side,
    Slot,
    Table,
)
from eventapp.domain.scheduling.schedule import (
    Figures,
    Meeting,
    Reason,
    Schedule,
    ScheduleStats,
    Unscheduled,
    evaluate,
    validate,
)
from eventapp.domain.scheduling.solver import solve

__all__ = [
    "Figures",
    "LockedMeeting",
    "Meeting",
    "Objective",
    "Participant",
    "PreviousMeeting",
    "Problem",
    "ProblemError",
    "Reason",
    "Request",
    "Schedule",
    "ScheduleStats",
    "Side",
    "Slot",
    "Table",
    "Unscheduled",
    "evaluate",
    "solve",
    "validate",
]
