"""Badge codes: only the application's secret makes them, and a genuine code is
still refused at another event, after a reissue, or before approval."""

import pytest

from eventapp.domain.badge_token import (
    BadgeClaim,
    BadgeHolder,
    BadgeProblem,
    InvalidBadge,
    check_claim,
    read_badge,
    sign_badge,
)

SECRET = "test-secret-key-not-for-production"


def problem_of(code: str, secret: str = SECRET) -> BadgeProblem:
    with pytest.raises(InvalidBadge) as refused:
        read_badge(secret, code)
    return refused.value.problem


def test_a_signed_code_reads_back_and_is_short_and_qr_alphanumeric():
    code = sign_badge(SECRET, BadgeClaim(12, 3456, 1))
    assert read_badge(SECRET, code) == BadgeClaim(12, 3456, 1)
    assert len(code) <= 38  # fits a version 2 QR at error correction M
    assert set(code) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
    assert code.startswith("12-3456-1-")


def test_scanners_that_add_whitespace_or_type_lower_case_are_forgiven():
    code = sign_badge(SECRET, BadgeClaim(3, 7, 2))
    assert read_badge(SECRET, f"  {code.lower()}\r\n") == BadgeClaim(3, 7, 2)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda code: code.replace("-3456-", "-3457-", 1),  # someone else's id
        lambda code: code.replace("-1-", "-2-", 1),  # a newer version, self-made
        lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # one letter of the tag
        lambda code: "0" + code,  # same numbers, other text
    ],
)
def test_any_change_to_a_code_is_a_forgery(tamper):
    code = sign_badge(SECRET, BadgeClaim(12, 3456, 1))
    assert problem_of(tamper(code)) == BadgeProblem.FORGED


def test_a_code_made_with_another_secret_is_a_forgery():
    assert problem_of(sign_badge("another installation's secret", BadgeClaim(12, 3456, 1))) == BadgeProblem.FORGED


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "https://example.vn/", "12-3456-1", "12-3456-1-ABC", "Nguyễn Văn An", "1" * 200, "12-3456-1-" + "8" * 16],
)
def test_garbage_is_unreadable(garbage):
    assert problem_of(garbage) == BadgeProblem.UNREADABLE


def test_per_event_keys_a_badge_tag_does_not_transfer_to_another_event():
    genuine = sign_badge(SECRET, BadgeClaim(1, 50, 1))
    moved = genuine.replace("1-50-1-", "2-50-1-", 1)
    assert problem_of(moved) == BadgeProblem.FORGED


def test_a_genuine_badge_of_another_event_is_refused_as_such():
    claim = read_badge(SECRET, sign_badge(SECRET, BadgeClaim(2, 50, 1)))
    with pytest.raises(InvalidBadge) as refused:
        check_claim(claim, event_id=1, holder=BadgeHolder(1, "approved"))
    assert refused.value.problem == BadgeProblem.OTHER_EVENT
    assert refused.value.code == "other_event"


def test_an_old_version_stops_working_after_a_reissue():
    old = read_badge(SECRET, sign_badge(SECRET, BadgeClaim(1, 50, 1)))
    new = read_badge(SECRET, sign_badge(SECRET, BadgeClaim(1, 50, 2)))
    check_claim(new, event_id=1, holder=BadgeHolder(2, "approved"))
    with pytest.raises(InvalidBadge) as refused:
        check_claim(old, event_id=1, holder=BadgeHolder(2, "approved"))
    assert refused.value.problem == BadgeProblem.REVOKED


@pytest.mark.parametrize(
    "status, message",
    [
        ("pending", "This registration is not approved yet."),
        ("rejected", "This registration was rejected."),
        ("cancelled", "This registration was cancelled."),
    ],
)
def test_registrations_not_approved_are_refused_with_their_reason(status, message):
    claim = BadgeClaim(1, 50, 1)
    with pytest.raises(InvalidBadge) as refused:
        check_claim(claim, event_id=1, holder=BadgeHolder(1, status))
    assert refused.value.problem == BadgeProblem.NOT_APPROVED
    assert refused.value.message.msgid == message


def test_a_genuine_code_for_nobody_is_refused():
    with pytest.raises(InvalidBadge) as refused:
        check_claim(BadgeClaim(1, 50, 1), event_id=1, holder=None)
    assert refused.value.problem == BadgeProblem.UNKNOWN
