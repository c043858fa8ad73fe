"""What the demo is made of: the two conferences as the press reported them,
the distributors they named, and plausible producers with their provinces'
real OCOP specialities.

Distributors and agencies are the real ones named in the reports (names
only: no tax codes, no phone numbers). Producers and every person are
invented; e-mail addresses are on the demo domain.
"""

from dataclasses import dataclass
from datetime import date

DEMO_DOMAIN = "demo.eventapp.vn"


@dataclass(frozen=True)
class EventSpec:
    key: str
    name: str
    venue: str
    province: str
    starts_on: date
    ends_on: date
    registration_open: bool
    description: str
    # English spells places as the province list does, without tone marks
    # ("Soc Trang"); names of organisations stay as they write them.
    name_en: str = ""
    venue_en: str = ""
    description_en: str = ""


SOC_TRANG = EventSpec(
    key="soctrang",
    name="Hội nghị kết nối cung cầu, liên kết sản xuất, tiêu thụ sản phẩm OCOP và đặc sản vùng miền tỉnh Sóc Trăng năm 2020",
    venue="Trung tâm Hội nghị tỉnh Sóc Trăng, TP. Sóc Trăng",
    province="soc-trang",
    starts_on=date(2020, 11, 20),
    ends_on=date(2020, 11, 21),
    # Open, so that a visitor of the demo can try the registration form.
    registration_open=True,
    description=(
        "Hội nghị do Sở Công Thương tỉnh Sóc Trăng tổ chức, với sự tham dự của các cơ quan Trung ương, "
        "hơn 20 tỉnh, thành phố, các hiệp hội ngành hàng, hơn 150 doanh nghiệp, cơ sở sản xuất sản phẩm OCOP, "
        "sản phẩm đặc trưng, đặc sản vùng miền và các hệ thống phân phối lớn: Saigon Co.op, Central Retail "
        "(Big C), MM Mega Market, BRG Retail, Bách Hóa Xanh, VINAGREENCO, Trái cây Chánh Thu, siêu thị Tứ Sơn.\n"
        "Tỉnh Sóc Trăng có 99 sản phẩm OCOP của 52 doanh nghiệp, hợp tác xã và hộ kinh doanh "
        "(24 sản phẩm 4 sao, 75 sản phẩm 3 sao), chủ yếu thuộc các nhóm thực phẩm, đồ uống và thảo dược.\n"
        "Chương trình gồm 2 phiên thảo luận: chính sách và giải pháp đẩy mạnh xúc tiến thương mại, mở rộng thị "
        "trường tiêu thụ sản phẩm OCOP trong nước và xuất khẩu; cơ hội và giải pháp đưa sản phẩm OCOP vào các "
        "hệ thống phân phối. Kết nối trực tiếp giữa đơn vị sản xuất và nhà phân phối; ký kết biên bản ghi nhớ "
        "hợp tác."
    ),
    name_en="Soc Trang 2020 conference connecting supply and demand, production and sales of OCOP products "
    "and regional specialities",
    venue_en="Soc Trang Provincial Convention Centre, Soc Trang City",
    description_en=(
        "Organised by the Soc Trang Department of Industry and Trade with central agencies, more than 20 provinces "
        "and cities, trade associations, over 150 OCOP producers and the large distributors: Saigon Co.op, "
        "Central Retail (Big C), MM Mega Market, BRG Retail, Bách Hóa Xanh, VINAGREENCO, Chánh Thu Fruit and "
        "Tứ Sơn supermarkets.\n"
        "Soc Trang has 99 OCOP products of 52 enterprises, cooperatives and household businesses (24 four-star, "
        "75 three-star), mostly food, beverages and herbal products.\n"
        "Two discussion sessions (trade promotion for OCOP products at home and abroad; bringing OCOP products "
        "into distribution chains), one-to-one meetings between producers and distributors, and the signing of "
        "memoranda of understanding."
    ),
)

