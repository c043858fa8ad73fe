"""The OCOP product groups, as the decision in force on an event's date has them.

The OCOP programme of 2018 (Quyết định 490/QĐ-TTg, 7 May 2018) sorted products
into six groups; Quyết định 148/QĐ-TTg of 24 February 2023 replaced them with
six others: textiles joined handicrafts, ornamental plants and animals became a
group of their own, and the names of several groups changed. An event is held
under the decision of its own date, as it is under the province map of its date
(``provinces``). Codes are stable: a code both decisions know names the group
that carries on, under the name of the decision in force.
"""

from dataclasses import dataclass
from datetime import date

from eventapp.domain.errors import Text
from eventapp.domain.fields import FieldErrors
from eventapp.domain.vocabulary import ProductGroup


@dataclass(frozen=True)
class GroupName:
    vi: str
    en: str

    def __call__(self, language: str) -> str:
        return self.en if language == "en" else self.vi


@dataclass(frozen=True)
class Decision:
    number: str
    signed_on: date
    names: dict[str, GroupName]  # code -> name, in the decision's order
    # Codes of the other decision that this one folds into one of its groups.
    merged: dict[str, str]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.names)


DECISION_2018 = Decision(
    number="490/QĐ-TTg",
    signed_on=date(2018, 5, 7),
    names={
        ProductGroup.FOOD: GroupName("Thực phẩm", "Food"),
        ProductGroup.BEVERAGE: GroupName("Đồ uống", "Beverages"),
        ProductGroup.HERBAL: GroupName("Thảo dược", "Herbal products"),
        ProductGroup.TEXTILE: GroupName("Vải và may mặc", "Textiles and garments"),
        ProductGroup.HANDICRAFT: GroupName("Lưu niệm - nội thất - trang trí", "Souvenirs, furniture and decorations"),
        ProductGroup.TOURISM: GroupName("Dịch vụ du lịch nông thôn, bán hàng", "Rural tourism services and sales"),
    },
    merged={},
)

DECISION_2023 = Decision(
    number="148/QĐ-TTg",
    signed_on=date(2023, 2, 24),
    names={
        ProductGroup.FOOD: GroupName("Thực phẩm", "Food"),
        ProductGroup.BEVERAGE: GroupName("Đồ uống", "Beverages"),
        ProductGroup.HERBAL: GroupName("Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products"),
        ProductGroup.HANDICRAFT: GroupName("Thủ công mỹ nghệ", "Handicrafts"),
        ProductGroup.ORNAMENTAL: GroupName("Sinh vật cảnh", "Ornamental plants and animals"),
        ProductGroup.TOURISM: GroupName(
            "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
            "Community tourism, ecotourism and tourist sites",
        ),
    },
    merged={ProductGroup.TEXTILE: ProductGroup.HANDICRAFT},
)

DECISIONS = (DECISION_2018, DECISION_2023)


def decision_on(day: date) -> Decision:
    """The decision whose groups an event of ``day`` uses (the 2018 one for
    any event before 24 February 2023, the first OCOP events included)."""
    return DECISION_2023 if day >= DECISION_2023.signed_on else DECISION_2018


def groups_on(day: date) -> tuple[str, ...]:
    return decision_on(day).codes


def group_in_force(code: str, day: date) -> str | None:
    """The code a product of group ``code`` has at an event of ``day``: itself,
    or the group that absorbed it (a textile product is a handicraft at a 2024
    fair); None for a group the decision does not know."""
    decision = decision_on(day)
    if code in decision.names:
        return code
    return decision.merged.get(code)


def codes_read_as(code: str, day: date) -> tuple[str, ...]:
    """The stored codes that count as group ``code`` at an event of ``day``: a
    filter on handicrafts at a 2024 fair also finds a product stored as textile."""
    decision = decision_on(day)
    return (code, *(old for old, new in decision.merged.items() if new == code))


def group_name(code: str, day: date, language: str = "vi") -> str:
    """The group's name at an event of ``day``; a code neither decision knows
    is shown as it is stored."""
    in_force = group_in_force(code, day)
    if in_force is not None:
        return decision_on(day).names[in_force](language)
    for decision in DECISIONS:
        if code in decision.names:
            return decision.names[code](language)
    return code


def clean_group(errors: FieldErrors, path: str, value: object, event_day: date) -> str:
    """The product group, of the OCOP decision in force on the event's date
    (a group the decision folded into another is read as that one)."""
    code = value.strip() if isinstance(value, str) else ""
    in_force = group_in_force(code, event_day)
    if not code:
        errors.add(path, Text("Choose the product's group."))
    elif in_force is None:
        decision = decision_on(event_day)
        errors.add(
            path,
            Text(
                "Choose a product group of Decision %(decision)s, in force on the event's date: %(choices)s.",
                {"decision": decision.number, "choices": ", ".join(decision.codes)},
            ),
        )
    return in_force or code
