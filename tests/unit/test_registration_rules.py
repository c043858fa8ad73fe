from datetime import date

import pytest

from eventapp.domain.errors import ValidationError
from eventapp.domain.registration import OrganisationInput, ParticipantInput, ProductInput, clean_participant
from eventapp.domain.text import fold, name_key

EVENT_DAY = date(2020, 11, 20)


def exhibitor(**changes) -> ParticipantInput:
    values = dict(
        full_name="  Lâm Thị Mỹ Duyên ",
        email="Duyen@HTXMeLao.vn",
        phone="+84 939 123 456",
        role="exhibitor",
        language="vi",
        organisation=OrganisationInput(name="HTX Mè láo Vĩnh Châu", kind="cooperative", province="Sóc Trăng"),
        products=(ProductInput(name="Mè láo", group="food", stars="3"),),
    )
    values.update(changes)
    return ParticipantInput(**values)


def errors_of(data: ParticipantInput, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        clean_participant(data, event_day=EVENT_DAY, **kwargs)
    return raised.value.fields


def test_a_good_registration_is_normalised():
    clean = clean_participant(exhibitor(), event_day=EVENT_DAY)
    assert clean.full_name == "Lâm Thị Mỹ Duyên"
    assert clean.email == "duyen@htxmelao.vn"
    assert clean.phone == "0939123456"
    assert clean.organisation.province == "soc-trang"
    assert clean.products[0].stars == 3


def test_every_bad_field_is_named_at_once():
    fields = errors_of(
        exhibitor(
            full_name="",
            email="x",
            phone="123",
            role="visitor",
            language="fr",
            organisation=OrganisationInput(name="", kind="mafia", province="Gotham", tax_code="12"),
            products=(ProductInput(name="", group="cars", stars=6),),
        )
    )
    assert set(fields) == {
        "full_name",
        "email",
        "phone",
        "role",
        "language",
        "organisation.name",
        "organisation.kind",
        "organisation.province",
        "organisation.tax_code",
        "products[0].name",
        "products[0].group",
        "products[0].stars",
    }


@pytest.mark.parametrize("stars", [2, 6, "four", None, True, 3.5])
def test_ocop_ratings_are_three_four_or_five_stars(stars):
    fields = errors_of(exhibitor(products=(ProductInput(name="Gạo ST25", group="food", stars=stars),)))
    assert "products[0].stars" in fields


def test_exhibitors_list_products_and_others_do_not():
    assert "products" in errors_of(exhibitor(products=()))
    assert "products" in errors_of(exhibitor(role="buyer"))


def test_a_product_is_listed_once():
    twice = (ProductInput(name="Mè láo", group="food", stars=3), ProductInput(name="mè láo", group="food", stars=4))
    assert "products" in errors_of(exhibitor(products=twice))


def test_public_registration_offers_only_self_service_roles():
    assert "role" in errors_of(exhibitor(role="press", products=()), allowed_roles=("delegate", "exhibitor", "buyer"))


def test_wrong_json_types_are_field_errors_not_crashes():
    fields = errors_of(exhibitor(full_name=42, email=["a"], phone=12345, position=None))
    assert {"full_name", "email", "phone"} <= set(fields)


def test_over_long_text_is_refused():
    assert "full_name" in errors_of(exhibitor(full_name="A" * 201))


def test_folding_finds_names_typed_without_tone_marks():
    assert fold("Nguyễn Văn Đức  Bách Hóa Xanh") == "nguyen van duc bach hoa xanh"
    assert name_key("  Công ty  TNHH Bánh Pía ") == name_key("công ty tnhh bánh pía")
