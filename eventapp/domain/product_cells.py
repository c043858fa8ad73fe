"""The products cell of the participant table, one way for import and export:
``Bánh pía sầu riêng|food|4; Lạp xưởng|food|3``.

Products are separated by ``;`` or a new line, a product's parts (name, group,
stars, an optional description) by ``|``; a backslash keeps either inside a
name or a description, so whatever was exported reads back the same.
"""

import re
from collections.abc import Callable, Sequence

from eventapp.domain.registration import ProductInput
from eventapp.domain.vocabulary import OCOP_STARS

PRODUCT_SEPARATORS = (";", "\n")
PART_SEPARATOR = "|"
ESCAPE = "\\"


def _split(text: str, separators: Sequence[str]) -> list[str]:
    """Split at unescaped separators, keeping the escapes for the next level."""
    pieces: list[str] = []
    current: list[str] = []
    characters = iter(text)
    for ch in characters:
        if ch == ESCAPE:
            current.append(ch)
            current.append(next(characters, ""))
        elif ch in separators:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def _escape(text: str) -> str:
    return re.sub(r"([\\|;\n])", r"\\\1", text)


def product_parts(text: str) -> list[list[str]]:
    """Each product of the cell as its parts, unescaped and stripped; empty items are left out."""
    items = [item for item in _split(text.replace("\r\n", "\n"), PRODUCT_SEPARATORS) if item.strip()]
    return [[_unescape(part).strip() for part in _split(item, (PART_SEPARATOR,))] for item in items]


def parse_stars(text: str) -> int | str:
    """4, "4 sao", "4 stars" or "★★★★"; anything else comes back as written, for the registration check to refuse."""
    bare = text.strip().lower()
    if bare and set(bare) == {"★"}:
        return len(bare)
    bare = re.sub(r"\s*(sao|stars?|\*)$", "", bare)
    if bare.isdigit() and int(bare) in OCOP_STARS:
        return int(bare)
    return text


def format_products(products: Sequence[ProductInput], group_name: Callable[[str], str]) -> str:
    items = []
    for product in products:
        parts = [_escape(product.name), group_name(product.group), str(product.stars)]
        if product.description:
            parts.append(_escape(product.description))
        items.append(PART_SEPARATOR.join(parts))
    return "; ".join(items)
