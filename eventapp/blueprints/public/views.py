from flask import Blueprint, current_app, render_template, send_from_directory, url_for

from eventapp.blueprints.formtools import submit_form
from eventapp.blueprints.public.forms import RegistrationForm
from eventapp.blueprints.question_fields import answer_lines, with_questions
from eventapp.domain.vocabulary import ParticipantRole
from eventapp.extensions import db
from eventapp.services import consents, product_photos, registration, self_service
from eventapp.services import events as event_service
from eventapp.services import participants as participant_service
from eventapp.services import questions as question_service
from eventapp.services.access import get_event
from eventapp.web import current_language

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html", events=event_service.public_events(db.session))


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for it at the root whatever the page says.
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=7 * 86400)


@bp.get("/events/<int:event_id>")
def event_page(event_id: int):
    return render_template("public/event.html", event=get_event(db.session, event_id))


@bp.route("/events/<int:event_id>/register", methods=["GET", "POST"])
def register(event_id: int):
    event = get_event(db.session, event_id)
    if not event.takes_public_registrations():
        return render_template("public/register_closed.html", event=event), 403
    form = with_questions(RegistrationForm, question_service.event_questions(db.session, event_id), current_language())()
    form.setup(event.starts_on, current_language())

    def page(errors: list[str]) -> str:
        return render_template(
            "public/register.html", event=event, form=form, errors=errors, notice=consents.notice_of(db.session, event_id)
        )

    if form.add_product.data:
        # Without JavaScript the page adds a product row by sending the form back.
        form.products.append_entry()
    elif form.validate_on_submit():
        return submit_form(
            form,
            lambda: registration.register(db.session, None, event_id, form.to_input(), form.consents.form.choices()),
            render=page,
            refused_status=200,
            next_url=lambda participant: url_for("public.participant_home", access_key=participant.access_key, registered=1),
        )
    return page([])


@bp.get("/p/<access_key>")
def participant_home(access_key: str):
    participant = participant_service.participant_by_key(db.session, access_key)
    return render_template(
        "public/participant.html",
        participant=participant,
        event=participant.event,
        participant_change=self_service.open_change(db.session, participant),
        answers=answer_lines(question_service.shown_answers(db.session, participant), current_language()),
        photo_limit=product_photos.PHOTOS_PER_PRODUCT,
        photos_open=participant.role == ParticipantRole.EXHIBITOR and participant.status not in product_photos.CLOSED,
    )
