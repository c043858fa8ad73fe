"""OCOP product groups by the decision in force on the event's date, and certificates."""

from datetime import date

import pytest

from eventapp.domain import participant_table, product_groups
from eventapp.domain.errors import ValidationError
from eventapp.domain.registration import (
    CertificateInput,
    OrganisationInput,
    ParticipantInput,
    ProductInput,
    certificate_expired,
    certificate_expires_on,
    clean_participant,
)

SOC_TRANG_2020 = date(2020, 11, 20)
DAY_BEFORE_148 = date(2023, 2, 23)
DAY_OF_148 = date(2023, 2, 24)
CAN_THO_2026 = date(2026, 3, 1)


def exhibitor(*products: ProductInput) -> ParticipantInput:
    return ParticipantInput(
        full_name="Lâm Thị Mỹ Duyên",
        email="duyen@htxmelao.vn",
        role="exhibitor",
        organisation=OrganisationInput(name="HTX Mè láo Vĩnh Châu", kind="cooperative", province="an-giang"),
        products=products,
    )


def test_the_2018_groups_until_the_day_before_decision_148_and_the_2023_groups_from_it():
    assert product_groups.groups_on(SOC_TRANG_2020) == ("food", "beverage", "herbal", "textile", "handicraft", "tourism")
    assert product_groups.groups_on(DAY_BEFORE_148) == product_groups.groups_on(SOC_TRANG_2020)
    assert product_groups.groups_on(DAY_OF_148) == ("food", "beverage", "herbal", "handicraft", "ornamental", "tourism")
    assert product_groups.decision_on(DAY_BEFORE_148).number == "490/QĐ-TTg"
    assert product_groups.decision_on(DAY_OF_148).number == "148/QĐ-TTg"


def test_names_follow_the_decision_of_the_event_date():
    assert product_groups.group_name("handicraft", SOC_TRANG_2020) == "Lưu niệm - nội thất - trang trí"
    assert product_groups.group_name("handicraft", CAN_THO_2026) == "Thủ công mỹ nghệ"
    assert product_groups.group_name("herbal", CAN_THO_2026) == "Dược liệu và sản phẩm từ dược liệu"
    assert product_groups.group_name("herbal", SOC_TRANG_2020, "en") == "Herbal products"
    assert product_groups.group_name("ornamental", CAN_THO_2026) == "Sinh vật cảnh"
    assert product_groups.group_name("tourism", CAN_THO_2026) == "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"
    # A textile product stored before 2023 reads as a handicraft at a later fair.
    assert product_groups.group_name("textile", CAN_THO_2026) == "Thủ công mỹ nghệ"
    assert product_groups.codes_read_as("handicraft", CAN_THO_2026) == ("handicraft", "textile")
    assert product_groups.codes_read_as("handicraft", SOC_TRANG_2020) == ("handicraft",)


def test_a_registration_takes_only_the_groups_of_its_event_date():
    ornamental = ProductInput(name="Mai vàng Chợ Lách", group="ornamental", stars=4)
    with pytest.raises(ValidationError) as raised:
        clean_participant(exhibitor(ornamental), event_day=SOC_TRANG_2020)
    assert raised.value.fields["products[0].group"].params["decision"] == "490/QĐ-TTg"
    assert set(raised.value.fields) == {"products[0].group"}
    assert clean_participant(exhibitor(ornamental), event_day=CAN_THO_2026).products[0].group == "ornamental"
    textile = ProductInput(name="Khăn rằn", group="textile", stars=3)
    assert clean_participant(exhibitor(textile), event_day=SOC_TRANG_2020).products[0].group == "textile"
    assert clean_participant(exhibitor(textile), event_day=CAN_THO_2026).products[0].group == "handicraft"


def test_a_certificate_lasts_36_months_and_is_marked_expired_after():
    assert certificate_expires_on(date(2020, 5, 31)) == date(2023, 5, 31)
    assert certificate_expires_on(date(2020, 2, 29)) == date(2023, 2, 28)
    assert not certificate_expired(date(2020, 11, 20), date(2023, 11, 20))
    assert certificate_expired(date(2020, 11, 20), date(2023, 11, 21))


def test_a_certificate_needs_its_number_date_and_issuing_body():
    bare = ProductInput(name="Mè láo", group="food", stars=3, certificate=CertificateInput(" ", "2020-13-01", ""))
    with pytest.raises(ValidationError) as raised:
        clean_participant(exhibitor(bare), event_day=SOC_TRANG_2020)
    assert set(raised.value.fields) == {
        "products[0].certificate.number",
        "products[0].certificate.issued_on",
        "products[0].certificate.issued_by",
    }
    good = ProductInput(
        name="Mè láo", group="food", stars=3, certificate=CertificateInput(" 1234/QĐ-UBND ", "2019-12-30", "UBND tỉnh Sóc Trăng")
    )
    certificate = clean_participant(exhibitor(good), event_day=SOC_TRANG_2020).products[0].certificate
    assert certificate == CertificateInput("1234/QĐ-UBND", date(2019, 12, 30), "UBND tỉnh Sóc Trăng")


def test_the_export_names_groups_as_the_decision_of_the_event_has_them():
    products = (ProductInput("Lan rừng", "ornamental", 3), ProductInput("Giỏ lục bình", "handicraft", 4))
    assert participant_table.format_products(products, "vi", CAN_THO_2026) == (
        "Lan rừng|Sinh vật cảnh|3; Giỏ lục bình|Thủ công mỹ nghệ|4"
    )
    assert participant_table.format_products(products[1:], "vi", SOC_TRANG_2020) == (
        "Giỏ lục bình|Lưu niệm - nội thất - trang trí|4"
    )