BUON_MA_THUOT = EventSpec(
    key="buonmathuot",
    name="Hội nghị kết nối sản phẩm tham gia chương trình OCOP vào các điểm giới thiệu và bán sản phẩm OCOP "
    "khu vực miền Trung – Tây Nguyên",
    venue="TP. Buôn Ma Thuột, tỉnh Đắk Lắk",
    province="dak-lak",
    starts_on=date(2019, 11, 29),
    ends_on=date(2019, 11, 29),
    registration_open=False,
    description=(
        "Vụ Thị trường trong nước (Bộ Công Thương), Trung tâm Thông tin Công nghiệp và Thương mại phối hợp với "
        "Trung tâm Xúc tiến thương mại nông nghiệp tổ chức, chiều 29/11/2019 tại TP. Buôn Ma Thuột. "
        "Tham dự có các hộ sản xuất, hợp tác xã, doanh nghiệp sản xuất, phân phối sản phẩm nông nghiệp của "
        "20 tỉnh, thành phố.\n"
        "Nội dung: yêu cầu của thị trường đối với sản phẩm làng nghề, đặc trưng vùng miền; xây dựng, phát triển "
        "thương hiệu; cơ sở dữ liệu truy xuất nguồn gốc; năng lực cạnh tranh hướng tới xuất khẩu. Sở Công Thương "
        "các tỉnh miền Trung – Tây Nguyên ký biên bản ghi nhớ hợp tác phát triển sản xuất và kết nối tiêu thụ "
        "sản phẩm OCOP."
    ),
    name_en="Conference connecting OCOP products with OCOP showrooms and shops of the Central region and the Central Highlands",
    venue_en="Buon Ma Thuot City, Dak Lak Province",
)

# Names in the organisation column ------------------------------------------

# (name, province, how many buyers it sends)
SOC_TRANG_DISTRIBUTORS = (
    ("Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)", "ho-chi-minh", 3),
    ("Tập đoàn Central Retail Việt Nam (Siêu thị Big C)", "ho-chi-minh", 2),
    ("Công ty TNHH MM Mega Market Việt Nam", "ho-chi-minh", 2),
    ("Công ty TNHH Bán lẻ BRG", "ha-noi", 2),
    ("Công ty CP Thương mại Bách Hóa Xanh", "ho-chi-minh", 2),
    ("Công ty CP VINAGREENCO (VGC)", "ha-noi", 1),
    ("Công ty TNHH XNK Trái cây Chánh Thu", "ben-tre", 1),
    ("Siêu thị Tứ Sơn", "soc-trang", 2),
)
BUON_MA_THUOT_DISTRIBUTORS = (
    ("Công ty TNHH Sản xuất thương mại dịch vụ xuất nhập khẩu Đại Hưng Phát", "ho-chi-minh", 2),
    ("Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)", "ho-chi-minh", 1),
)
BUYER_POSITIONS = (
    "Giám đốc thu mua",
    "Trưởng ngành hàng thực phẩm khô",
    "Chuyên viên phát triển nhà cung cấp",
    "Trưởng phòng Kinh doanh",
    "Chuyên viên thu mua hàng nông sản",
)

MINISTRY_AGENCIES = (
    # (organisation, province, positions of the people it sends, role)
    ("Vụ Thị trường trong nước - Bộ Công Thương", "ha-noi", ("Phó Vụ trưởng", "Chuyên viên chính"), "speaker"),
    ("Cục Xúc tiến thương mại - Bộ Công Thương", "ha-noi", ("Phó Trưởng phòng Xúc tiến thương mại trong nước",), "delegate"),
    ("Văn phòng Điều phối nông thôn mới Trung ương", "ha-noi", ("Chuyên viên Chương trình OCOP",), "delegate"),
)
BUON_MA_THUOT_AGENCIES = (
    ("Vụ Thị trường trong nước - Bộ Công Thương", "ha-noi", ("Phó Vụ trưởng", "Chuyên viên chính"), "speaker"),
    ("Trung tâm Thông tin Công nghiệp và Thương mại - Bộ Công Thương", "ha-noi", ("Phó Giám đốc",), "delegate"),
    (
        "Trung tâm Xúc tiến thương mại nông nghiệp - Bộ Nông nghiệp và Phát triển nông thôn",
        "ha-noi",
        ("Trưởng phòng Xúc tiến thương mại",),
        "delegate",
    ),
    ("Ủy ban nhân dân tỉnh Đắk Lắk", "dak-lak", ("Phó Chủ tịch", "Chánh Văn phòng"), "delegate"),
)
# The host: Sở Công Thương Sóc Trăng organised the conference.
SOC_TRANG_DEPARTMENT = (
    (
        "Sở Công Thương tỉnh Sóc Trăng",
        "soc-trang",
        ("Giám đốc Sở", "Phó Giám đốc Sở", "Trưởng phòng Quản lý thương mại"),
        "delegate",
    ),
)
SOC_TRANG_OTHERS = (
    ("Hiệp hội Doanh nghiệp tỉnh Sóc Trăng", "soc-trang", "association", ("Phó Chủ tịch Hiệp hội",), "delegate"),
    ("Báo Sóc Trăng", "soc-trang", "other", ("Phóng viên", "Phóng viên ảnh"), "press"),
    ("Đài Phát thanh và Truyền hình Sóc Trăng", "soc-trang", "other", ("Biên tập viên",), "press"),
)
DEPARTMENT_POSITIONS = (
    "Phó Giám đốc Sở",
    "Trưởng phòng Quản lý thương mại",
    "Phó Trưởng phòng Quản lý thương mại",
    "Chuyên viên phòng Quản lý thương mại",
)
CITY_PROVINCES = frozenset({"ha-noi", "ho-chi-minh", "can-tho", "da-nang", "hai-phong"})

