"""The products cell reads back what it wrote, separators and escapes included."""

from eventapp.domain.product_cells import format_products, parse_stars, product_parts
from eventapp.domain.registration import ProductInput


def test_names_with_separators_survive_a_round_trip():
    products = [
        ProductInput(name="Bánh pía; sầu riêng|đặc biệt", group="food", stars=4, description="Hộp 4 cái\\500 g"),
        ProductInput(name="Lạp xưởng", group="food", stars=3),
    ]
    cell = format_products(products, lambda code: code)
    assert product_parts(cell) == [
        ["Bánh pía; sầu riêng|đặc biệt", "food", "4", "Hộp 4 cái\\500 g"],
        ["Lạp xưởng", "food", "3"],
    ]


def test_stars_are_read_as_people_write_them():
    assert [parse_stars(text) for text in ("4", "4 sao", "5 stars", "★★★", "3*")] == [4, 4, 5, 3, 3]
    assert parse_stars("six") == "six"


def test_new_lines_separate_products_and_empty_items_are_left_out():
    assert product_parts("Gạo ST25|food|5\r\n\n ; Mật ong|food|3") == [["Gạo ST25", "food", "5"], ["Mật ong", "food", "3"]]
