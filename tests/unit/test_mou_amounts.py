import pytest

from eventapp.domain.mous import parse_vnd
from eventapp.domain.scanned_documents import DocumentType, check_document


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("1234567", 1_234_567),
        ("1.234.567", 1_234_567),
        ("1,234,567 đ", 1_234_567),
        ("1 234 567 VND", 1_234_567),
        ("1.500.000.000 đồng", 1_500_000_000),
        (2_000_000, 2_000_000),
        ("", None),
    ],
)
def test_amounts_as_people_write_them(typed, amount):
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize("typed", ["1.000,50", "1,5", "12.34", "1.2345", "1.000.00", "١٢٣", "1e9", "1.000 000"])
def test_decimals_and_odd_groupings_are_refused_not_multiplied(typed):
    with pytest.raises(ValueError):
        parse_vnd(typed)


def test_a_document_downloads_under_the_extension_of_what_it_is():
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    checked = check_document("bien-ban-ky.exe", pdf, max_bytes=1_000_000)
    assert checked.type is DocumentType.PDF and checked.filename == "bien-ban-ky.pdf"