# Producers -----------------------------------------------------------------


@dataclass(frozen=True)
class Speciality:
    """A trade of Sóc Trăng producers: how such businesses are called and
    what they make."""

    trade: str
    products: tuple[tuple[str, str], ...]  # (name, OCOP group)
    businesses: int


SOC_TRANG_LOCALITIES = (
    "Mỹ Xuyên",
    "Kế Sách",
    "Vĩnh Châu",
    "Long Phú",
    "Cù Lao Dung",
    "Mỹ Tú",
    "Châu Thành",
    "Trần Đề",
    "Thạnh Trị",
    "Ngã Năm",
    "Đại Tâm",
    "Phú Tâm",
    "An Hiệp",
    "Lai Hòa",
)

# 52 businesses; food, beverage and herbal products only, as the report says.
SOC_TRANG_SPECIALITIES = (
    Speciality(
        "Bánh pía",
        (
            ("Bánh pía sầu riêng trứng muối", "food"),
            ("Bánh pía đậu xanh sầu riêng", "food"),
            ("Bánh pía khoai môn", "food"),
            ("Bánh pía chay", "food"),
            ("Bánh pía kim sa", "food"),
            ("Bánh ín nhân đậu xanh", "food"),
            ("Bánh cống", "food"),
        ),
        9,
    ),
    Speciality(
        "Lạp xưởng",
        (
            ("Lạp xưởng tươi", "food"),
            ("Lạp xưởng mai quế lộ", "food"),
            ("Lạp xưởng tôm", "food"),
            ("Lạp xưởng cá lóc", "food"),
            ("Lạp xưởng heo nạc", "food"),
        ),
        7,
    ),
    Speciality(
        "Lúa gạo",
        (
            ("Gạo ST25", "food"),
            ("Gạo ST24", "food"),
            ("Gạo thơm Sóc Trăng", "food"),
            ("Gạo hữu cơ ST25", "food"),
            ("Gạo lứt tím", "food"),
        ),
        7,
    ),
    Speciality(
        "Mè láo", (("Mè láo", "food"), ("Bánh phồng nếp", "food"), ("Kẹo đậu phộng", "food"), ("Bánh tráng mè", "food")), 4
    ),
    Speciality(
        "Thủy sản",
        (
            ("Tôm khô Vĩnh Châu", "food"),
            ("Khô cá lóc", "food"),
            ("Khô cá sặc rằn", "food"),
            ("Mắm cá lóc", "food"),
            ("Bánh phồng tôm", "food"),
            ("Nước mắm cá cơm", "food"),
        ),
        7,
    ),
    Speciality(
        "Hành tím", (("Hành tím Vĩnh Châu", "food"), ("Hành phi", "food"), ("Tỏi Vĩnh Châu", "food"), ("Củ cải muối", "food")), 5
    ),
    Speciality(
        "Trái cây",
        (
            ("Bưởi năm roi Kế Sách", "food"),
            ("Sầu riêng Cù Lao Dung", "food"),
            ("Vú sữa tím", "food"),
            ("Mãng cầu sấy dẻo", "food"),
            ("Khóm sấy dẻo", "food"),
        ),
        5,
    ),
    Speciality(
        "Đồ uống",
        (
            ("Rượu nếp than", "beverage"),
            ("Rượu mận", "beverage"),
            ("Nước ép khóm", "beverage"),
            ("Siro mãng cầu", "beverage"),
            ("Nước mía đóng chai", "beverage"),
        ),
        4,
    ),
    Speciality(
        "Dược liệu",
        (
            ("Tinh bột nghệ", "herbal"),
            ("Trà khổ qua rừng", "herbal"),
            ("Trà mãng cầu túi lọc", "herbal"),
            ("Tinh dầu sả chanh", "herbal"),
            ("Cao đinh lăng", "herbal"),
        ),
        4,
    ),
)
# How many products each of the 52 businesses has: 10 x 1 + 37 x 2 + 5 x 3 = 99.
SOC_TRANG_PRODUCT_COUNTS = (1,) * 10 + (2,) * 37 + (3,) * 5
SOC_TRANG_FOUR_STAR_PRODUCTS = 24


