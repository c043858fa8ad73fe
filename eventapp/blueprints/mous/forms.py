from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp import i18n
from eventapp.blueprints.formtools import options
from eventapp.domain import provinces
from eventapp.domain.mou_stats import format_number
from eventapp.domain.mous import MAX_PARTIES, CategoryInput, MouInput, PartyInput
from eventapp.domain.vocabulary import OrganisationKind, ProductGroup
from eventapp.models.mou import Mou, MouCategory
from eventapp.services.mous import MouDraft


class PartyForm(Form):
    name = StringField(_l("Organisation"), render_kw={"maxlength": 200, "list": "event-organisations", "autocomplete": "off"})
    kind = SelectField(_l("Type (new organisation)"), validate_choice=False)
    province = SelectField(_l("Province / city (new organisation)"), validate_choice=False)

    def to_input(self) -> PartyInput:
        return PartyInput(name=self.name.data or "", kind=self.kind.data or None, province=self.province.data or None)


class MouForm(FlaskForm):
    title = StringField(_l("Title of the MoU"), render_kw={"maxlength": 300})
    category = SelectField(_l("Category"), validate_choice=False)
    signed_on = StringField(_l("Signed on"), render_kw={"type": "date"})
    value_vnd = StringField(_l("Committed value (đồng, optional)"), render_kw={"inputmode": "numeric", "maxlength": 30})
    product_groups = SelectMultipleField(
        _l("OCOP product groups concerned"),
        validate_choice=False,
        choices=options((group.value, i18n.PRODUCT_GROUPS[group.value]) for group in ProductGroup),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 3, "maxlength": 4000})
    meeting_id = SelectField(_l("Meeting that led to it"), validate_choice=False)
    parties = FieldList(FormField(PartyForm), min_entries=2, max_entries=MAX_PARTIES)
    document = FileField(
        _l("Scanned signed copy (PDF, JPEG or PNG)"), render_kw={"accept": "application/pdf,image/jpeg,image/png"}
    )
    remove_document = BooleanField(_l("Remove the scanned copy kept now"))
    add_party = SubmitField(_l("Add another party"))
    submit = SubmitField(_l("Save the MoU"))

    def setup(self, categories: list[MouCategory], event_day: date, language: str, meetings: list[tuple[int, str]]) -> None:
        """Choices: the event's categories, kinds and provinces of a new party,
        and ``meetings`` (id, label) an MoU may come from."""
        self.category.choices = options((category.code, category.label(language)) for category in categories)
        self.meeting_id.choices = options([("", _l("— none —"))] + meetings)
        kinds = options(
            [("", _l("— existing organisation —"))]
            + [(kind.value, i18n.ORGANISATION_KINDS[kind.value]) for kind in OrganisationKind]
        )
        places = options([("", "—")] + [(p.code, p.name(language)) for p in provinces.provinces_on(event_day)])
        for entry in self.parties.entries:
            entry.form.kind.choices = kinds
            entry.form.province.choices = places

    def fill(self, mou: Mou, language: str) -> None:
        """Show the stored MoU (GET of the edit page)."""
        self.title.data, self.category.data = mou.title, mou.category.code
        self.signed_on.data = mou.signed_on.isoformat()
        self.value_vnd.data = format_number(mou.value_vnd, language) if mou.value_vnd is not None else ""
        self.product_groups.data = mou.product_group_codes
        self.notes.data = mou.notes
        self.meeting_id.data = str(mou.meeting_id or "")
        self._fill_parties(
            [
                PartyInput(name=party.organisation.name, kind=party.organisation.kind, province=party.organisation.province)
                for party in mou.parties
            ]
        )

    def start_from(self, draft: MouDraft) -> None:
        """A new MoU from the meeting it came from: that meeting, its parties
        and its likely category."""
        self.category.data = draft.category
        self.meeting_id.data = str(draft.meeting_id)
        self._fill_parties(list(draft.parties))

    def _fill_parties(self, parties: list[PartyInput]) -> None:
        while len(self.parties.entries) < len(parties):
            self.parties.append_entry()
        for entry, party in zip(self.parties.entries, parties, strict=False):
            entry.form.name.data = party.name
            entry.form.kind.data = party.kind
            entry.form.province.data = party.province

    def to_input(self) -> MouInput:
        return MouInput(
            title=self.title.data or "",
            category=self.category.data or "",
            signed_on=self.signed_on.data or "",
            value_vnd=self.value_vnd.data or None,
            product_groups=tuple(self.product_groups.data or ()),
            notes=self.notes.data or "",
            meeting_id=self.meeting_id.data or None,
            parties=tuple(entry.form.to_input() for entry in self.parties.entries if (entry.form.name.data or "").strip()),
        )


class CategoryForm(FlaskForm):
    label_vi = StringField(_l("Label in Vietnamese"), render_kw={"maxlength": 120})
    label_en = StringField(_l("Label in English"), render_kw={"maxlength": 120})
    code = StringField(_l("Code (optional)"), render_kw={"maxlength": 40, "pattern": "[a-z0-9-]*"})
    submit = SubmitField(_l("Save"))

    def to_input(self) -> CategoryInput:
        return CategoryInput(label_vi=self.label_vi.data or "", label_en=self.label_en.data or "", code=self.code.data or "")
