from datetime import date

from eventapp.domain import provinces


def test_63_provinces_before_the_2025_merger_and_34_after():
    assert len(provinces.provinces_on(date(2020, 11, 20))) == 63
    assert len(provinces.provinces_on(date(2025, 7, 1))) == 34


def test_every_merged_province_names_a_province_of_the_new_map():
    new_codes = {p.code for p in provinces.provinces_on(date(2026, 1, 1))}
    for province in provinces.PROVINCES:
        if not province.after_merger:
            assert province.merged_into in new_codes


def test_names_are_found_with_or_without_tone_marks_and_prefixes():
    day = date(2020, 11, 20)
    for text in ["Sóc Trăng", "soc trang", "Tỉnh Sóc Trăng", "soc-trang"]:
        assert provinces.find_province(text, day).code == "soc-trang"
    assert provinces.find_province("TP. Hồ Chí Minh", day).code == "ho-chi-minh"
    assert provinces.find_province("Bà Rịa - Vũng Tàu", day).code == "ba-ria-vung-tau"
    assert provinces.find_province("Đắk Lắk", day).code == "dak-lak"
    assert provinces.find_province("Đắk Nông", day).code == "dak-nong"


def test_a_province_abolished_in_2025_is_not_offered_for_a_later_event():
    assert provinces.find_province("Sóc Trăng", date(2026, 3, 1)) is None
    assert provinces.find_province("Cần Thơ", date(2026, 3, 1)).code == "can-tho"


def test_names_in_both_languages():
    assert provinces.province_name("thua-thien-hue", "vi") == "Thừa Thiên Huế"
    assert provinces.province_name("ho-chi-minh", "en") == "Ho Chi Minh City"
