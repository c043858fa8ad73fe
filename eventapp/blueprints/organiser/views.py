from collections.abc import Sequence
from types import SimpleNamespace

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eventapp import i18n
from eventapp.blueprints.formtools import commit_or_explain, submit_form
from eventapp.blueprints.listing import filters_or_errors, page_number
from eventapp.blueprints.navigation import safe_next
from eventapp.blueprints.organiser.forms import DecisionForm, EventForm, ParticipantEditForm
from eventapp.blueprints.photo_uploads import photo_upload
from eventapp.blueprints.public.forms import product_form_data
from eventapp.blueprints.question_fields import answer_lines, stored_as_form_data, with_questions
from eventapp.domain.fields import ascii_number
from eventapp.domain.questions import Question
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import csrf, db
from eventapp.models import Participant
from eventapp.services import capacity, checkin_people, event_series, mail_log, product_photos, registration, self_service
from eventapp.services import events as event_service
from eventapp.services import participants as participant_service
from eventapp.services import questions as question_service
from eventapp.services.access import require_admin, require_event_role, staff_events
from eventapp.web import current_language

bp = Blueprint("organiser", __name__, url_prefix="/manage")


@bp.before_request
@login_required
def require_login() -> None:
    """Every page here is for signed-in staff; each view then checks the role
    at the event it touches."""


@bp.get("/")
def home():
    return render_template("organiser/home.html", events=staff_events(db.session, current_user))


@bp.get("/events/<int:event_id>/")
def event_overview(event_id: int):
    overview = participant_service.overview(db.session, current_user, event_id)
    return render_template("organiser/event.html", event=overview.event, overview=overview)


@bp.route("/events/new", methods=["GET", "POST"])
def event_create():
    require_admin(current_user)
    form = EventForm()
    form.setup(form.starts_on.data, current_language(), event_series.all_series(db.session))

    def page(errors: list[str]) -> str:
        return render_template("organiser/event_form.html", form=form, errors=errors, event=None)

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: event_service.create_event(db.session, current_user, form.to_input()),
            render=page,
            refused_status=200,
            success=_("Event created."),
            next_url=lambda event: url_for("organiser.event_overview", event_id=event.id),
        )
    return page([])


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def event_edit(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    form = EventForm(obj=None if request.method == "POST" else event)
    form.setup(form.starts_on.data or event.starts_on, current_language(), event_series.all_series(db.session))
    if request.method != "POST":
        form.show_admission(capacity.places_by_role(db.session, event_id), event.registration_closes_at, event.timezone)

    def page(errors: list[str]) -> str:
        return render_template("organiser/event_form.html", form=form, errors=errors, event=event)

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: event_service.update_event(db.session, current_user, event_id, form.to_input()),
            render=page,
            refused_status=200,
            success=_("Saved."),
            next_url=url_for("organiser.event_overview", event_id=event_id),
        )
    return page([])


