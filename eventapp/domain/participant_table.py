"""The participant list as a table: the columns organisers import and export.

One file format serves both ways, so an exported list imports into another
event unchanged. Headers are Vietnamese by default (``Họ và tên``) or the
English keys (``full_name``); either is recognised with or without tone marks,
in any case, with spaces, dashes or underscores. Values of the fixed
vocabularies are the machine codes (``exhibitor``) or their Vietnamese names
(``Đơn vị trưng bày``). These names are part of the file format, not of the
UI: they do not follow the translation catalogues.

Every row goes through the same checks as a registration
(``registration.clean_participant``); the import is all or nothing, so every
problem of every row is collected before anything is written.
"""

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter

from eventapp.domain import product_cells, product_groups, provinces
from eventapp.domain.contact import normalise_email
from eventapp.domain.errors import Message, Text, ValidationError
from eventapp.domain.questions import Question, answer_cell, answer_from_cell, label_key
from eventapp.domain.registration import OrganisationInput, ParticipantInput, ProductInput, clean_participant
from eventapp.domain.spreadsheets import BadCell, Cell, NumberCell, Sheet, is_blank, unguard_formula
from eventapp.domain.vocabulary import ParticipantStatus

DEFAULT_STATUS = ParticipantStatus.APPROVED.value  # organisers import people they already accepted
HEADER_SEARCH_ROWS = 10  # title lines ("DANH SÁCH ĐẠI BIỂU") above the header are skipped


@dataclass(frozen=True)
class Column:
    key: str  # the English header, and the name in the README
    vietnamese: str  # the Vietnamese header, written by default on export
    path: str  # the field path of registration errors
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", "full_name", True, ("Họ tên", "Full name", "Name")),
    Column("email", "Thư điện tử", "email", True, ("Email", "E-mail", "Địa chỉ email", "Địa chỉ thư điện tử")),
    Column("phone", "Điện thoại", "phone", False, ("Số điện thoại", "Điện thoại di động", "Phone", "Mobile")),
    Column("position", "Chức vụ", "position", False, ("Position",)),
    Column("role", "Tư cách tham dự", "role", True, ("Vai trò", "Role", "Participation")),
    Column("language", "Ngôn ngữ", "language", False, ("Language",)),
    Column("organisation_name", "Tên đơn vị", "organisation.name", True, ("Đơn vị", "Organisation", "Organisation name")),
    Column(
        "organisation_kind",
        "Loại hình đơn vị",
        "organisation.kind",
        True,
        ("Loại hình", "Organisation kind", "Organisation type"),
    ),
    Column("organisation_province", "Tỉnh/thành phố", "organisation.province", True, ("Tỉnh", "Tỉnh thành", "Province")),
    Column("organisation_tax_code", "Mã số thuế", "organisation.tax_code", False, ("MST", "Tax code")),
    Column("booth", "Gian hàng", "booth", False, ("Số gian hàng", "Booth")),
    Column("products", "Sản phẩm OCOP", "products", False, ("Sản phẩm", "Products")),
    Column("status", "Trạng thái", "status", False, ("Status",)),
)
BY_KEY = {column.key: column for column in COLUMNS}
_COLUMN_BY_PATH = {column.path: column.key for column in COLUMNS}
# Row numbers people put in the first column.
IGNORED_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "no", "#"})