@dataclass(frozen=True)
class ProvinceProducers:
    province: str
    businesses: int
    localities: tuple[str, ...]
    products: tuple[tuple[str, str], ...]


# Producers from other provinces at Sóc Trăng 2020: 101 businesses, 25 provinces.
SOC_TRANG_GUESTS = (
    ProvinceProducers(
        "can-tho",
        6,
        ("Phong Điền", "Ninh Kiều", "Thới Lai", "Cờ Đỏ"),
        (
            ("Bánh tráng Thuận Hưng", "food"),
            ("Nem nướng Cái Răng", "food"),
            ("Chuối sấy dẻo", "food"),
            ("Trà mãng cầu", "herbal"),
            ("Rượu chuối hột", "beverage"),
        ),
    ),
    ProvinceProducers(
        "hau-giang",
        5,
        ("Vị Thanh", "Long Mỹ", "Phụng Hiệp", "Châu Thành A"),
        (
            ("Khóm Cầu Đúc", "food"),
            ("Khóm sấy", "food"),
            ("Nước ép khóm", "beverage"),
            ("Cá thát lát rút xương", "food"),
            ("Tinh dầu tràm", "herbal"),
        ),
    ),
    ProvinceProducers(
        "bac-lieu",
        5,
        ("Hòa Bình", "Đông Hải", "Giá Rai", "Vĩnh Lợi"),
        (
            ("Muối hạt Bạc Liêu", "food"),
            ("Tôm khô", "food"),
            ("Ba khía muối", "food"),
            ("Bánh tằm Ngan Dừa", "food"),
            ("Rượu nếp", "beverage"),
        ),
    ),
    ProvinceProducers(
        "ca-mau",
        5,
        ("U Minh", "Năm Căn", "Ngọc Hiển", "Cái Nước", "Trần Văn Thời"),
        (
            ("Mật ong rừng U Minh", "food"),
            ("Khô cá đù", "food"),
            ("Bánh phồng tôm", "food"),
            ("Tôm khô Rạch Gốc", "food"),
            ("Tinh dầu tràm U Minh", "herbal"),
        ),
    ),
    ProvinceProducers(
        "kien-giang",
        5,
        ("Phú Quốc", "Hà Tiên", "Rạch Giá", "Giồng Riềng"),
        (
            ("Nước mắm Phú Quốc", "food"),
            ("Hồ tiêu Phú Quốc", "food"),
            ("Rượu sim", "beverage"),
            ("Khô cá thiều", "food"),
            ("Ghẹ sữa rim", "food"),
        ),
    ),
    ProvinceProducers(
        "an-giang",
        5,
        ("Tri Tôn", "Tịnh Biên", "Châu Đốc", "Chợ Mới"),
        (
            ("Đường thốt nốt", "food"),
            ("Mắm cá linh", "food"),
            ("Khô bò", "food"),
            ("Gạo nàng nhen thơm", "food"),
            ("Rượu thốt nốt", "beverage"),
        ),
    ),
    ProvinceProducers(
        "dong-thap",
        5,
        ("Tháp Mười", "Lai Vung", "Cao Lãnh", "Sa Đéc"),
        (
            ("Hạt sen sấy", "food"),
            ("Trà tim sen", "herbal"),
            ("Nem Lai Vung", "food"),
            ("Bột sen", "food"),
            ("Xoài sấy dẻo", "food"),
        ),
    ),
    ProvinceProducers(
        "vinh-long",
        4,
        ("Bình Minh", "Bình Tân", "Tam Bình", "Mang Thít"),
        (
            ("Bưởi năm roi Bình Minh", "food"),
            ("Khoai lang tím", "food"),
            ("Cam sành", "food"),
            ("Gốm đỏ Mang Thít", "handicraft"),
        ),
    ),
    ProvinceProducers(
        "tra-vinh",
        4,
        ("Cầu Kè", "Trà Cú", "Tiểu Cần", "Duyên Hải"),
        (("Dừa sáp Cầu Kè", "food"), ("Bánh tét Trà Cuôn", "food"), ("Mật hoa dừa", "food"), ("Tinh dầu dừa", "herbal")),
    ),
    ProvinceProducers(
        "ben-tre",
        6,
        ("Mỏ Cày", "Chợ Lách", "Giồng Trôm", "Châu Thành", "Ba Tri"),
        (
            ("Kẹo dừa", "food"),
            ("Bánh phồng Sơn Đốc", "food"),
            ("Dầu dừa tinh khiết", "herbal"),
            ("Thạch dừa", "food"),
            ("Rượu dừa", "beverage"),
            ("Giỏ xách bẹ dừa", "handicraft"),
        ),
    ),
    ProvinceProducers(
        "tien-giang",
        5,
        ("Cái Bè", "Chợ Gạo", "Cai Lậy", "Mỹ Tho"),
        (
            ("Xoài cát Hòa Lộc", "food"),
            ("Hủ tiếu Mỹ Tho", "food"),
            ("Thanh long Chợ Gạo", "food"),
            ("Sầu riêng Ngũ Đức", "food"),
            ("Mứt dừa", "food"),
        ),
    ),
    ProvinceProducers(
        "long-an",
        4,
        ("Cần Giuộc", "Châu Thành", "Đức Hòa", "Tân Thạnh"),
        (
            ("Gạo nàng thơm Chợ Đào", "food"),
            ("Lạp xưởng Cần Giuộc", "food"),
            ("Chanh không hạt", "food"),
            ("Thanh long ruột đỏ", "food"),
        ),
    ),
    ProvinceProducers(
        "lam-dong",
        4,
        ("Đà Lạt", "Bảo Lộc", "Lạc Dương", "Đơn Dương"),
        (
            ("Cà phê Arabica Cầu Đất", "food"),
            ("Trà Ô long", "food"),
            ("Atiso túi lọc", "herbal"),
            ("Mứt hồng", "food"),
            ("Rượu vang Đà Lạt", "beverage"),
        ),
    ),
    ProvinceProducers(
        "dak-lak",
        4,
        ("Buôn Ma Thuột", "Krông Pắc", "Cư M'gar", "Krông Năng"),
        (
            ("Cà phê rang xay Buôn Ma Thuột", "food"),
            ("Mắc ca sấy", "food"),
            ("Mật ong hoa cà phê", "food"),
            ("Ca cao nguyên chất", "food"),
            ("Rượu cần", "beverage"),
        ),
    ),
    ProvinceProducers(
        "lang-son",
        4,
        ("Chi Lăng", "Hữu Lũng", "Tràng Định", "Cao Lộc", "Văn Lãng"),
        (
            ("Na Chi Lăng", "food"),
            ("Hồng vành khuyên", "food"),
            ("Thạch đen Tràng Định", "food"),
            ("Khau nhục", "food"),
            ("Trà hoa vàng", "herbal"),
            ("Rượu Mẫu Sơn", "beverage"),
        ),
    ),
    ProvinceProducers(
        "son-la",
        3,
        ("Mộc Châu", "Yên Châu", "Mai Sơn"),
        (("Chè Shan tuyết Mộc Châu", "food"), ("Xoài tròn Yên Châu", "food"), ("Mận hậu sấy", "food"), ("Cà phê Sơn La", "food")),
    ),
    ProvinceProducers(
        "thai-nguyen",
        3,
        ("Tân Cương", "Đại Từ", "Phú Lương"),
        (("Chè Tân Cương", "food"), ("Bánh chưng Bờ Đậu", "food"), ("Miến dong", "food")),
    ),
    ProvinceProducers(
        "ha-noi",
        4,
        ("Bát Tràng", "Vạn Phúc", "Ba Vì", "Chương Mỹ"),
        (
            ("Gốm men lam Bát Tràng", "handicraft"),
            ("Lụa tơ tằm Vạn Phúc", "textile"),
            ("Chè búp Ba Vì", "food"),
            ("Mây tre đan Phú Vinh", "handicraft"),
        ),
    ),
    ProvinceProducers(
        "hung-yen",
        3,
        ("Khoái Châu", "Văn Giang", "Tiên Lữ"),
        (("Nhãn lồng Hưng Yên", "food"), ("Long nhãn sấy", "food"), ("Tương Bần", "food")),
    ),
    ProvinceProducers(
        "thanh-hoa",
        3,
        ("Nga Sơn", "Hoằng Hóa", "Thọ Xuân"),
        (
            ("Nem chua Thanh Hóa", "food"),
            ("Chiếu cói Nga Sơn", "handicraft"),
            ("Nước mắm Ba Làng", "food"),
            ("Bánh gai Tứ Trụ", "food"),
        ),
    ),
    ProvinceProducers(
        "khanh-hoa",
        3,
        ("Nha Trang", "Cam Lâm", "Ninh Hòa"),
        (("Nước yến sào", "beverage"), ("Xoài Úc Cam Lâm", "food"), ("Yến sào tinh chế", "food")),
    ),
    ProvinceProducers(
        "ninh-thuan",
        3,
        ("Phan Rang", "Ninh Phước", "Ninh Hải"),
        (
            ("Nho xanh", "food"),
            ("Rượu vang nho", "beverage"),
            ("Táo xanh sấy", "food"),
            ("Thổ cẩm Mỹ Nghiệp", "textile"),
            ("Gốm Bàu Trúc", "handicraft"),
        ),
    ),
    ProvinceProducers(
        "binh-thuan",
        3,
        ("Hàm Thuận Nam", "Phan Thiết", "Tuy Phong"),
        (("Thanh long Hàm Thuận", "food"), ("Nước mắm Phan Thiết", "food"), ("Mực một nắng", "food")),
    ),
    ProvinceProducers(
        "binh-phuoc",
        3,
        ("Bù Đăng", "Đồng Xoài", "Lộc Ninh"),
        (("Hạt điều rang muối", "food"), ("Hạt điều bóc vỏ lụa", "food"), ("Tiêu đen", "food")),
    ),
    ProvinceProducers(
        "ha-giang",
        2,
        ("Hoàng Su Phì", "Đồng Văn", "Bắc Quang"),
        (("Chè Shan tuyết", "food"), ("Mật ong bạc hà", "food"), ("Cam sành Hà Giang", "food")),
    ),
)

