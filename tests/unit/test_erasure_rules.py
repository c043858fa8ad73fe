"""What an erased participant's fields become, what the audit log keeps of
them, and which events are past their retention."""

from datetime import date

import pytest

from eventapp.domain.erasure import ERASED_VALUE, anonymised, retention_cutoff, retention_months, scrubbed_changes
from eventapp.domain.errors import ValidationError


def test_anonymised_fields_name_nobody_and_stay_unique():
    first, second = anonymised(7), anonymised(8)
    assert first.full_name == "#7" and first.email == "erased-7@erased.invalid"
    assert first.email != second.email and first.phone is None and first.search_text == ""


def test_the_audit_log_keeps_what_was_done_not_who():
    created = {"full_name": "Lê Văn Tám", "email": "tam@example.vn", "phone": None, "role": "buyer", "answers": {"3": "Có"}}
    assert scrubbed_changes(created) == {
        "full_name": ERASED_VALUE,
        "email": ERASED_VALUE,
        "phone": None,
        "role": "buyer",
        "answers": ERASED_VALUE,
    }
    assert scrubbed_changes({"phone": [None, "0912345678"], "status": ["pending", "approved"]}) == {
        "phone": [None, ERASED_VALUE],
        "status": ["pending", "approved"],
    }


@pytest.mark.parametrize(
    ("today", "months", "cutoff"),
    [
        (date(2026, 12, 3), 24, date(2024, 12, 3)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_retention_counts_whole_months_back(today, months, cutoff):
    assert retention_cutoff(today, months) == cutoff


@pytest.mark.parametrize("months", [0, -3, True, "24", 2.5])
def test_a_retention_is_a_positive_whole_number_of_months(months):
    with pytest.raises(ValidationError):
        retention_months(months)
