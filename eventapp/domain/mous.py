"""What a signed MoU must be, checked and normalised before it is stored, and
the default categories (what its scanned copy may be: ``scanned_documents``).

Field paths in errors use the API's names (``parties[1].province``,
``product_groups[0]``) so one error serves the web form and the JSON API.
"""

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta

from eventapp.domain import provinces
from eventapp.domain.errors import Text
from eventapp.domain.fields import FieldErrors, choice, optional_choice, typed_text, whole_number
from eventapp.domain.product_groups import clean_group
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import OrganisationKind, values

TITLE_MAX = 300
NOTES_MAX = 4000
PARTY_NAME_MAX = 200
MIN_PARTIES = 2
MAX_PARTIES = 50
# A trillion đồng a thousand times over: far beyond any MoU, small enough that
# a typo of a few extra zeros is caught before it swamps the totals.
VALUE_MAX = 10**15
# MoUs prepared before the fair are often signed at it; one signed earlier
# than a year before is a typo in the year.
EARLIEST_BEFORE_EVENT = timedelta(days=366)
CATEGORY_CODE_MAX = 40
CATEGORY_LABEL_MAX = 120

MEETING_ID_EXPECTED = Text("A meeting's id (a whole number), or nothing.")
BUSINESS_BUSINESS = "business-business"
# Kinds of organisation whose MoUs with each other are business-to-business:
# enterprises, cooperatives and distributors (the default category's scope).
BUSINESS_KINDS = frozenset({OrganisationKind.ENTERPRISE, OrganisationKind.COOPERATIVE, OrganisationKind.DISTRIBUTOR})


@dataclass(frozen=True)
class CategoryDefault:
    code: str
    label_vi: str
    label_en: str


# The three kinds of MoU that supply-demand conferences report (Sóc Trăng 2020:
# 14 between Departments of Industry and Trade, 8 between the Department and
# retail chains, 34 between enterprises and distributors).
DEFAULT_CATEGORIES: tuple[CategoryDefault, ...] = (
    CategoryDefault("gov-gov", "Cơ quan nhà nước với cơ quan nhà nước", "State agency with state agency"),
    CategoryDefault(
        "gov-business", "Cơ quan nhà nước với doanh nghiệp, hệ thống phân phối", "State agency with enterprises and retail chains"
    ),
    CategoryDefault(
        BUSINESS_BUSINESS,
        "Doanh nghiệp với doanh nghiệp, hợp tác xã, nhà phân phối",
        "Enterprise with enterprise, cooperative or distributor",
    ),
)

_CATEGORY_CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class PartyInput:
    """A signatory as typed: an organisation of the event named by its name,
    or a new one, which then needs its kind and province."""

    name: object
    kind: object = None
    province: object = None


@dataclass(frozen=True)
class MouInput:
    """An MoU as received: values are checked by ``clean_mou``, shapes too
    (``parties`` should be a sequence of ``PartyInput``, ``product_groups``
    a sequence of codes), so that a caller can pass what it was sent."""

    title: object
    category: object
    parties: object
    signed_on: object
    value_vnd: object = None
    product_groups: object = ()
    notes: object = ""
    # The id of the B2B meeting that led to the MoU; None when there was none.
    meeting_id: object = None


@dataclass(frozen=True)
class CleanParty:
    name: str
    kind: str | None
    province: str | None


@dataclass(frozen=True)
class CleanMou:
    title: str
    category: str
    parties: tuple[CleanParty, ...]
    signed_on: date
    value_vnd: int | None
    product_groups: tuple[str, ...]
    notes: str
    meeting_id: int | None = None


class PartyNotIdentified(ValueError):
    """Which field of a party to fix (``name``, ``kind`` or ``province``) and why."""

    def __init__(self, field_name: str, message: Text) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


@dataclass(frozen=True)
class MouRules:
    """What the event allows: its category codes, the day its province map
    is read on, and today (no MoU is signed in the future)."""

    categories: tuple[str, ...]
    event_starts_on: date
    today: date


# Plain digits, or digits grouped by threes with one kind of separator
# (1.500.000, 1,500,000, 1 500 000): the ways đồng are written.
_WHOLE_AMOUNT = re.compile(r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:[ \u00a0][0-9]{3})+")