# Buôn Ma Thuột 2019: producers of the 19 Central and Central Highlands
# provinces; with the distributors from TP. Hồ Chí Minh, 20 provinces.
BUON_MA_THUOT_PRODUCERS = (
    ProvinceProducers(
        "thanh-hoa",
        2,
        ("Nga Sơn", "Hoằng Hóa"),
        (("Nem chua Thanh Hóa", "food"), ("Chiếu cói Nga Sơn", "handicraft"), ("Bánh gai Tứ Trụ", "food")),
    ),
    ProvinceProducers(
        "nghe-an",
        2,
        ("Nam Đàn", "Thanh Chương", "Quỳ Hợp"),
        (("Cam Vinh", "food"), ("Nhút Thanh Chương", "food"), ("Tương Nam Đàn", "food")),
    ),
    ProvinceProducers(
        "ha-tinh",
        2,
        ("Hương Khê", "Can Lộc", "Vũ Quang"),
        (("Bưởi Phúc Trạch", "food"), ("Kẹo cu đơ", "food"), ("Cam Khe Mây", "food")),
    ),
    ProvinceProducers(
        "quang-binh",
        2,
        ("Bố Trạch", "Quảng Ninh", "Lệ Thủy"),
        (("Khoai deo", "food"), ("Nước mắm Bảo Ninh", "food"), ("Tinh dầu tràm", "herbal")),
    ),
    ProvinceProducers(
        "quang-tri",
        2,
        ("Hướng Hóa", "Gio Linh", "Cam Lộ"),
        (("Cà phê Khe Sanh", "food"), ("Hồ tiêu Cùa", "food"), ("Tinh bột nghệ", "herbal")),
    ),
    ProvinceProducers(
        "thua-thien-hue",
        3,
        ("Hương Thủy", "Phú Vang", "Quảng Điền"),
        (("Mè xửng", "food"), ("Tôm chua", "food"), ("Trà cung đình", "herbal"), ("Nón lá bài thơ", "handicraft")),
    ),
    ProvinceProducers(
        "da-nang",
        2,
        ("Hòa Vang", "Liên Chiểu", "Sơn Trà"),
        (("Nước mắm Nam Ô", "food"), ("Chả bò", "food"), ("Rau an toàn La Hường", "food")),
    ),
    ProvinceProducers(
        "quang-nam",
        3,
        ("Nam Trà My", "Hội An", "Điện Bàn"),
        (("Sâm Ngọc Linh", "herbal"), ("Quế Trà My", "herbal"), ("Mì Quảng", "food"), ("Lụa tơ tằm Mã Châu", "textile")),
    ),
    ProvinceProducers(
        "quang-ngai",
        2,
        ("Lý Sơn", "Mộ Đức", "Nghĩa Hành"),
        (("Tỏi Lý Sơn", "food"), ("Đường phèn", "food"), ("Kẹo gương", "food")),
    ),
    ProvinceProducers(
        "binh-dinh",
        3,
        ("Tuy Phước", "An Nhơn", "Hoài Nhơn"),
        (
            ("Bánh tráng nước dừa", "food"),
            ("Rượu Bàu Đá", "beverage"),
            ("Nón ngựa Phú Gia", "handicraft"),
            ("Tré Bình Định", "food"),
        ),
    ),
    ProvinceProducers(
        "phu-yen",
        2,
        ("Tuy An", "Sông Cầu", "Đông Hòa"),
        (("Cá ngừ đại dương", "food"), ("Bánh tráng Hòa Đa", "food"), ("Rượu nếp", "beverage")),
    ),
    ProvinceProducers(
        "khanh-hoa",
        2,
        ("Nha Trang", "Cam Lâm"),
        (("Nước yến sào", "beverage"), ("Xoài Úc Cam Lâm", "food"), ("Yến sào tinh chế", "food")),
    ),
    ProvinceProducers(
        "ninh-thuan",
        2,
        ("Phan Rang", "Ninh Phước"),
        (("Nho xanh", "food"), ("Rượu vang nho", "beverage"), ("Gốm Bàu Trúc", "handicraft")),
    ),
    ProvinceProducers(
        "binh-thuan", 2, ("Hàm Thuận Nam", "Phan Thiết"), (("Thanh long Hàm Thuận", "food"), ("Nước mắm Phan Thiết", "food"))
    ),
    ProvinceProducers(
        "kon-tum",
        2,
        ("Tu Mơ Rông", "Đăk Hà", "Kon Plông"),
        (("Sâm dây Ngọc Linh", "herbal"), ("Cà phê Đăk Hà", "food"), ("Rượu cần", "beverage")),
    ),
    ProvinceProducers(
        "gia-lai",
        3,
        ("Chư Sê", "Pleiku", "Ia Grai"),
        (("Hồ tiêu Chư Sê", "food"), ("Cà phê Gia Lai", "food"), ("Chanh dây", "food"), ("Thổ cẩm Jrai", "textile")),
    ),
    ProvinceProducers(
        "dak-lak",
        4,
        ("Buôn Ma Thuột", "Krông Pắc", "Cư M'gar", "Krông Năng"),
        (
            ("Cà phê rang xay Buôn Ma Thuột", "food"),
            ("Mắc ca sấy", "food"),
            ("Mật ong hoa cà phê", "food"),
            ("Ca cao nguyên chất", "food"),
            ("Rượu cần", "beverage"),
            ("Thổ cẩm Ê Đê", "textile"),
        ),
    ),
    ProvinceProducers(
        "dak-nong", 2, ("Đắk Mil", "Gia Nghĩa", "Tuy Đức"), (("Hồ tiêu Đắk Nông", "food"), ("Bơ sáp", "food"), ("Mắc ca", "food"))
    ),
    ProvinceProducers(
        "lam-dong",
        3,
        ("Đà Lạt", "Bảo Lộc", "Lạc Dương"),
        (
            ("Cà phê Arabica Cầu Đất", "food"),
            ("Trà Ô long", "food"),
            ("Atiso túi lọc", "herbal"),
            ("Rượu vang Đà Lạt", "beverage"),
        ),
    ),
)

