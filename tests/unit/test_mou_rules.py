"""What an MoU must be, without a database."""

from datetime import date

import pytest

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.mous import (
    CategoryInput,
    CleanParty,
    MouInput,
    MouRules,
    PartyInput,
    PartyNotIdentified,
    category_code_from,
    clean_category,
    clean_mou,
    parse_filter,
    parse_vnd,
)
from eventapp.domain.scanned_documents import check_document

RULES = MouRules(
    categories=("gov-gov", "gov-business", "business-business"), event_starts_on=date(2020, 11, 20), today=date(2026, 11, 23)
)
HOST = PartyInput("Sở Công Thương tỉnh Sóc Trăng", "government", "Sóc Trăng")
CHAIN = PartyInput("Công ty TNHH Bán lẻ BRG", "distributor", "Hà Nội")


def by_name(party: CleanParty):
    return party.name.casefold()


def mou(**changes) -> MouInput:
    fields = {
        "title": "Hợp tác tiêu thụ sản phẩm OCOP",
        "category": "gov-business",
        "parties": (HOST, CHAIN),
        "signed_on": "2020-11-20",
    } | changes
    return MouInput(**fields)


def errors_of(data: MouInput, identify=by_name) -> dict:
    with pytest.raises(ValidationError) as caught:
        clean_mou(data, RULES, identify)
    return caught.value.fields


def test_a_valid_mou_is_normalised():
    clean = clean_mou(
        mou(title="  Hợp tác  ", value_vnd="1.500.000.000 đ", product_groups=["food", "beverage", "food"]), RULES, by_name
    )
    assert clean.title == "Hợp tác" and clean.value_vnd == 1_500_000_000
    assert clean.signed_on == date(2020, 11, 20) and clean.product_groups == ("beverage", "food")
    assert [party.province for party in clean.parties] == ["soc-trang", "ha-noi"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (None, None),
        ("", None),
        (0, 0),
        (1234567, 1234567),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("1 234 567 VND", 1234567),
        ("2.000.000 đồng", 2000000),
        (2e9, 2_000_000_000),
    ],
)
def test_amounts_as_people_type_them(text, value):
    assert parse_vnd(text) == value


@pytest.mark.parametrize("text", [-1, "-5", "abc", 1.5, True, "1.5e9", 10**16])
def test_amounts_that_are_refused(text):
    with pytest.raises(ValueError):
        parse_vnd(text)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "gov-retail"}, "category"),
        ({"category": None}, "category"),
        ({"parties": (HOST,)}, "parties"),
        ({"parties": None}, "parties"),
        ({"parties": "Sở Công Thương"}, "parties"),
        ({"parties": (HOST, "BRG")}, "parties[1]"),
        ({"parties": (HOST, PartyInput("", "distributor", "Hà Nội"))}, "parties[1].name"),
        ({"parties": (HOST, PartyInput("BRG", "supermarket", "Hà Nội"))}, "parties[1].kind"),
        ({"parties": (HOST, PartyInput("BRG", "distributor", 12))}, "parties[1].province"),
        ({"parties": (HOST, HOST)}, "parties[1].name"),
        ({"value_vnd": -1}, "value_vnd"),
        ({"signed_on": "2021-02-29"}, "signed_on"),
        ({"signed_on": "20201120"}, "signed_on"),
        ({"signed_on": None}, "signed_on"),
        ({"signed_on": "2027-01-01"}, "signed_on"),
        ({"signed_on": "2019-01-01"}, "signed_on"),
        ({"title": None}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"notes": 5}, "notes"),
        ({"product_groups": "food"}, "product_groups"),
        ({"product_groups": ["food", "seafood"]}, "product_groups[1]"),
    ],
)
def test_each_bad_field_is_named(changes, field):
    assert field in errors_of(mou(**changes))


def test_every_bad_field_is_named_at_once():
    fields = errors_of(mou(category="x", value_vnd=-1, signed_on="2021-02-30", parties=(HOST,)))
    assert {"category", "value_vnd", "signed_on", "parties"} <= set(fields)


