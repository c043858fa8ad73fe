"""Vietnam's provinces and centrally governed cities.

On 1 July 2025 (Resolution 202/2025/QH15) the 63 provinces were merged into 34.
An event is held under the map of its own date: the Sóc Trăng conference of 2020
lists Sóc Trăng, a conference in 2026 lists Cần Thơ. Codes are stable ASCII
slugs; a code of the old map that survived the merger names the same place.
"""

from dataclasses import dataclass
from datetime import date

from eventapp.domain.text import fold

MERGER_DATE = date(2025, 7, 1)


@dataclass(frozen=True)
class Province:
    code: str
    name_vi: str
    name_en: str
    before_merger: bool
    after_merger: bool
    merged_into: str | None = None

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_vi


def _province(
    code: str, name_vi: str, name_en: str, *, old: bool = True, new: bool = True, merged_into: str | None = None
) -> Province:
    return Province(code, name_vi, name_en, old, new, merged_into)


PROVINCES: tuple[Province, ...] = (
    _province("ha-noi", "Hà Nội", "Hanoi"),
    _province("ha-giang", "Hà Giang", "Ha Giang", new=False, merged_into="tuyen-quang"),
    _province("cao-bang", "Cao Bằng", "Cao Bang"),
    _province("bac-kan", "Bắc Kạn", "Bac Kan", new=False, merged_into="thai-nguyen"),
    _province("tuyen-quang", "Tuyên Quang", "Tuyen Quang"),
    _province("lao-cai", "Lào Cai", "Lao Cai"),
    _province("dien-bien", "Điện Biên", "Dien Bien"),
    _province("lai-chau", "Lai Châu", "Lai Chau"),
    _province("son-la", "Sơn La", "Son La"),
    _province("yen-bai", "Yên Bái", "Yen Bai", new=False, merged_into="lao-cai"),
    _province("hoa-binh", "Hòa Bình", "Hoa Binh", new=False, merged_into="phu-tho"),
    _province("thai-nguyen", "Thái Nguyên", "Thai Nguyen"),
    _province("lang-son", "Lạng Sơn", "Lang Son"),
    _province("quang-ninh", "Quảng Ninh", "Quang Ninh"),
    _province("bac-giang", "Bắc Giang", "Bac Giang", new=False, merged_into="bac-ninh"),
    _province("phu-tho", "Phú Thọ", "Phu Tho"),
    _province("vinh-phuc", "Vĩnh Phúc", "Vinh Phuc", new=False, merged_into="phu-tho"),
    _province("bac-ninh", "Bắc Ninh", "Bac Ninh"),
    _province("hai-duong", "Hải Dương", "Hai Duong", new=False, merged_into="hai-phong"),
    _province("hai-phong", "Hải Phòng", "Hai Phong"),
    _province("hung-yen", "Hưng Yên", "Hung Yen"),
    _province("thai-binh", "Thái Bình", "Thai Binh", new=False, merged_into="hung-yen"),
    _province("ha-nam", "Hà Nam", "Ha Nam", new=False, merged_into="ninh-binh"),
    _province("nam-dinh", "Nam Định", "Nam Dinh", new=False, merged_into="ninh-binh"),
    _province("ninh-binh", "Ninh Bình", "Ninh Binh"),
    _province("thanh-hoa", "Thanh Hóa", "Thanh Hoa"),
    _province("nghe-an", "Nghệ An", "Nghe An"),
    _province("ha-tinh", "Hà Tĩnh", "Ha Tinh"),
    _province("quang-binh", "Quảng Bình", "Quang Binh", new=False, merged_into="quang-tri"),
    _province("quang-tri", "Quảng Trị", "Quang Tri"),
    _province("thua-thien-hue", "Thừa Thiên Huế", "Thua Thien Hue", new=False, merged_into="hue"),
    _province("hue", "Huế", "Hue", old=False),
    _province("da-nang", "Đà Nẵng", "Da Nang"),
    _province("quang-nam", "Quảng Nam", "Quang Nam", new=False, merged_into="da-nang"),
    _province("quang-ngai", "Quảng Ngãi", "Quang Ngai"),
    _province("binh-dinh", "Bình Định", "Binh Dinh", new=False, merged_into="gia-lai"),
    _province("phu-yen", "Phú Yên", "Phu Yen", new=False, merged_into="dak-lak"),
    _province("khanh-hoa", "Khánh Hòa", "Khanh Hoa"),
    _province("ninh-thuan", "Ninh Thuận", "Ninh Thuan", new=False, merged_into="khanh-hoa"),
    _province("binh-thuan", "Bình Thuận", "Binh Thuan", new=False, merged_into="lam-dong"),
    _province("kon-tum", "Kon Tum", "Kon Tum", new=False, merged_into="quang-ngai"),
    _province("gia-lai", "Gia Lai", "Gia Lai"),
    _province("dak-lak", "Đắk Lắk", "Dak Lak"),
    _province("dak-nong", "Đắk Nông", "Dak Nong", new=False, merged_into="lam-dong"),
    _province("lam-dong", "Lâm Đồng", "Lam Dong"),
    _province("binh-phuoc", "Bình Phước", "Binh Phuoc", new=False, merged_into="dong-nai"),
    _province("tay-ninh", "Tây Ninh", "Tay Ninh"),
    _province("binh-duong", "Bình Dương", "Binh Duong", new=False, merged_into="ho-chi-minh"),
    _province("dong-nai", "Đồng Nai", "Dong Nai"),
    _province("ba-ria-vung-tau", "Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau", new=False, merged_into="ho-chi-minh"),
    _province("ho-chi-minh", "TP. Hồ Chí Minh", "Ho Chi Minh City"),
    _province("long-an", "Long An", "Long An", new=False, merged_into="tay-ninh"),
    _province("tien-giang", "Tiền Giang", "Tien Giang", new=False, merged_into="dong-thap"),
    _province("ben-tre", "Bến Tre", "Ben Tre", new=False, merged_into="vinh-long"),
    _province("tra-vinh", "Trà Vinh", "Tra Vinh", new=False, merged_into="vinh-long"),
    _province("vinh-long", "Vĩnh Long", "Vinh Long"),
    _province("dong-thap", "Đồng Tháp", "Dong Thap"),
    _province("an-giang", "An Giang", "An Giang"),
    _province("kien-giang", "Kiên Giang", "Kien Giang", new=False, merged_into="an-giang"),
    _province("can-tho", "Cần Thơ", "Can Tho"),
    _province("hau-giang", "Hậu Giang", "Hau Giang", new=False, merged_into="can-tho"),
    _province("soc-trang", "Sóc Trăng", "Soc Trang", new=False, merged_into="can-tho"),
    _province("bac-lieu", "Bạc Liêu", "Bac Lieu", new=False, merged_into="ca-mau"),
    _province("ca-mau", "Cà Mau", "Ca Mau"),
)