# The Vietnamese names of the vocabularies, as written in exported files.
VIETNAMESE_VALUES: dict[str, dict[str, str]] = {
    "role": {
        "delegate": "Đại biểu",
        "exhibitor": "Đơn vị trưng bày",
        "buyer": "Nhà mua hàng",
        "press": "Báo chí",
        "speaker": "Diễn giả",
    },
    "language": {"vi": "Tiếng Việt", "en": "English"},
    "organisation_kind": {
        "government": "Cơ quan nhà nước",
        "enterprise": "Doanh nghiệp",
        "cooperative": "Hợp tác xã",
        "household": "Hộ kinh doanh",
        "distributor": "Nhà phân phối / chuỗi bán lẻ",
        "association": "Hiệp hội",
        "other": "Khác",
    },
    "status": {
        "pending": "Chờ duyệt",
        "approved": "Đã duyệt",
        "rejected": "Từ chối",
        "cancelled": "Đã hủy",
        "waitlisted": "Danh sách chờ",
    },
    "group": {
        "food": "Thực phẩm",
        "beverage": "Đồ uống",
        "herbal": "Thảo dược",
        "textile": "Vải và may mặc",
        "handicraft": "Lưu niệm - nội thất - trang trí",
        "ornamental": "Sinh vật cảnh",
        "tourism": "Dịch vụ du lịch nông thôn",
    },
}
# Other ways people write them.
_VALUE_ALIASES: dict[str, dict[str, str]] = {
    "role": {"Người trưng bày": "exhibitor", "Người mua": "buyer", "Nhà báo": "press"},
    "language": {"Tiếng Anh": "en", "Vietnamese": "vi", "Tiếng Việt Nam": "vi"},
    "organisation_kind": {
        "HTX": "cooperative",
        "Công ty": "enterprise",
        "Nhà phân phối": "distributor",
        "Chuỗi bán lẻ": "distributor",
        "Hộ gia đình": "household",
        "Cơ quan": "government",
    },
    "status": {"Đã hủy bỏ": "cancelled", "Bị từ chối": "rejected", "Chưa duyệt": "pending"},
    "group": {
        "Đồ uống có cồn": "beverage",
        "Dược liệu": "herbal",
        "Thủ công mỹ nghệ": "handicraft",
        "Du lịch": "tourism",
        "May mặc": "textile",
        # The names of the groups of Decision 148/QĐ-TTg (2023) and the full ones of 490/QĐ-TTg (2018).
        "Dược liệu và sản phẩm từ dược liệu": "herbal",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": "tourism",
        "Dịch vụ du lịch nông thôn, bán hàng": "tourism",
        "Cây cảnh": "ornamental",
    },
}


_VALUE_INDEX: dict[str, dict[str, str]] = {
    vocabulary: {
        **{label_key(code): code for code in names},
        **{label_key(name): code for code, name in names.items()},
        **{label_key(alias): code for alias, code in _VALUE_ALIASES[vocabulary].items()},
    }
    for vocabulary, names in VIETNAMESE_VALUES.items()
}


def _header_key(text: str) -> str:
    return label_key(text).replace("organization", "organisation")


_HEADER_INDEX: dict[str, str] = {
    _header_key(name): column.key for column in COLUMNS for name in (column.key, column.vietnamese, *column.aliases)
}


def fixed_header_keys() -> frozenset[str]:
    """The headers the fixed columns are known by (an event's question may
    not take one for its label: its answers would land in that column)."""
    return frozenset(_HEADER_INDEX) | IGNORED_HEADERS


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as the file writes it; "" when about the whole row
    message: Message
    product: int | None = None  # which product of the cell, counting from 1


class ImportRejected(ValidationError):
    """Some rows cannot be imported; nothing was written."""

    def __init__(self, row_errors: Sequence[RowError]) -> None:
        super().__init__(Text("Nothing was imported: correct the rows listed below and import the file again."))
        self.row_errors = tuple(row_errors)


@dataclass(frozen=True)
class Layout:
    """Where the header is and which column is which."""

    header_row: int
    positions: dict[str, int]  # column key -> index of its cell
    headers: dict[str, str]  # column key -> its header as written
    ignored: tuple[str, ...]  # headers of columns that are not read
    named: frozenset[int]  # indexes of the cells with a header, read or not
    question_labels: dict[str, str] = field(default_factory=dict)  # answers.<id> -> the question's label

    def label(self, key: str) -> str:
        return self.headers.get(key) or (BY_KEY[key].vietnamese if key in BY_KEY else self.question_labels.get(key, key))


@dataclass(frozen=True)
class ImportRow:
    number: int
    participant: ParticipantInput  # checked and normalised
    status: str


@dataclass(frozen=True)
class ParticipantTable:
    layout: Layout
    rows: tuple[ImportRow, ...]


def _file_error(message: Text) -> ValidationError:
    return ValidationError(message, {"file": message})


