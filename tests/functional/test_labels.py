"""Every value of each vocabulary has its label on screen: a value added to an
enum without a label would show as its machine code."""

import pytest

from eventapp import i18n
from eventapp.blueprints import meeting_labels
from eventapp.domain.meetings import (
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
from eventapp.domain.vocabulary import EventRole, Language, OrganisationKind, ParticipantRole, ParticipantStatus, ProductGroup


@pytest.mark.parametrize(
    ("labels", "values"),
    [
        (i18n.ORGANISATION_KINDS, set(OrganisationKind)),
        (i18n.PARTICIPANT_ROLES, set(ParticipantRole)),
        (i18n.PARTICIPANT_STATUSES, set(ParticipantStatus)),
        (i18n.PRODUCT_GROUPS, set(ProductGroup)),
        (i18n.LANGUAGES, set(Language)),
        (i18n.EVENT_ROLES, set(EventRole)),
        (meeting_labels.OBJECTIVES, set(Objective)),
        (meeting_labels.OBJECTIVE_NAMES, set(Objective)),
        (meeting_labels.PLACES, set(MeetingPlaces)),
        (meeting_labels.PRIORITIES, set(RequestPriority.ALL)),
        (meeting_labels.REQUEST_STATUSES, set(MeetingRequestStatus)),
        (meeting_labels.REASONS, set(Why)),
        (meeting_labels.ATTENDANCE, set(Attendance)),
        (meeting_labels.INTEREST, set(Interest)),
        (meeting_labels.MEETING_STATUSES, set(MeetingStatus)),
        (meeting_labels.RUN_STATES, set(ScheduleRunStatus)),
    ],
)
def test_each_value_has_exactly_one_label(labels, values):
    assert set(labels) == values
