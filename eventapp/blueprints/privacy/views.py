"""Personal data as the law asks: the privacy notice (public, and edited by
the organisers), consents changed on the private page or typed in from
paper by the organisers, and erasure on request."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.blueprints.formtools import commit_or_explain, submit_form
from eventapp.blueprints.privacy.forms import CONSENT_METHODS, PURPOSE_LABELS, NoticeForm, OwnConsentForm, PaperConsentForm
from eventapp.domain.consents import CHANGEABLE_PURPOSES, PURPOSES
from eventapp.domain.fields import ascii_number
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.models import Participant
from eventapp.services import consents, erasure
from eventapp.services.access import get_event, require_event_role

bp = Blueprint("privacy", __name__)


@bp.app_context_processor
def consent_helpers() -> dict[str, object]:
    """What the consent snippets included in the participant pages read."""

    def own_consent_form(participant: Participant) -> OwnConsentForm:
        """The choices in force; a profile never asked about is shared as
        before (``consents.profile_shared``), and the box says so."""
        in_force = consents.current_choices(db.session, participant.id)
        shown = {purpose: in_force[purpose].granted for purpose in CHANGEABLE_PURPOSES if purpose in in_force}
        shown.setdefault("share_profile", True)
        return OwnConsentForm(formdata=None, data=shown)

    def consent_history(participant: Participant):
        return consents.history(db.session, participant.id)

    return {
        "own_consent_form": own_consent_form,
        "consent_history": consent_history,
        "CONSENT_PURPOSES": PURPOSES,
        "CONSENT_PURPOSE_LABELS": PURPOSE_LABELS,
        "CONSENT_METHODS": CONSENT_METHODS,
    }


@bp.get("/events/<int:event_id>/privacy")
def notice(event_id: int):
    event = get_event(db.session, event_id)
    version = ascii_number(request.args.get("version", ""))
    shown = consents.notice_of(db.session, event_id, version)
    return render_template("privacy/notice.html", event=event, notice=shown)


@bp.post("/p/<access_key>/consents")
def change_own(access_key: str):
    # CSRFProtect has checked the token of every POST before it gets here.
    form = OwnConsentForm()
    commit_or_explain(
        lambda: consents.change_own(db.session, access_key, form.choices()),
        lambda written: _("Your choices are saved and in force now.") if written else _("Nothing changed."),
    )
    return redirect(url_for("public.participant_home", access_key=access_key) + "#consents")


@bp.route("/manage/events/<int:event_id>/privacy", methods=["GET", "POST"])
@login_required
def edit_notice(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    current = consents.notice_of(db.session, event_id)
    form = NoticeForm(data={"text_vi": current.text_vi, "text_en": current.text_en} if request.method == "GET" else None)

    def page(errors: list[str]) -> str:
        return render_template(
            "privacy/edit_notice.html",
            event=event,
            form=form,
            errors=errors,
            current=current,
            versions=consents.versions(db.session, current_user, event_id),
        )

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: consents.update_notice(db.session, current_user, event_id, form.text_vi.data, form.text_en.data),
            render=page,
            success=lambda saved: _("Saved: version %(version)s of the privacy notice.", version=saved.version),
            next_url=url_for("privacy.edit_notice", event_id=event_id),
        )
    return page([])


@bp.post("/manage/events/<int:event_id>/participants/<int:participant_id>/consents")
@login_required
def record_on_paper(event_id: int, participant_id: int):
    form = PaperConsentForm()
    commit_or_explain(
        lambda: consents.record_on_paper(db.session, current_user, event_id, participant_id, form.choices()),
        lambda written: _("Consents given on paper are recorded.") if written else _("Nothing changed."),
        form,
    )
    return redirect(url_for("organiser.participant_detail", event_id=event_id, participant_id=participant_id) + "#consents")


@bp.post("/manage/events/<int:event_id>/participants/<int:participant_id>/erase")
@login_required
def erase(event_id: int, participant_id: int):
    require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    back = url_for("organiser.participant_detail", event_id=event_id, participant_id=participant_id)
    if request.form.get("confirm") != "y":
        flash(_("Tick the confirmation to erase this participant's personal data."), "danger")
        return redirect(back + "#erase")
    commit_or_explain(
        lambda: erasure.erase(db.session, current_user, event_id, participant_id),
        lambda erased: _("The personal data of participant %(id)s is erased.", id=erased.id),
    )
    return redirect(back)