BY_CODE: dict[str, Province] = {province.code: province for province in PROVINCES}
ALL_CODES: tuple[str, ...] = tuple(BY_CODE)


def provinces_on(day: date) -> tuple[Province, ...]:
    """The provinces in force on ``day``, in the official order."""
    if day < MERGER_DATE:
        return tuple(p for p in PROVINCES if p.before_merger)
    return tuple(p for p in PROVINCES if p.after_merger)


def province_name(code: str | None, language: str = "vi") -> str:
    if code is None:
        return ""
    province = BY_CODE.get(code)
    return province.name(language) if province else code


def find_province(text: str, day: date | None = None) -> Province | None:
    """The province ``text`` names: a code, or a name with or without tone
    marks ("Sóc Trăng", "soc trang", "Soc Trang"), as imports and API clients
    write them; on the map in force on ``day``, or on either map without one
    (a list filtered by the province of organisations of any year)."""
    wanted = _fold(text)
    for province in provinces_on(day) if day is not None else PROVINCES:
        if wanted in {province.code, _fold(province.name_vi), _fold(province.name_en)}:
            return province
    return None


def _fold(text: str) -> str:
    bare = fold(text)
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        if bare.startswith(prefix):
            bare = bare[len(prefix) :]
    return "-".join(bare.replace(".", " ").replace("-", " ").split())
