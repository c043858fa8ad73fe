"""What a registration must contain, checked and normalised before it is stored.

Field paths in errors use the API's names (``organisation.province``,
``products[1].stars``) so the same error can be shown on the web form or
returned as JSON.
"""

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from eventapp.domain import product_groups, provinces, questions
from eventapp.domain.contact import (
    PHONE_FORMAT,
    TAX_CODE_FORMAT,
    normalise_email,
    normalise_phone,
    normalise_tax_code,
)
from eventapp.domain.errors import Text
from eventapp.domain.fields import FieldErrors, choice, parse_day, typed_text, whole_number
from eventapp.domain.vocabulary import (
    OCOP_CERTIFICATE_MONTHS,
    OCOP_STARS,
    Language,
    OrganisationKind,
    ParticipantRole,
    values,
)

NAME_MAX = 200
POSITION_MAX = 200
DESCRIPTION_MAX = 2000
BOOTH_MAX = 20
MAX_PRODUCTS = 30
CERTIFICATE_NUMBER_MAX = 60
CERTIFICATE_ISSUER_MAX = 200


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    kind: str
    province: str
    tax_code: str | None = None


@dataclass(frozen=True)
class CertificateInput:
    """The OCOP certificate of a product: the decision that rated it."""

    number: str
    issued_on: date | str | None
    issued_by: str


@dataclass(frozen=True)
class ProductInput:
    name: str
    group: str
    stars: int | str | None
    description: str = ""
    certificate: CertificateInput | None = None
    # The stored product a form row edits (None: a new one): a renamed product
    # stays the same row, with its photos.
    id: int | None = None


def certificate_expires_on(issued_on: date) -> date:
    """The last day a certificate of ``issued_on`` is valid: 36 months on
    (a certificate of 31 May ends on the last day of its month)."""
    months = issued_on.month - 1 + OCOP_CERTIFICATE_MONTHS
    year, month = issued_on.year + months // 12, months % 12 + 1
    return date(year, month, min(issued_on.day, calendar.monthrange(year, month)[1]))


def certificate_expired(issued_on: date, day: date) -> bool:
    """Whether a certificate of ``issued_on`` had run out by ``day``."""
    return day > certificate_expires_on(issued_on)


@dataclass(frozen=True)
class ParticipantInput:
    full_name: str
    email: str
    role: str
    organisation: OrganisationInput
    phone: str | None = None
    position: str = ""
    language: str = Language.VI.value
    booth: str | None = None
    products: tuple[ProductInput, ...] = field(default_factory=tuple)
    # The answers to the event's own questions, keyed by the question's id as text.
    answers: Mapping[str, object] = field(default_factory=dict)


def clean_organisation(errors: FieldErrors, prefix: str, data: OrganisationInput, event_day: date) -> OrganisationInput:
    name = typed_text(errors, f"{prefix}name", data.name, NAME_MAX, required=True)
    kind = choice(errors, f"{prefix}kind", data.kind, values(OrganisationKind))
    province_code = ""
    if not (isinstance(data.province, str) and data.province.strip()):
        errors.add(f"{prefix}province", Text("Choose a province or city."))
    else:
        found = provinces.find_province(data.province, event_day)
        if found is None:
            errors.add(f"{prefix}province", Text("Choose a province of Vietnam in force on the event's date."))
        else:
            province_code = found.code
    tax_code = None
    if isinstance(data.tax_code, str) and data.tax_code.strip():
        try:
            tax_code = normalise_tax_code(data.tax_code)
        except ValueError as error:
            errors.add(f"{prefix}tax_code", error.args[0])
    elif data.tax_code is not None and not isinstance(data.tax_code, str):
        errors.add(f"{prefix}tax_code", TAX_CODE_FORMAT)
    return OrganisationInput(name=name, kind=kind, province=province_code, tax_code=tax_code)