def question_key(question: Question) -> str:
    """A question's column key: its answers' error path."""
    return f"answers.{question.id}"


def _question_headers(questions: Sequence[Question]) -> dict[str, str]:
    """Each question's column is known by its label, Vietnamese or English."""
    index: dict[str, str] = {}
    for question in questions:
        for label in (question.label, question.label_en):
            if label:
                index.setdefault(label_key(label), question_key(question))
    return index


def find_layout(sheet: Sheet, questions: Sequence[Question] = ()) -> Layout:
    """The header: the first row naming every required column, among the
    first few rows of the file. The event's questions have a column each,
    by label."""
    asked = _question_headers(questions)
    best: tuple[int, set[int], dict[str, list[tuple[int, str]]], list[str]] | None = None
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        found: dict[str, list[tuple[int, str]]] = {}
        unknown: list[str] = []
        named: set[int] = set()
        for index, cell in enumerate(row.cells):
            text = cell.as_text() if isinstance(cell, NumberCell) else cell if isinstance(cell, str) else ""
            if not text.strip():
                continue
            named.add(index)
            key = _HEADER_INDEX.get(_header_key(text)) or asked.get(label_key(text))
            if key is not None:
                found.setdefault(key, []).append((index, text.strip()))
            elif _header_key(text) not in IGNORED_HEADERS:
                unknown.append(text.strip())
        if best is None or len(found) > len(best[2]):
            best = (row.number, named, found, unknown)
        if all(column.key in found for column in COLUMNS if column.required):
            break
    if best is None or len(best[2]) < 2:
        raise _file_error(
            Text(
                "The first row must name the columns, e.g. %(example)s.",
                {"example": ", ".join(column.vietnamese for column in COLUMNS[:5])},
            )
        )
    header_row, named, found, unknown = best
    missing = [column for column in COLUMNS if column.required and column.key not in found]
    if missing:
        raise _file_error(
            Text(
                "Required columns are missing: %(columns)s.",
                {"columns": ", ".join(f"{column.vietnamese} ({column.key})" for column in missing)},
            )
        )
    for key, places in found.items():
        if len(places) > 1:
            raise _file_error(
                Text(
                    "The columns %(columns)s all mean %(column)s; keep only one.",
                    {"columns": ", ".join(f"“{header}”" for _, header in places), "column": key},
                )
            )
    return Layout(
        header_row=header_row,
        positions={key: places[0][0] for key, places in found.items()},
        headers={key: places[0][1] for key, places in found.items()},
        ignored=tuple(unknown),
        named=frozenset(named),
        question_labels={question_key(q): q.label for q in questions},
    )


def read_participants(
    sheet: Sheet,
    *,
    event_day: date,
    taken_emails: Collection[str],
    max_rows: int,
    questions: Sequence[Question] = (),
) -> ParticipantTable:
    """Every row as a checked registration, or ``ImportRejected`` listing
    every problem of every row. ``taken_emails`` are the addresses already
    registered for the event; ``questions`` the event's own, whose answers
    are checked like the form's."""
    layout = find_layout(sheet, questions)
    data_rows = [row for row in sheet.rows if row.number > layout.header_row]
    if sheet.truncated or len(data_rows) > max_rows:
        raise _file_error(
            Text("The file has more than %(limit)s participant rows; split it into several files.", {"limit": max_rows})
        )
    if not data_rows:
        raise _file_error(Text("The file has a header row but no participants."))
    errors: list[RowError] = []
    rows: list[ImportRow] = []
    first_row_of: dict[str, int] = {}
    for sheet_row in data_rows:
        row_errors = _RowErrors(sheet_row.number, layout)
        participant, status, product_numbers = _parse_row(sheet_row.cells, layout, row_errors, questions)
        try:
            clean = clean_participant(participant, event_day=event_day, event_questions=questions)
        except ValidationError as error:
            clean = None
            for path, message in error.fields.items():
                key, product_index = _column_of(path)
                product = product_numbers[product_index] if product_index is not None else None
                row_errors.add(key, message, product)
        email = _normalised_email(participant.email)
        if email in taken_emails:
            row_errors.add("email", Text("This e-mail address is already registered for this event."))
        elif email in first_row_of:
            row_errors.add("email", Text("This e-mail address is also on row %(row)s.", {"row": first_row_of[email]}))
        elif email:
            first_row_of[email] = sheet_row.number
        found = row_errors.items
        if found or clean is None:
            errors.extend(found)
        else:
            rows.append(ImportRow(number=sheet_row.number, participant=clean, status=status))
    if errors:
        raise ImportRejected(errors)
    return ParticipantTable(layout=layout, rows=tuple(rows))


