"""The fixed vocabularies of the domain, shared by models, services and forms.

Values are stable machine codes (they are stored and appear in the API); the
labels users read come from the translation catalogues.
"""

from enum import StrEnum


class OrganisationKind(StrEnum):
    GOVERNMENT = "government"
    ENTERPRISE = "enterprise"
    COOPERATIVE = "cooperative"
    HOUSEHOLD = "household"
    DISTRIBUTOR = "distributor"
    ASSOCIATION = "association"
    OTHER = "other"


class ParticipantRole(StrEnum):
    DELEGATE = "delegate"
    EXHIBITOR = "exhibitor"
    BUYER = "buyer"
    PRESS = "press"
    SPEAKER = "speaker"


# Roles a person may pick on the public form; press and speakers are invited by
# the organisers and added by them.
SELF_REGISTRATION_ROLES = (ParticipantRole.DELEGATE, ParticipantRole.EXHIBITOR, ParticipantRole.BUYER)


class ParticipantStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    # Beyond the event's capacity for the role: waits for a place to free up.
    WAITLISTED = "waitlisted"


class Language(StrEnum):
    VI = "vi"
    EN = "en"


class ProductGroup(StrEnum):
    """Every OCOP product group code, of either decision: which six an event
    offers, and their names, depend on its date (``domain/product_groups``)."""

    FOOD = "food"
    BEVERAGE = "beverage"
    HERBAL = "herbal"
    TEXTILE = "textile"
    HANDICRAFT = "handicraft"
    ORNAMENTAL = "ornamental"
    TOURISM = "tourism"


# An OCOP certificate is valid for 36 months from its date.
OCOP_CERTIFICATE_MONTHS = 36


OCOP_STARS = (3, 4, 5)


class EventRole(StrEnum):
    """What a staff account may do at one event."""

    ORGANISER = "organiser"
    CHECKIN = "checkin"
    OFFICIAL = "official"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)