def parse_vnd(value: object) -> int | None:
    """An amount of đồng as people type it: 1234567, "1.234.567", "1,234,567 đ",
    "1 234 567 VND". None when empty; ``ValueError`` with a ``Text`` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(Text("Enter an amount in đồng, e.g. 1.500.000.000."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(Text("Enter a whole number of đồng."))
        value = int(value)
    if isinstance(value, str):
        text = value.strip().lower()
        for suffix in ("vnđ", "vnd", "đồng", "đ", "dong"):
            if text.endswith(suffix):
                text = text[: -len(suffix)].strip()
                break
        negative = text.startswith("-")
        number = text.lstrip("-").strip()
        if not _WHOLE_AMOUNT.fullmatch(number):
            # "1.000,50" or "1,5": a decimal part, or separators that are not
            # thousands; read as digits they would silently multiply the sum.
            raise ValueError(Text("Enter a whole number of đồng, thousands grouped by dots, e.g. 1.500.000.000."))
        value = int(re.sub(r"[^0-9]", "", number))
        value = -value if negative else value
    if not isinstance(value, int):
        raise ValueError(Text("Enter an amount in đồng, e.g. 1.500.000.000."))
    if value < 0:
        raise ValueError(Text("The value cannot be negative."))
    if value > VALUE_MAX:
        raise ValueError(Text("The value is too large; check the number of zeros."))
    return value


def _signed_on(errors: FieldErrors, value: object, rules: MouRules) -> date | None:
    day: date | None = None
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and value.strip():
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
        if day is not None and len(value.strip()) != 10:
            day = None
    elif value is None or value == "":
        errors.add("signed_on", Text("This field is required."))
        return None
    if day is None:
        errors.add("signed_on", Text("Enter a real date as YYYY-MM-DD."))
        return None
    if day > rules.today:
        errors.add("signed_on", Text("The signing date cannot be in the future."))
    elif day < rules.event_starts_on - EARLIEST_BEFORE_EVENT:
        errors.add("signed_on", Text("The signing date is more than a year before the event; check the year."))
    return day


def _party(errors: FieldErrors, prefix: str, party: PartyInput, event_day: date) -> CleanParty:
    name = typed_text(errors, f"{prefix}name", party.name, PARTY_NAME_MAX, required=True)
    kind = None
    if party.kind is not None and party.kind != "":
        if party.kind not in values(OrganisationKind):
            errors.add(f"{prefix}kind", Text("Choose one of: %(choices)s.", {"choices": ", ".join(values(OrganisationKind))}))
        else:
            kind = str(party.kind)
    province = None
    if isinstance(party.province, str) and party.province.strip():
        found = provinces.find_province(party.province, event_day)
        if found is None:
            errors.add(f"{prefix}province", Text("Choose a province of Vietnam in force on the event's date."))
        else:
            province = found.code
    elif party.province not in (None, ""):
        errors.add(f"{prefix}province", Text("Choose a province of Vietnam in force on the event's date."))
    return CleanParty(name=name, kind=kind, province=province)


def parse_meeting_id(value: object) -> int | None:
    """A meeting's id as sent: a number, or text of digits from a form; None
    when empty; ``ValueError`` with a ``Text`` otherwise."""
    if value is None or value == "":
        return None
    meeting_id = whole_number(value)
    if meeting_id is None or meeting_id < 1:
        raise ValueError(MEETING_ID_EXPECTED)
    return meeting_id


def _meeting_id(errors: FieldErrors, value: object, meeting_problem: Callable[[int], Text | None]) -> int | None:
    try:
        meeting_id = parse_meeting_id(value)
    except ValueError as error:
        errors.add("meeting_id", error.args[0])
        return None
    problem = meeting_problem(meeting_id) if meeting_id is not None else None
    if problem is not None:
        errors.add("meeting_id", problem)
        return None
    return meeting_id


def _any_meeting(meeting_id: int) -> None:
    """Without the database every id is plausible; services pass a real check."""
    return None


def clean_mou(
    data: MouInput,
    rules: MouRules,
    identify_party: Callable[[CleanParty], Hashable],
    meeting_problem: Callable[[int], Text | None] = _any_meeting,
) -> CleanMou:
    """The MoU, normalised, or ``ValidationError`` naming every bad field.

    ``identify_party`` says which organisation a party is (an existing one of
    the event, or a new one) as a hashable key; it raises
    ``PartyNotIdentified`` when it cannot tell. Two parties that are the same
    organisation are refused. ``meeting_problem`` says why the meeting with a
    given id cannot be linked (None when it can).
    """
    errors = FieldErrors()
    title = typed_text(errors, "title", data.title, TITLE_MAX, required=True)
    category = choice(errors, "category", data.category, rules.categories)
    signed_on = _signed_on(errors, data.signed_on, rules)
    try:
        value_vnd = parse_vnd(data.value_vnd)
    except ValueError as error:
        errors.add("value_vnd", error.args[0])
        value_vnd = None
    notes = typed_text(errors, "notes", data.notes, NOTES_MAX, required=False)
    meeting_id = _meeting_id(errors, data.meeting_id, meeting_problem)

    groups: list[str] = []
    if data.product_groups is None:
        product_groups: list | tuple = ()
    elif isinstance(data.product_groups, (list, tuple)):
        product_groups = data.product_groups
    else:
        errors.add("product_groups", Text("Must be a list."))
        product_groups = ()
    for index, given in enumerate(product_groups):
        group = clean_group(errors, f"product_groups[{index}]", given, rules.event_starts_on)
        if group and f"product_groups[{index}]" not in errors.fields and group not in groups:
            groups.append(group)

    parties: list[CleanParty] = []
    if data.parties is None:
        errors.add("parties", Text("This field is required."))
    elif not isinstance(data.parties, (list, tuple)):
        errors.add("parties", Text("Must be a list."))
    elif len(data.parties) < MIN_PARTIES:
        errors.add("parties", Text("An MoU has at least two parties."))
    elif len(data.parties) > MAX_PARTIES:
        errors.add("parties", Text("At most %(limit)s parties.", {"limit": MAX_PARTIES}))
    else:
        seen: dict[Hashable, int] = {}
        for index, party in enumerate(data.parties):
            prefix = f"parties[{index}]."
            if not isinstance(party, PartyInput):
                errors.add(f"parties[{index}]", Text("Must be an object."))
                continue
            before = len(errors.fields)
            clean = _party(errors, prefix, party, rules.event_starts_on)
            parties.append(clean)
            if len(errors.fields) > before:
                continue
            try:
                identity = identify_party(clean)
            except PartyNotIdentified as problem:
                errors.add(f"{prefix}{problem.field_name}", problem.message)
                continue
            if identity in seen:
                errors.add(f"{prefix}name", Text("This organisation is already a party to this MoU."))
            seen[identity] = index
    errors.raise_if_any()
    assert signed_on is not None
    return CleanMou(
        title=title,
        category=category,
        parties=tuple(parties),
        signed_on=signed_on,
        value_vnd=value_vnd,
        product_groups=tuple(sorted(groups)),
        notes=notes,
        meeting_id=meeting_id,
    )


def suggested_category(kinds: tuple[str | None, ...], categories: tuple[str, ...]) -> str | None:
    """The category an MoU between organisations of these kinds most likely
    belongs to: business-business when every party is an enterprise, a
    cooperative or a distributor and the event has that category."""
    if kinds and BUSINESS_BUSINESS in categories and all(kind in BUSINESS_KINDS for kind in kinds):
        return BUSINESS_BUSINESS
    return None


# Categories ---------------------------------------------------------------


@dataclass(frozen=True)
class CategoryInput:
    label_vi: object
    label_en: object
    code: object = ""


@dataclass(frozen=True)
class CleanCategory:
    """A category as ``clean_category`` accepted it ("" as the code of a renamed one)."""

    label_vi: str
    label_en: str
    code: str = ""


def category_code_from(label: str) -> str:
    """A code for a new category from its label: "Hợp tác xã với siêu thị" ->
    "hop-tac-xa-voi-sieu-thi"."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(label)).split()
    return "-".join(words)[:CATEGORY_CODE_MAX].strip("-")


