"""The meeting scheduler: give ``solve`` a ``Problem``, get a ``Schedule``.

The names below are its public entry points; the parts behind them:

- ``problem``: the problem's frozen dataclasses and checks;
- ``exchange``: its JSON exchange format, read and written;
- ``schedule``: schedule, figures, reasons, ``evaluate`` and ``validate``;
- ``compiled``: the problem as indices and bit masks for the search;
- ``relaxation``: a warm start from the linear relaxation (HiGHS);
- ``search``: greedy start and simulated annealing;
- ``solver``: ``solve``, tying them together within a time limit.
"""

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
