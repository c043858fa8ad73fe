"""What the matchmaking vocabularies are called on screen."""

from flask_babel import lazy_gettext as _l

from eventapp.domain.meetings import NOT_SCHEDULED_YET, RequestPriority

OBJECTIVES = {
    "fair": _l("Fair: spread meetings so that nobody is left out"),
    "weight": _l("Priorities first: the most wanted meetings first"),
}

OBJECTIVE_NAMES = {"fair": _l("Fair"), "weight": _l("Priorities first")}

PLACES = {
    "host": _l("One table hosted by each buyer organisation (distributor)"),
    "pool": _l("A pool of numbered tables"),
    "booths": _l("At the exhibitors' booths (no table limit)"),
}

PRIORITIES = {
    RequestPriority.WOULD_LIKE: _l("Would like"),
    RequestPriority.MUST: _l("Must meet"),
    RequestPriority.TOP: _l("Top (weighs like a mutual request)"),
}

REQUEST_STATUSES = {
    "pending": _l("Awaiting an answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}

REASONS = {
    "no_common_slot": _l("Never there at the same time"),
    "no_table": _l("No table can hold this pair"),
    "cap_reached": _l("One of them reached their meeting limit"),
    "tables_full": _l("Every table they could use is taken when both are free"),
    "lost_to_conflict": _l("Possible, but both were busy with meetings that ranked higher"),
    NOT_SCHEDULED_YET: _l("Not scheduled yet (new since the last run, or removed by hand)"),
}

ATTENDANCE = {"held": _l("Held"), "no_show": _l("No-show")}

INTEREST = {"none": _l("No further interest"), "follow_up": _l("Follow-up planned"), "deal": _l("Deal")}

MEETING_STATUSES = {"scheduled": _l("Scheduled"), "held": _l("Held"), "no_show": _l("No-show")}

RUN_STATES = {"running": _l("Running"), "done": _l("Finished"), "failed": _l("Failed")}

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