@bp.get("/events/<int:event_id>/participants")
def participants(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    criteria, filter_errors = filters_or_errors(participant_service.parse_filter, participant_service.ParticipantFilter())
    page = participant_service.search(
        db.session, current_user, event_id, criteria, page=page_number(), per_page=current_app.config["PARTICIPANTS_PER_PAGE"]
    )
    return render_template(
        "organiser/participants.html",
        event=event,
        page=page,
        criteria=criteria,
        filter_errors=filter_errors,
        sorts=participant_service.SORTS,
        registration_changes=self_service.open_changes(db.session, current_user, event_id),
    )


@bp.post("/events/<int:event_id>/participants/decide")
def decide(event_id: int):
    form = DecisionForm()
    ids = [number for number in map(ascii_number, request.form.getlist("participant_ids")) if number]
    commit_or_explain(
        lambda: registration.decide(db.session, current_user, event_id, ids, form.decision.data or ""),
        lambda changed: ngettext(
            "%(num)d registration changed; each person is notified by e-mail.",
            "%(num)d registrations changed; each person is notified by e-mail.",
            changed,
        ),
    )
    return redirect(safe_next(request.form.get("next"), url_for("organiser.participants", event_id=event_id)))


@bp.get("/events/<int:event_id>/participants/<int:participant_id>")
def participant_detail(event_id: int, participant_id: int):
    participant = registration.get_participant(db.session, current_user, event_id, participant_id)
    return render_template(
        "organiser/participant.html",
        event=participant.event,
        participant=participant,
        door_entry=checkin_people.entry_of(db.session, participant),
        registration_change=self_service.open_change_of(db.session, current_user, event_id, participant),
        emails=mail_log.emails_of_event(db.session, current_user, event_id, participant_id=participant.id, per_page=100)[0],
        answers=answer_lines(question_service.shown_answers(db.session, participant), current_language()),
    )


@bp.post("/events/<int:event_id>/emails/<int:email_id>/resend")
def email_resend(event_id: int, email_id: int):
    commit_or_explain(
        lambda: mail_log.resend(db.session, current_user, event_id, email_id),
        lambda copy: _("The e-mail is being sent again to %(address)s.", address=copy.to_address),
    )
    return redirect(safe_next(request.form.get("next"), url_for("organiser.participants", event_id=event_id)))


@bp.post("/events/<int:event_id>/participants/<int:participant_id>/products/<int:product_id>/photos")
@csrf.exempt  # checked by photo_upload once the request's size is capped
def product_photo_add(event_id: int, participant_id: int, product_id: int):
    commit_or_explain(
        lambda: product_photos.add_photo(db.session, current_user, event_id, participant_id, product_id, photo_upload),
        lambda photo: _("Photo added to %(product)s.", product=photo.product.name),
    )
    return redirect(url_for("organiser.participant_edit", event_id=event_id, participant_id=participant_id) + "#photos")


@bp.post("/events/<int:event_id>/participants/<int:participant_id>/photos/<int:photo_id>/delete")
def product_photo_delete(event_id: int, participant_id: int, photo_id: int):
    commit_or_explain(
        lambda: product_photos.delete_photo(db.session, current_user, event_id, participant_id, photo_id),
        lambda photo: _("Photo of %(product)s deleted.", product=photo.product.name),
    )
    return redirect(url_for("organiser.participant_edit", event_id=event_id, participant_id=participant_id) + "#photos")


@bp.route("/events/<int:event_id>/participants/<int:participant_id>/edit", methods=["GET", "POST"])
def participant_edit(event_id: int, participant_id: int):
    participant = registration.get_participant(db.session, current_user, event_id, participant_id)
    event = participant.event
    asked = question_service.event_questions(db.session, event_id)
    form_class = with_questions(ParticipantEditForm, asked, current_language())
    form = form_class(obj=None if request.method == "POST" else _form_data(participant, asked))
    form.setup(event.starts_on, current_language(), list(i18n.PARTICIPANT_STATUSES.items()))

    def page(errors: list[str]) -> str:
        return render_template(
            "organiser/participant_edit.html",
            event=event,
            participant=participant,
            form=form,
            errors=errors,
            photo_limit=product_photos.PHOTOS_PER_PRODUCT,
        )

    if form.add_product.data:
        form.products.append_entry()
    elif form.validate_on_submit():
        return submit_form(
            form,
            lambda: registration.update_participant(
                db.session,
                current_user,
                event_id,
                participant_id,
                lambda current: form.to_input(booth=form.booth.data or None),
                status=form.status.data,
            ),
            render=page,
            refused_status=200,
            success=_("Saved."),
            next_url=url_for("organiser.participant_detail", event_id=event_id, participant_id=participant_id),
        )
    return page([])


def _form_data(participant: Participant, asked: Sequence[Question]) -> SimpleNamespace:
    """The stored participant in the shape the edit form reads."""
    organisation = participant.organisation
    return SimpleNamespace(
        role=participant.role,
        full_name=participant.full_name,
        position=participant.position,
        email=participant.email,
        phone=participant.phone,
        language=participant.language,
        booth=participant.booth,
        status=participant.status,
        organisation=SimpleNamespace(
            name=organisation.name, kind=organisation.kind, province=organisation.province, tax_code=organisation.tax_code
        ),
        products=[product_form_data(product) for product in participant.products]
        or [SimpleNamespace(name="", group="food", stars="3", description="")],
        answers=stored_as_form_data(asked, question_service.stored_answers(participant)),
    )