# Business names ------------------------------------------------------------

BRANDS = (
    "Tân Phát",
    "Hưng Thịnh",
    "Phước Thành",
    "Thuận Phát",
    "Minh Châu",
    "Kim Ngân",
    "Hồng Ngọc",
    "Mỹ Hương",
    "Vĩnh Hưng",
    "Tấn Lộc",
    "Phú Quý",
    "Thành Đạt",
    "Ngọc Yến",
    "Gia Huy",
    "An Khang",
    "Bảo Châu",
    "Quốc Việt",
    "Hoàng Long",
    "Trúc Mai",
    "Thiên Phú",
    "Tín Nghĩa",
    "Đại Thành",
    "Sáu Hiền",
    "Út Lan",
    "Ba Tâm",
    "Năm Lợi",
    "Hai Mến",
    "Tư Đời",
    "Phúc Lộc",
    "Hòa Bình",
    "Kim Phát",
    "Thanh Tâm",
    "Mười Của",
    "Bảy Nhiên",
    "Song Long",
    "Hiệp Thành",
    "Trường Thịnh",
    "Đông Phương",
    "Nam Việt",
    "Hương Quê",
)
TRADES = ("Thực phẩm", "Nông sản", "Đặc sản", "Sản xuất - Thương mại", "Chế biến nông sản")
# (pattern, organisation kind); {trade}, {brand} and {locality} are filled in.
NAME_PATTERNS = (
    ("Công ty TNHH {trade} {brand}", "enterprise"),
    ("Công ty CP {trade} {brand}", "enterprise"),
    ("Doanh nghiệp tư nhân {brand}", "enterprise"),
    ("HTX Nông nghiệp {locality}", "cooperative"),
    ("HTX Dịch vụ nông nghiệp {brand}", "cooperative"),
    ("HTX {trade} {locality}", "cooperative"),
    ("Cơ sở {trade} {brand}", "household"),
    ("Cơ sở sản xuất {brand}", "household"),
)
PRODUCER_POSITIONS = ("Giám đốc", "Phó Giám đốc", "Chủ cơ sở", "Giám đốc HTX", "Trưởng phòng Kinh doanh", "Nhân viên kinh doanh")

# People --------------------------------------------------------------------

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Phan",
    "Võ",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Châu",
    "Lâm",
    "Thạch",
    "Sơn",
    "Tăng",
    "Quách",
    "Đinh",
)
MIDDLE_NAMES_MALE = ("Văn", "Minh", "Quốc", "Hữu", "Đức", "Thanh", "Hoàng", "Công")
MIDDLE_NAMES_FEMALE = ("Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Hồng")
GIVEN_NAMES_MALE = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khang",
    "Khánh",
    "Lộc",
    "Long",
    "Nam",
    "Nhân",
    "Phúc",
    "Quang",
    "Sơn",
    "Tài",
    "Tâm",
    "Thành",
    "Tín",
    "Toàn",
    "Trung",
    "Tuấn",
    "Vinh",
)
GIVEN_NAMES_FEMALE = (
    "Anh",
    "Châu",
    "Diễm",
    "Hà",
    "Hạnh",
    "Hân",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Trinh",
    "Tuyết",
    "Vy",
    "Xuân",
    "Yến",
)
