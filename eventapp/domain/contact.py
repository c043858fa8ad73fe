"""Normalising and checking what people type about themselves: e-mail
addresses, Vietnamese phone numbers and tax codes."""

import re

from email_validator import EmailNotValidError, validate_email

from eventapp.domain.errors import Text

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# Digits are written [0-9]: a regex's \d also matches other scripts' digits.
# Mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x and 8 digits.
_MOBILE = re.compile(r"0[35789][0-9]{8}")
# Landlines: 02 + a 1-2 digit area code + subscriber number, 11 digits in all.
_LANDLINE = re.compile(r"02[0-9]{9}")
# Enterprise codes are 10 digits, branches add -NNN; since 2025 households and
# individuals use their 12-digit citizen identity number.
_TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?|[0-9]{12}")

PHONE_FORMAT = Text("Enter a Vietnamese phone number, e.g. 0912 345 678 or +84 912 345 678.")
TAX_CODE_FORMAT = Text("A tax code has 10 digits (a branch adds -001), or 12 for a household business.")


def normalise_email(text: str) -> str:
    """The address as stored: trimmed, domain lower-cased, checked for form.

    Raises ``ValueError`` with a ``Text`` when it is not an address.
    """
    try:
        result = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(Text("Enter a valid e-mail address, e.g. ten@congty.vn.")) from None
    return result.normalized.lower()


def normalise_phone(text: str) -> str:
    """A Vietnamese number in national form (0912345678 or 02993822123).

    Accepts spaces, dots, dashes and the +84 / 84 prefixes people type.
    """
    digits = _PHONE_SEPARATORS.sub("", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits
    raise ValueError(PHONE_FORMAT)


def format_phone(number: str) -> str:
    """Grouped for reading: 0912 345 678, 0299 3822 123."""
    if len(number) == 10:
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if len(number) == 11:
        return f"{number[:4]} {number[4:8]} {number[8:]}"
    return number


def normalise_tax_code(text: str) -> str:
    code = text.strip().replace(" ", "")
    if not _TAX_CODE.fullmatch(code):
        raise ValueError(TAX_CODE_FORMAT)
    return code
