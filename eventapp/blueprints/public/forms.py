import re
from datetime import date
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.validators import StopValidation

from eventapp import i18n
from eventapp.blueprints.formtools import options
from eventapp.blueprints.privacy.forms import ConsentFields
from eventapp.blueprints.question_fields import answers_sent
from eventapp.domain import provinces
from eventapp.domain.fields import ascii_number
from eventapp.domain.registration import (
    CERTIFICATE_ISSUER_MAX,
    CERTIFICATE_NUMBER_MAX,
    CertificateInput,
    OrganisationInput,
    ParticipantInput,
    ProductInput,
)
from eventapp.domain.vocabulary import SELF_REGISTRATION_ROLES, OrganisationKind, ParticipantRole, ProductGroup

PRODUCT_PATH = re.compile(r"products\[(?P<index>\d+)\](?P<rest>.*)")


class CertificateForm(Form):
    """The decision that rated a product: all three or none (the domain says which is missing)."""

    number = StringField(_l("Decision number"), render_kw={"maxlength": CERTIFICATE_NUMBER_MAX, "placeholder": "1234/QĐ-UBND"})
    # A browser's date picker sends YYYY-MM-DD, which the domain reads; typed text is checked there too.
    issued_on = StringField(_l("Date of the decision"), render_kw={"type": "date"})
    issued_by = StringField(
        _l("Issued by"),
        render_kw={"maxlength": CERTIFICATE_ISSUER_MAX, "placeholder": _l("e.g. People's Committee of Sóc Trăng")},
    )

    def is_blank(self) -> bool:
        return not any((field.data or "").strip() for field in (self.number, self.issued_on, self.issued_by))

    def to_input(self) -> CertificateInput | None:
        if self.is_blank():
            return None
        return CertificateInput(
            number=self.number.data or "",
            issued_on=(self.issued_on.data or "").strip() or None,
            issued_by=self.issued_by.data or "",
        )


class ProductForm(Form):
    name = StringField(_l("Product name"), render_kw={"maxlength": 200})
    group = SelectField(
        _l("OCOP product group"),
        validate_choice=False,
        choices=options((g.value, i18n.PRODUCT_GROUPS[g.value]) for g in ProductGroup),
    )
    # No default: a 4-star producer who skips it must not register as 3-star.
    stars = SelectField(
        _l("OCOP rating"),
        validate_choice=False,
        choices=options([("", _l("— choose —")), ("3", _l("3 stars")), ("4", _l("4 stars")), ("5", _l("5 stars"))]),
    )
    description = TextAreaField(_l("Short description"), render_kw={"rows": 2, "maxlength": 2000})
    certificate = FormField(CertificateForm)
    # Which stored product this row edits; empty on a new row.
    product_id = HiddenField()

    def to_input(self) -> ProductInput:
        return ProductInput(
            name=self.name.data or "",
            group=self.group.data or "",
            stars=self.stars.data,
            description=self.description.data or "",
            certificate=self.certificate.form.to_input(),
            id=ascii_number(self.product_id.data or ""),
        )

    def is_blank(self) -> bool:
        """Nothing typed: no name, description or certificate (the selects always hold a value)."""
        return (
            not (self.name.data or "").strip() and not (self.description.data or "").strip() and self.certificate.form.is_blank()
        )


def held_product_form_data(product: ProductInput) -> SimpleNamespace:
    """A product of a change waiting for the organisers, in the shape its row reads."""
    certificate = product.certificate
    return SimpleNamespace(
        product_id="" if product.id is None else str(product.id),
        name=product.name,
        group=product.group,
        stars=str(product.stars),
        description=product.description,
        certificate=SimpleNamespace(
            number=certificate.number if certificate else "",
            issued_on=str(certificate.issued_on or "") if certificate else "",
            issued_by=certificate.issued_by if certificate else "",
        ),
    )


def product_form_data(product) -> SimpleNamespace:
    """A stored product in the shape its row of the form reads."""
    return SimpleNamespace(
        product_id=str(product.id),
        name=product.name,
        group=product.group,
        stars=str(product.stars),
        description=product.description,
        certificate=SimpleNamespace(
            number=product.certificate_number or "",
            issued_on=product.certificate_issued_on.isoformat() if product.certificate_issued_on else "",
            issued_by=product.certificate_issued_by or "",
        ),
    )


