"""What a registration must contain, checked and normalised before it is stored.

Field paths in errors use the API's names (``organisation.province``,
``products[1].stars``) so the same error can be shown on the web form or
returned as JSON.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from eventapp.domain import provinces
from eventapp.domain.contact import (
    PHONE_FORMAT,
    TAX_CODE_FORMAT,
    normalise_email,
    normalise_phone,
    normalise_tax_code,
)
from eventapp.domain.errors import Text
from eventapp.domain.fields import FieldErrors, choice, typed_text, whole_number
from eventapp.domain.vocabulary import (
    OCOP_STARS,
    Language,
    OrganisationKind,
    ParticipantRole,
    ProductGroup,
    values,
)

NAME_MAX = 200
POSITION_MAX = 200
DESCRIPTION_MAX = 2000
BOOTH_MAX = 20
MAX_PRODUCTS = 30


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    kind: str
    province: str
    tax_code: str | None = None


@dataclass(frozen=True)
class ProductInput:
    name: str
    group: str
    stars: int | str | None
    description: str = ""


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


def clean_organisation(errors: FieldErrors, prefix: str, data: OrganisationInput, event_day: date) -> OrganisationInput:
    name = typed_text(errors, f"{prefix}name", data.name, NAME_MAX, required=True)
    kind = choice(errors, f"{prefix}kind", data.kind, values(OrganisationKind))
    province_code = ""
    if not (isinstance(data.province, str) and data.province.strip()):
        errors.add(f"{prefix}province", Text("This field is required."))
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


def clean_product(errors: FieldErrors, prefix: str, data: ProductInput) -> ProductInput:
    name = typed_text(errors, f"{prefix}name", data.name, NAME_MAX, required=True)
    group = choice(errors, f"{prefix}group", data.group, values(ProductGroup))
    stars: int | None = None
    number = whole_number(data.stars)
    if number in OCOP_STARS:
        stars = number
    else:
        errors.add(f"{prefix}stars", Text("An OCOP rating is 3, 4 or 5 stars."))
    description = typed_text(errors, f"{prefix}description", data.description, DESCRIPTION_MAX, required=False)
    return ProductInput(name=name, group=group, stars=stars, description=description)


def clean_participant(
    data: ParticipantInput, *, event_day: date, allowed_roles: tuple[str, ...] = values(ParticipantRole)
) -> ParticipantInput:
    """The registration, normalised, or ``ValidationError`` naming every bad field."""
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
        products = [clean_product(errors, f"products[{index}].", product) for index, product in enumerate(data.products)]
    role_known = "role" not in errors.fields
    if role_known and role == ParticipantRole.EXHIBITOR and not products:
        errors.add("products", Text("An exhibitor lists at least one OCOP product."))
    if role_known and role != ParticipantRole.EXHIBITOR and products:
        errors.add("products", Text("Only exhibitors list products."))
    names = [product.name.casefold() for product in products if product.name]
    if len(names) != len(set(names)):
        errors.add("products", Text("Each product is listed once."))
    errors.raise_if_any()
    return replace(
        data,
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