class _RowErrors:
    """The problems of one row, one per column (the first found is the one
    the user needs; products may have one each), in the file's column order."""

    def __init__(self, number: int, layout: Layout) -> None:
        self.number = number
        self.layout = layout
        self._found: list[tuple[int, RowError]] = []
        self._columns: set[str] = set()

    @property
    def items(self) -> list[RowError]:
        return [error for _, error in sorted(self._found, key=lambda item: (item[0], item[1].product or 0))]

    def add(self, key: str, message: Message, product: int | None = None) -> None:
        if key in self._columns and product is None:
            return
        self._columns.add(key)
        # Columns absent from the file (an exhibitor without a products column) come last.
        position = self.layout.positions.get(key, 10_000 + (list(BY_KEY).index(key) if key in BY_KEY else len(BY_KEY)))
        self._found.append((position, RowError(self.number, self.layout.label(key), message, product)))

    def add_cell(self, index: int, message: Text) -> None:
        self._found.append((index, RowError(self.number, get_column_letter(index + 1), message)))


def _column_of(path: str) -> tuple[str, int | None]:
    """Registration error path -> (column key, index of the product)."""
    match = re.match(r"products\[(\d+)\]", path)
    if match:
        return "products", int(match.group(1))
    return _COLUMN_BY_PATH.get(path, path), None


def _normalised_email(text: str) -> str:
    try:
        return normalise_email(text) if text.strip() else ""
    except ValueError:
        return ""


def _parse_row(
    cells: Sequence[Cell], layout: Layout, errors: _RowErrors, questions: Sequence[Question] = ()
) -> tuple[ParticipantInput, str, list[int]]:
    """The row as a registration to check, its status, and the number of
    each product passed on (products that cannot be read are left out)."""
    for index, cell in enumerate(cells):
        if index not in layout.named and not is_blank(cell):
            errors.add_cell(index, Text("This row has a value in a column without a header; check the row is not shifted."))
    values: dict[str, str] = {}
    for key, index in layout.positions.items():
        cell = cells[index] if index < len(cells) else ""
        if isinstance(cell, BadCell):
            errors.add(key, cell.message)
            values[key] = ""
        else:
            values[key] = _cell_text(key, cell)
    codes = {
        vocabulary: _vocabulary_code(vocabulary, values.get(vocabulary, ""), errors)
        for vocabulary in ("role", "language", "organisation_kind", "status")
    }
    products, product_numbers = _parse_products(values.get("products", ""), errors)
    participant = ParticipantInput(
        full_name=values.get("full_name", ""),
        email=values.get("email", ""),
        phone=values.get("phone") or None,
        position=values.get("position", ""),
        role=codes["role"],
        language=codes["language"] or "vi",
        booth=values.get("booth") or None,
        organisation=OrganisationInput(
            name=values.get("organisation_name", ""),
            kind=codes["organisation_kind"],
            province=values.get("organisation_province", ""),
            tax_code=values.get("organisation_tax_code") or None,
        ),
        products=products,
        answers={
            str(question.id): answer_from_cell(question, values[question_key(question)])
            for question in questions
            if question_key(question) in values
        },
    )
    return participant, codes["status"] or DEFAULT_STATUS, product_numbers


def _cell_text(key: str, cell: str | NumberCell) -> str:
    text = cell.as_text() if isinstance(cell, NumberCell) else unguard_formula(cell.strip())
    if key == "phone":
        return restore_phone_zero(text)
    if key == "organisation_tax_code":
        return restore_tax_code_zeros(text)
    return text


