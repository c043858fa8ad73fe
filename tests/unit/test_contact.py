import pytest

from eventapp.domain.contact import format_phone, normalise_email, normalise_phone, normalise_tax_code


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(0299) 3822 123", "02993822123"),
        ("+84 299 3822 123", "02993822123"),
        ("0387-654-321", "0387654321"),
    ],
)
def test_vietnamese_phone_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "0112345678", "091234567", "09123456789", "+1 202 555 0101", "abc", "", "0212345678"])
def test_other_phone_numbers_are_refused(typed):
    with pytest.raises(ValueError):
        normalise_phone(typed)


def test_phone_numbers_are_grouped_for_reading():
    assert format_phone("0912345678") == "0912 345 678"
    assert format_phone("02993822123") == "0299 3822 123"


def test_email_domain_is_lower_cased_and_checked():
    assert normalise_email("  Lan.Nguyen@SocTrang.GOV.vn ") == "lan.nguyen@soctrang.gov.vn"
    for bad in ["lan", "lan@", "@x.vn", "lan nguyen@x.vn"]:
        with pytest.raises(ValueError):
            normalise_email(bad)


@pytest.mark.parametrize("code", ["2200123456", "2200123456-001", "079123456789"])
def test_tax_codes_of_enterprises_branches_and_households(code):
    assert normalise_tax_code(code) == code


@pytest.mark.parametrize("code", ["220012345", "2200123456-1", "22001234567", "MST2200123456"])
def test_malformed_tax_codes_are_refused(code):
    with pytest.raises(ValueError):
        normalise_tax_code(code)