class OrganisationForm(Form):
    name = StringField(_l("Organisation name"), render_kw={"maxlength": 200, "autocomplete": "organization"})
    kind = SelectField(
        _l("Type of organisation"),
        validate_choice=False,
        choices=options([("", _l("— choose —"))] + [(k.value, i18n.ORGANISATION_KINDS[k.value]) for k in OrganisationKind]),
    )
    province = SelectField(_l("Province / city"), validate_choice=False)
    tax_code = StringField(_l("Tax code (optional)"), render_kw={"inputmode": "numeric", "maxlength": 14})

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.name.data or "",
            kind=self.kind.data or "",
            province=self.province.data or "",
            tax_code=self.tax_code.data or None,
        )


class ParticipantFields(FlaskForm):
    """Person, organisation and products: the public form and the organiser's
    edit form share these."""

    role = RadioField(_l("I attend as"), validate_choice=False)
    full_name = StringField(_l("Full name"), render_kw={"maxlength": 200, "autocomplete": "name"})
    position = StringField(_l("Position"), render_kw={"maxlength": 200, "autocomplete": "organization-title"})
    email = EmailField(_l("E-mail"), render_kw={"maxlength": 254, "autocomplete": "email"})
    phone = TelField(_l("Mobile phone"), render_kw={"autocomplete": "tel", "inputmode": "tel"})
    language = RadioField(
        _l("Language for e-mails and badge"), validate_choice=False, choices=options(i18n.LANGUAGES.items()), default="vi"
    )
    organisation = FormField(OrganisationForm)
    # The domain limits the number of products, with a message people understand.
    products = FieldList(FormField(ProductForm), min_entries=1)
    add_product = SubmitField(_l("Add another product"))

    product_rows: list[int] = []

    def field_path(self, path: str) -> str:
        """The form's own row for a domain error about ``products[k]``: the
        domain counts only the rows that were not blank."""
        match = PRODUCT_PATH.match(path)
        if match is None or int(match["index"]) >= len(self.product_rows):
            return path
        return f"products[{self.product_rows[int(match['index'])]}]{match['rest']}"

    def setup_choices(self, event_day: date, language: str, roles: tuple[str, ...]) -> None:
        self.role.choices = options((role, i18n.PARTICIPANT_ROLES[role]) for role in roles)
        self.organisation.form.province.choices = options(
            [("", _l("— choose —"))] + [(p.code, p.name(language)) for p in provinces.provinces_on(event_day)]
        )

    def to_input(self, booth: str | None = None) -> ParticipantInput:
        role = self.role.data or ""
        # Blank rows are left out; a row with a description but no name is
        # kept, so that the domain names what is missing on that row.
        self.product_rows = [index for index, entry in enumerate(self.products.entries) if not entry.form.is_blank()]
        products = tuple(self.products.entries[index].form.to_input() for index in self.product_rows)
        return ParticipantInput(
            full_name=self.full_name.data or "",
            email=self.email.data or "",
            phone=self.phone.data or None,
            position=self.position.data or "",
            role=role,
            language=self.language.data or "vi",
            booth=booth,
            organisation=self.organisation.form.to_input(),
            products=products if role == ParticipantRole.EXHIBITOR else (),
            answers=answers_sent(self),
        )


def _left_empty(form: Form, field: StringField) -> None:
    if field.data:
        raise StopValidation(_l("Leave this field empty."))


class RegistrationForm(ParticipantFields):
    # A honeypot: hidden from people (and their browsers' autofill), filled by
    # scripts that fill every field. Such a form registers nobody and mails nobody.
    website = StringField(_l("Leave this field empty"), validators=[_left_empty])
    consents = FormField(ConsentFields)
    submit = SubmitField(_l("Register"))

    def setup(self, event_day: date, language: str) -> None:
        self.setup_choices(event_day, language, tuple(SELF_REGISTRATION_ROLES))