def clean_category(data: CategoryInput, *, new: bool) -> CleanCategory:
    """Labels in both languages; for a new category a stable code too (taken
    from the English label when not given)."""
    errors = FieldErrors()
    label_vi = typed_text(errors, "label_vi", data.label_vi, CATEGORY_LABEL_MAX, required=True)
    label_en = typed_text(errors, "label_en", data.label_en, CATEGORY_LABEL_MAX, required=True)
    code = ""
    if new:
        code = data.code.strip().lower() if isinstance(data.code, str) else ""
        if not code:
            code = category_code_from(label_en or label_vi)
        if not code and not errors.fields:
            errors.add("code", Text("This field is required."))
        elif code and (len(code) > CATEGORY_CODE_MAX or not _CATEGORY_CODE.fullmatch(code)):
            errors.add(
                "code", Text("Lower-case letters, digits and dashes, at most %(limit)s characters.", {"limit": CATEGORY_CODE_MAX})
            )
    errors.raise_if_any()
    return CleanCategory(label_vi=label_vi, label_en=label_en, code=code)


# Filters ------------------------------------------------------------------


@dataclass(frozen=True)
class MouFilter:
    category: str = ""
    province: str = ""
    party: str = ""
    signed_from: date | None = None
    signed_to: date | None = None


def parse_filter(arguments: dict[str, str], categories: tuple[str, ...]) -> MouFilter:
    """Filters from a query string; an unknown value is an error, not ignored,
    so that a typo never silently shows every MoU."""
    errors = FieldErrors()
    category = optional_choice(errors, "category", arguments.get("category"), categories)
    province = (arguments.get("province") or "").strip()
    if province and province not in provinces.BY_CODE:
        errors.add("province", Text("Choose a province of Vietnam in force on the event's date."))

    def day(name: str) -> date | None:
        text = (arguments.get(name) or "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            errors.add(name, Text("Enter a date as YYYY-MM-DD."))
            return None

    signed_from, signed_to = day("signed_from"), day("signed_to")
    if signed_from and signed_to and signed_to < signed_from:
        errors.add("signed_to", Text("The end of the period is before its start."))
    errors.raise_if_any()
    return MouFilter(
        category=category,
        province=province,
        party=(arguments.get("party") or "").strip()[:200],
        signed_from=signed_from,
        signed_to=signed_to,
    )
