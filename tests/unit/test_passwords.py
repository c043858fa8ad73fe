"""Staff passwords: long, not common, not the e-mail address."""

import pytest

from eventapp.domain.errors import ValidationError
from eventapp.domain.passwords import check_password, password_problem

EMAIL = "nguyen.lan@soctrang.gov.vn"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("12345678", "At least %(limit)s characters."),
        ("matkhau9", "At least %(limit)s characters."),
        ("1234567890", "This password is too common or too easy to guess. Use a few unrelated words."),
        ("password123", "This password is too common or too easy to guess. Use a few unrelated words."),
        ("qwertyuiop", "This password is too common or too easy to guess. Use a few unrelated words."),
        ("nguyen.lan2020!", "The password must not contain your e-mail address."),
        ("NGUYEN.LAN-bao-mat", "The password must not contain your e-mail address."),
        ("x" * 201, "At most %(limit)s characters."),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    assert password_problem(password, EMAIL).msgid == reason


@pytest.mark.parametrize("password", ["banh-pia-sau-rieng-2020", "Chi Lăng na dai ngon", "mat-khau-123"])
def test_good_passwords_pass(password):
    assert password_problem(password, EMAIL) is None


def test_the_refusal_names_the_field():
    with pytest.raises(ValidationError) as refused:
        check_password("12345678", EMAIL, "new_password")
    assert set(refused.value.fields) == {"new_password"}
