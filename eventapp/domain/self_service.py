"""What a participant may change on their own page, and what waits for the
organisers.

Before approval a participant's edit applies at once. After it, the name, the
organisation and the role are what the organisers approved (a badge, a
buyer-exhibitor pairing, an invitation rest on them): a change to any of them
is held for an organiser to accept or decline, and the rest of the edit
(phone, position, e-mail, language, products) applies at once. Products
belong to the role: when the role change is held, so are the products sent
with it.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from eventapp.domain.registration import OrganisationInput, ParticipantInput, ProductInput
from eventapp.domain.text import name_key


class ChangeStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    # The participant edited back to the approved details, or cancelled.
    WITHDRAWN = "withdrawn"


# The approved details an edit may not change alone, in the API's field names.
# Not the organisation's kind: an organisation is found by its tax code, or
# its name and province, and a registration never rewrites a shared one.
HELD_FIELDS = (
    "full_name",
    "role",
    "organisation.name",
    "organisation.province",
    "organisation.tax_code",
)


@dataclass(frozen=True)
class HeldChange:
    """What an organiser is asked to accept: ``changes`` is
    ``{"field": [approved, wanted]}``; the wanted values to write follow."""

    changes: dict[str, list[object]]
    full_name: str
    role: str
    organisation: OrganisationInput
    products: tuple[ProductInput, ...] | None

    def applied_to(self, current: ParticipantInput) -> ParticipantInput:
        """``current`` with the held details written in (when an organiser accepts)."""
        wanted = replace(current, full_name=self.full_name, role=self.role, organisation=self.organisation)
        return wanted if self.products is None else replace(wanted, products=self.products)


@dataclass(frozen=True)
class EditPlan:
    apply_now: ParticipantInput
    held: HeldChange | None


def _held_values(data: ParticipantInput) -> dict[str, object]:
    organisation = data.organisation
    return {
        "full_name": data.full_name,
        "role": data.role,
        "organisation.name": organisation.name,
        "organisation.province": organisation.province,
        "organisation.tax_code": organisation.tax_code,
    }


def _same(field: str, before: object, after: object) -> bool:
    # "Công ty TNHH Mía Đường" and "CÔNG TY TNHH MÍA ĐƯỜNG" are one organisation
    # (the registration matches them by this key): retyping it is no change.
    if field == "organisation.name" and isinstance(before, str) and isinstance(after, str):
        return name_key(before) == name_key(after)
    return before == after


def plan_edit(approved: ParticipantInput, wanted: ParticipantInput, *, is_approved: bool) -> EditPlan:
    """Split a checked edit into what applies now and what is held. Both are
    normalised registrations (``clean_participant``)."""
    if not is_approved:
        return EditPlan(apply_now=wanted, held=None)
    before, after = _held_values(approved), _held_values(wanted)
    changes = {field: [before[field], after[field]] for field in HELD_FIELDS if not _same(field, before[field], after[field])}
    if not changes:
        # The organisation as approved, not as retyped in other capitals.
        return EditPlan(apply_now=replace(wanted, organisation=approved.organisation), held=None)
    role_changes = "role" in changes
    apply_now = replace(
        wanted,
        full_name=approved.full_name,
        role=approved.role,
        organisation=approved.organisation,
        products=approved.products if role_changes else wanted.products,
    )
    held = HeldChange(
        changes=changes,
        full_name=wanted.full_name,
        role=wanted.role,
        organisation=wanted.organisation,
        products=wanted.products if role_changes else None,
    )
    return EditPlan(apply_now=apply_now, held=held)