def clean_certificate(errors: FieldErrors, prefix: str, data: CertificateInput) -> CertificateInput:
    number = typed_text(errors, f"{prefix}number", data.number, CERTIFICATE_NUMBER_MAX, required=True)
    issued_by = typed_text(errors, f"{prefix}issued_by", data.issued_by, CERTIFICATE_ISSUER_MAX, required=True)
    issued_on = parse_day(data.issued_on)
    if issued_on is None:
        errors.add(f"{prefix}issued_on", Text("Enter the date of the decision as YYYY-MM-DD."))
    return CertificateInput(number=number, issued_on=issued_on, issued_by=issued_by)


def clean_product(errors: FieldErrors, prefix: str, data: ProductInput, event_day: date) -> ProductInput:
    name = typed_text(errors, f"{prefix}name", data.name, NAME_MAX, required=True)
    group = product_groups.clean_group(errors, f"{prefix}group", data.group, event_day)
    stars: int | None = None
    number = whole_number(data.stars)
    if number in OCOP_STARS:
        stars = number
    elif data.stars in (None, ""):
        errors.add(f"{prefix}stars", Text("Choose the product's OCOP rating: 3, 4 or 5 stars."))
    else:
        errors.add(f"{prefix}stars", Text("An OCOP rating is 3, 4 or 5 stars."))
    description = typed_text(errors, f"{prefix}description", data.description, DESCRIPTION_MAX, required=False)
    certificate = None
    if data.certificate is not None:
        certificate = clean_certificate(errors, f"{prefix}certificate.", data.certificate)
    known = data.id if isinstance(data.id, int) and not isinstance(data.id, bool) else None
    return ProductInput(name=name, group=group, stars=stars, description=description, certificate=certificate, id=known)


def clean_participant(
    data: ParticipantInput,
    *,
    event_day: date,
    allowed_roles: tuple[str, ...] = values(ParticipantRole),
    event_questions: Sequence[questions.Question] = (),
    require_answers: bool = True,
) -> ParticipantInput:
    """The registration, normalised, or ``ValidationError`` naming every bad
    field. The answers are those to the ``event_questions`` the role sees
    (``domain/questions``); ``require_answers`` False lets required ones stay
    unanswered."""
    errors = FieldErrors()
    full_name = typed_text(errors, "full_name", data.full_name, NAME_MAX, required=True)
    email = ""
    if not (isinstance(data.email, str) and data.email.strip()):
        errors.add("email", Text("This field is required."))
    else:
        try:
            email = normalise_email(data.email)
        except ValueError as error:
            errors.add("email", error.args[0])
    phone = None
    if isinstance(data.phone, str) and data.phone.strip():
        try:
            phone = normalise_phone(data.phone)
        except ValueError as error:
            errors.add("phone", error.args[0])
    elif data.phone is not None and not isinstance(data.phone, str):
        errors.add("phone", PHONE_FORMAT)
    position = typed_text(errors, "position", data.position, POSITION_MAX, required=False)
    role = choice(errors, "role", data.role, allowed_roles)
    language = choice(errors, "language", data.language or Language.VI.value, values(Language))
    booth = typed_text(errors, "booth", data.booth or "", BOOTH_MAX, required=False) or None
    organisation = clean_organisation(errors, "organisation.", data.organisation, event_day)

    products: list[ProductInput] = []
    if len(data.products) > MAX_PRODUCTS:
        errors.add("products", Text("At most %(limit)s products.", {"limit": MAX_PRODUCTS}))
    else:
        products = [
            clean_product(errors, f"products[{index}].", product, event_day) for index, product in enumerate(data.products)
        ]
    role_known = "role" not in errors.fields
    if role_known and role == ParticipantRole.EXHIBITOR and not products:
        errors.add("products", Text("An exhibitor lists at least one OCOP product."))
    if role_known and role != ParticipantRole.EXHIBITOR and products:
        errors.add("products", Text("Only exhibitors list products."))
    names = [product.name.casefold() for product in products if product.name]
    if len(names) != len(set(names)):
        errors.add("products", Text("Each product is listed once."))
    answers = questions.clean_answers(errors, event_questions, role, data.answers, require=require_answers)
    errors.raise_if_any()
    return replace(
        data,
        answers=answers,
        full_name=full_name,
        email=email,
        phone=phone,
        position=position,
        role=role,
        language=language,
        booth=booth,
        organisation=organisation,
        products=tuple(products),
    )