def restore_phone_zero(text: str) -> str:
    """A phone number Excel stored as a number has lost its leading 0
    (912345678 for 0912 345 678); put it back."""
    digits = re.sub(r"[\s.\-]", "", text)
    if digits.isdigit() and ((len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] == "2")):
        return "0" + digits
    return text


def restore_tax_code_zeros(text: str) -> str:
    """Tax codes of Hà Nội start with 0, and so do many citizen numbers: as
    numbers they lose it (101234567 for 0101234567)."""
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) in (9, 11):
        return "0" + digits
    return text


def _vocabulary_code(vocabulary: str, text: str, errors: _RowErrors) -> str:
    """The code ``text`` names; "" when blank (the checks say whether it may be)."""
    if not text:
        return ""
    code = _VALUE_INDEX[vocabulary].get(label_key(text))
    if code is None:
        errors.add(vocabulary, _unknown_value(vocabulary, text))
        return ""
    return code


def _unknown_value(vocabulary: str, text: str) -> Text:
    choices = "; ".join(f"{name} ({code})" for code, name in VIETNAMESE_VALUES[vocabulary].items())
    return Text("“%(value)s” is not a known value; write one of: %(choices)s.", {"value": text, "choices": choices})


# Products (the cell's format is in product_cells) ---------------------------


def _parse_products(text: str, errors: _RowErrors) -> tuple[tuple[ProductInput, ...], list[int]]:
    products: list[ProductInput] = []
    numbers: list[int] = []
    for number, parts in enumerate(product_cells.product_parts(text), start=1):
        if len(parts) not in (3, 4):
            errors.add("products", Text("Write each product as name|group|stars, e.g. Bánh pía sầu riêng|food|4."), number)
            continue
        name, group_text, stars_text = parts[:3]
        group = _VALUE_INDEX["group"].get(label_key(group_text), "")
        if not group:
            errors.add("products", _unknown_value("group", group_text) if group_text else Text("This field is required."), number)
            continue
        products.append(
            ProductInput(
                name=name,
                group=group,
                stars=product_cells.parse_stars(stars_text),
                description=parts[3] if len(parts) == 4 else "",
            )
        )
        numbers.append(number)
    return tuple(products), numbers


def format_products(products: Sequence[ProductInput], language: str, event_day: date) -> str:
    """The products cell; Vietnamese group names are those of the OCOP decision
    in force on the event's date."""

    def group(code: str) -> str:
        return product_groups.group_name(code, event_day, "vi") if language == "vi" else code

    return product_cells.format_products(products, group)


# Export ---------------------------------------------------------------------

HEADER_LANGUAGES = ("vi", "en")


def export_headers(language: str, questions: Sequence[Question] = ()) -> list[str]:
    """The fixed columns, then one per question headed by its label."""
    return [column.vietnamese if language == "vi" else column.key for column in COLUMNS] + [
        question.label_in(language) for question in questions
    ]


def export_row(
    participant: ParticipantInput, status: str, language: str, event_day: date, questions: Sequence[Question] = ()
) -> list[str]:
    """One participant in the import format: Vietnamese names of the values
    with Vietnamese headers, codes with English ones."""

    def value(vocabulary: str, code: str) -> str:
        return VIETNAMESE_VALUES[vocabulary][code] if language == "vi" else code

    organisation = participant.organisation
    return [
        participant.full_name,
        participant.email,
        participant.phone or "",
        participant.position,
        value("role", participant.role),
        value("language", participant.language),
        organisation.name,
        value("organisation_kind", organisation.kind),
        provinces.province_name(organisation.province, "vi") if language == "vi" else organisation.province,
        organisation.tax_code or "",
        participant.booth or "",
        format_products(participant.products, language, event_day),
        value("status", status),
    ] + [answer_cell(question, participant.answers.get(str(question.id)), language) for question in questions]


COLUMN_WIDTHS = (28, 32, 14, 22, 18, 12, 40, 22, 18, 15, 10, 60, 12)
QUESTION_COLUMN_WIDTH = 24
