"""The demo's second Sóc Trăng conference, 2021, and the series both belong
to. Unlike 2020 its figures are invented (and say so in its description):
larger than 2020's in every part, so that its report and the series page
show the year over year."""

from datetime import date

from eventapp.demo.catalogue import SOC_TRANG_GUESTS, SOC_TRANG_SPECIALITIES, EventSpec, ProvinceProducers, Speciality

SERIES_NAME = "Hội nghị kết nối cung cầu tỉnh Sóc Trăng"
SERIES_NAME_EN = "Soc Trang supply and demand connection conference"

SOC_TRANG_2021 = EventSpec(
    key="soctrang2021",
    name="Hội nghị kết nối cung cầu, liên kết sản xuất, tiêu thụ sản phẩm OCOP và đặc sản vùng miền tỉnh Sóc Trăng năm 2021",
    venue="Trung tâm Hội nghị tỉnh Sóc Trăng, TP. Sóc Trăng",
    province="soc-trang",
    starts_on=date(2021, 12, 9),
    ends_on=date(2021, 12, 10),
    registration_open=False,
    description=(
        "Kỳ thứ hai của hội nghị kết nối cung cầu tỉnh Sóc Trăng. Số liệu của sự kiện này là số liệu minh họa "
        "(dữ liệu demo), không phải số liệu báo chí đã đưa tin.\n"
        "Tỉnh Sóc Trăng giới thiệu 123 sản phẩm OCOP của 61 doanh nghiệp, hợp tác xã và hộ kinh doanh "
        "(33 sản phẩm 4 sao, 90 sản phẩm 3 sao); các tỉnh, thành phố bạn và các hệ thống phân phối lớn tham dự."
    ),
    name_en="Soc Trang 2021 conference connecting supply and demand, production and sales of OCOP products "
    "and regional specialities",
    venue_en="Soc Trang Provincial Convention Centre, Soc Trang City",
    description_en=(
        "The second edition of the Soc Trang supply and demand conference. The figures of this event are invented "
        "(demo data), not figures reported by the press.\n"
        "Soc Trang shows 123 OCOP products of 61 enterprises, cooperatives and household businesses (33 four-star, "
        "90 three-star), with the neighbouring provinces and the large distributors."
    ),
)

# One more business of each trade than in 2020: 61 businesses.
SOC_TRANG_2021_SPECIALITIES = tuple(
    Speciality(speciality.trade, speciality.products, speciality.businesses + 1) for speciality in SOC_TRANG_SPECIALITIES
)
# 10 x 1 + 40 x 2 + 11 x 3 = 123 products.
SOC_TRANG_2021_PRODUCT_COUNTS = (1,) * 10 + (2,) * 40 + (3,) * 11
SOC_TRANG_2021_FOUR_STAR_PRODUCTS = 33

# 2020's guests and three more provinces.
SOC_TRANG_2021_GUESTS = (
    *SOC_TRANG_GUESTS,
    ProvinceProducers(
        "quang-nam",
        3,
        ("Hội An", "Tam Kỳ", "Đại Lộc"),
        (("Sâm Ngọc Linh", "herbal"), ("Mì Quảng khô", "food"), ("Trà sâm dây", "herbal"), ("Rượu Hồng Đào", "beverage")),
    ),
    ProvinceProducers(
        "gia-lai",
        3,
        ("Pleiku", "Chư Sê", "Đăk Đoa"),
        (("Cà phê rang xay", "beverage"), ("Hồ tiêu Chư Sê", "food"), ("Mật ong rừng", "food")),
    ),
    ProvinceProducers(
        "nghe-an",
        3,
        ("Vinh", "Nghi Lộc", "Quỳnh Lưu"),
        (("Nhút Thanh Chương", "food"), ("Cam Vinh", "food"), ("Chè xanh Nghệ An", "beverage")),
    ),
)

# MoUs: more departments and business pairs than in 2020 (14 + 8 + 34).
GOVERNMENT_MOUS = 17
BUSINESS_MOUS = 45
