"""A participant's own registration on their private page (change, cancel,
take away their data) and their link sent again from the event's page; the
organisers' answer to a change that waits for them."""

import json
from collections.abc import Sequence
from types import SimpleNamespace

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.blueprints.checkin.responses import PDF_CACHE, pdf_response
from eventapp.blueprints.formtools import FORM_EXPIRED, commit_or_explain, submit_form
from eventapp.blueprints.navigation import safe_next
from eventapp.blueprints.photo_uploads import photo_upload
from eventapp.blueprints.public.forms import held_product_form_data, product_form_data
from eventapp.blueprints.question_fields import stored_as_form_data, with_questions
from eventapp.blueprints.self_service.forms import CancelForm, LinkRequestForm, OwnRegistrationForm
from eventapp.domain.questions import Question
from eventapp.extensions import csrf, db
from eventapp.models import Event, Participant, RegistrationChange
from eventapp.services import my_data, product_photos, self_service
from eventapp.services import participants as participant_service
from eventapp.services import questions as question_service
from eventapp.services.self_service import CLOSED_STATUSES, EditOutcome
from eventapp.web import current_language

bp = Blueprint("self_service", __name__)


def _form_data(participant: Participant, change: RegistrationChange | None, asked: Sequence[Question]) -> SimpleNamespace:
    """The registration in the shape the form reads: as stored, with the
    change still waiting for the organisers written in (saving the form again
    keeps asking for it)."""
    organisation = participant.organisation
    products = [product_form_data(product) for product in participant.products]
    data = SimpleNamespace(
        role=participant.role,
        full_name=participant.full_name,
        position=participant.position,
        email=participant.email,
        phone=participant.phone,
        language=participant.language,
        organisation=SimpleNamespace(
            name=organisation.name, kind=organisation.kind, province=organisation.province, tax_code=organisation.tax_code
        ),
        products=products,
        answers=stored_as_form_data(asked, question_service.stored_answers(participant)),
    )
    if change is not None:
        held = self_service.held_change_of(change)
        data.role, data.full_name = held.role, held.full_name
        data.organisation = SimpleNamespace(**vars(held.organisation))
        if held.products is not None:
            data.products = [held_product_form_data(product) for product in held.products]
    data.products = data.products or [SimpleNamespace(name="", group="food", stars="", description="")]
    return data


def _saved(outcome: EditOutcome) -> str:
    if outcome.held is not None:
        return _(
            "Saved. The change to your name, organisation or participation goes to the organisers, "
            "who will confirm it by e-mail; until then your registration stays as approved."
        )
    return _("Your changes are saved.") if outcome.applied else _("Nothing was changed.")


def _home(participant: Participant) -> str:
    return url_for("public.participant_home", access_key=participant.access_key)


@bp.app_template_filter("change_field")
def change_field(field: str) -> str:
    return my_data.field_label(field)


@bp.app_template_filter("change_value")
def change_value(field: str, value: object, event: Event) -> str:
    return my_data.field_value(field, value, event.starts_on)


@bp.route("/p/<access_key>/edit", methods=["GET", "POST"])
def edit(access_key: str):
    participant = participant_service.participant_by_key(db.session, access_key)
    if participant.status in CLOSED_STATUSES:
        return redirect(_home(participant))
    event = participant.event
    change = self_service.open_change(db.session, participant)
    asked = question_service.event_questions(db.session, event.id)
    form_class = with_questions(OwnRegistrationForm, asked, current_language())
    form = form_class(obj=None if request.method == "POST" else _form_data(participant, change, asked))
    form.setup(event.starts_on, current_language(), self_service.self_service_roles(participant))

    def page(errors: list[str]) -> str:
        return render_template(
            "self_service/edit.html", participant=participant, event=event, form=form, errors=errors, change=change
        )

    if form.add_product.data:
        form.products.append_entry()
    elif form.validate_on_submit():
        return submit_form(
            form,
            lambda: self_service.edit_registration(db.session, access_key, form.to_input()),
            render=page,
            next_url=lambda outcome: _home(outcome.participant),
            success=_saved,
        )
    elif request.method == "POST":
        return page([str(FORM_EXPIRED)]), 422
    return page([])


@bp.route("/p/<access_key>/cancel", methods=["GET", "POST"])
def cancel(access_key: str):
    participant = participant_service.participant_by_key(db.session, access_key)
    if participant.status in CLOSED_STATUSES:
        return redirect(_home(participant))
    form = CancelForm()
    if form.validate_on_submit():
        commit_or_explain(
            lambda: self_service.cancel_registration(db.session, access_key),
            lambda cancelled: _("Your registration is cancelled. An e-mail confirms it."),
        )
        return redirect(_home(participant))
    status = 422 if request.method == "POST" else 200
    return render_template("self_service/cancel.html", participant=participant, event=participant.event, form=form), status


@bp.get("/p/<access_key>/my-data.json")
def my_data_json(access_key: str):
    participant, data = my_data.my_data(db.session, access_key)
    response = current_app.response_class(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="my-data-{participant.id}.json"'
    response.headers["Cache-Control"] = PDF_CACHE  # what we hold about someone is never cached
    return response


@bp.get("/p/<access_key>/my-data.pdf")
def my_data_pdf(access_key: str):
    participant, content = my_data.my_data_pdf_file(db.session, access_key, current_language())
    return pdf_response(content, f"my-data-{participant.id}.pdf", attachment=True)


@bp.post("/events/<int:event_id>/link")
def send_link(event_id: int):
    form = LinkRequestForm()
    back = url_for("public.event_page", event_id=event_id) + "#link-request"
    if not form.validate_on_submit():
        flash(str(FORM_EXPIRED), "danger")
        return redirect(back)
    commit_or_explain(
        lambda: self_service.send_link_again(db.session, event_id, form.email.data or "", current_language()),
        lambda sent: _(
            "If this address is registered for this event, the link to its page is on its way to it. "
            "Please look in your inbox, and in the spam folder."
        ),
        form,
    )
    return redirect(back)


@bp.post("/manage/events/<int:event_id>/registration-changes/<int:change_id>/accept", defaults={"accept": True})
@bp.post("/manage/events/<int:event_id>/registration-changes/<int:change_id>/decline", defaults={"accept": False})
@login_required
def decide_change(event_id: int, change_id: int, accept: bool):
    commit_or_explain(
        lambda: self_service.decide_change(db.session, current_user, event_id, change_id, accept),
        lambda change: (
            _("Change accepted: the registration now shows it. The participant is told by e-mail.")
            if accept
            else _("Change declined: the registration stays as approved. The participant is told by e-mail.")
        ),
    )
    return redirect(safe_next(request.form.get("next"), url_for("organiser.participants", event_id=event_id)))


@bp.post("/p/<access_key>/products/<int:product_id>/photos")
@csrf.exempt  # checked by photo_upload once the request's size is capped
def product_photo_add(access_key: str, product_id: int):
    commit_or_explain(
        lambda: product_photos.add_own_photo(db.session, access_key, product_id, photo_upload),
        lambda photo: _("Photo added to %(product)s.", product=photo.product.name),
    )
    return redirect(_home_by_key(access_key) + "#photos")


@bp.post("/p/<access_key>/photos/<int:photo_id>/delete")
def product_photo_delete(access_key: str, photo_id: int):
    commit_or_explain(
        lambda: product_photos.delete_own_photo(db.session, access_key, photo_id),
        lambda photo: _("Photo of %(product)s deleted.", product=photo.product.name),
    )
    return redirect(_home_by_key(access_key) + "#photos")


def _home_by_key(access_key: str) -> str:
    return url_for("public.participant_home", access_key=access_key)