def test_a_party_the_service_cannot_identify_is_reported_on_its_field():
    def unknown(party: CleanParty):
        raise PartyNotIdentified(
            "province", Text("%(name)s is not an organisation of this event: give its kind and province.", {"name": party.name})
        )

    fields = errors_of(mou(parties=(PartyInput("Công ty lạ"), PartyInput("Công ty khác"))), identify=unknown)
    assert set(fields) == {"parties[0].province", "parties[1].province"}


def test_a_province_of_the_old_map_is_refused_after_the_merger():
    rules = MouRules(categories=("gov-gov",), event_starts_on=date(2025, 9, 10), today=date(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        clean_mou(
            mou(
                category="gov-gov",
                signed_on="2025-09-10",
                parties=(PartyInput("Sở Công Thương", "government", "Sóc Trăng"), CHAIN),
            ),
            rules,
            by_name,
        )
    assert "parties[0].province" in caught.value.fields


def test_category_codes():
    assert category_code_from("Hợp tác xã với siêu thị") == "hop-tac-xa-voi-sieu-thi"
    assert (
        clean_category(CategoryInput("Hợp tác xã với siêu thị", "Cooperative with supermarket"), new=True).code
        == "cooperative-with-supermarket"
    )
    with pytest.raises(ValidationError) as caught:
        clean_category(CategoryInput("A", "B", code="Gov Gov!"), new=True)
    assert "code" in caught.value.fields
    with pytest.raises(ValidationError):
        clean_category(CategoryInput("", "B"), new=False)


def test_filters():
    criteria = parse_filter(
        {"category": "gov-gov", "province": "can-tho", "party": " Co.op ", "signed_from": "2020-11-20"}, RULES.categories
    )
    assert (criteria.category, criteria.province, criteria.party) == ("gov-gov", "can-tho", "Co.op")
    with pytest.raises(ValidationError) as caught:
        parse_filter(
            {"category": "x", "province": "atlantis", "signed_from": "2020-12-01", "signed_to": "2020-11-01"}, RULES.categories
        )
    assert set(caught.value.fields) == {"category", "province", "signed_to"}


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def test_documents_are_known_by_their_content():
    checked = check_document("C:\\scans\\Biên bản.PDF", PDF, 1000)
    assert checked.type.value == "application/pdf" and checked.filename == "Biên bản.PDF"
    assert checked.extension == ".pdf" and checked.size == len(PDF)


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00" + b"\x00" * 60,  # a Windows program named .pdf
        b"\x7fELF\x02\x01\x01" + b"\x00" * 60,  # a Linux program
        b"PK\x03\x04" + b"\x00" * 60,  # a zip or office file
        b"%PDF-1.7\n no end",  # a cut PDF
        b"\xff\xd8\xff\xe0 not really a jpeg",
        b"",
    ],
)
def test_anything_else_is_refused(content):
    with pytest.raises(ValidationError) as caught:
        check_document("scan.pdf", content, 1000)
    assert "document" in caught.value.fields


def test_size_limit():
    with pytest.raises(ValidationError):
        check_document("scan.pdf", PDF + b" " * 1000, 1000)


def png_declaring(width: int, height: int) -> bytes:
    """A small, valid PNG whose header claims ``width`` × ``height`` pixels:
    a decompression bomb is a few kilobytes that claim billions."""
    import io
    import struct
    import zlib

    from PIL import Image

    output = io.BytesIO()
    Image.new("L", (1, 1)).save(output, format="PNG")
    content = bytearray(output.getvalue())
    header = struct.pack(">II", width, height) + bytes(content[24:29])
    content[16:29] = header
    content[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(content)


@pytest.mark.parametrize("width, height", [(100_000, 100_000), (12_000, 8_000)])
def test_images_claiming_more_pixels_than_a_scanned_page_are_refused(width, height):
    with pytest.raises(ValidationError) as caught:
        check_document("scan.png", png_declaring(width, height), 10**6)
    assert "megapixels" in caught.value.fields["document"].msgid


def test_an_a3_page_scanned_at_600_dpi_is_accepted():
    assert check_document("scan.png", png_declaring(7016, 9921), 10**6).type.value == "image/png"
