from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp import i18n
from eventapp.blueprints.checkin.forms import BadgeBatchForm, CheckinListForm
from eventapp.blueprints.checkin.responses import pdf_response
from eventapp.blueprints.checkin.texts import DASHBOARD_TEXTS, SCAN_TEXTS, list_rules, page_texts
from eventapp.blueprints.formtools import submit_form
from eventapp.domain.badge_pdf import SheetLayout
from eventapp.domain.checkin_lists import days_of
from eventapp.domain.errors import NotFound, ValidationError
from eventapp.domain.fields import ascii_number
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.services import badge_jobs, badges, checkin_lists, checkin_stats
from eventapp.services.access import event_roles, require_event_role
from eventapp.services.participants import parse_filter
from eventapp.web import current_language

bp = Blueprint("checkin", __name__)


@bp.get("/p/<access_key>/badge.pdf")
def own_badge(access_key: str):
    participant, content = badges.own_badge(db.session, access_key, request.args.get("lang"))
    return pdf_response(content, f"badge-{participant.id}.pdf", attachment=False)


@bp.get("/manage/events/<int:event_id>/checkin")
def scan(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.CHECKIN})
    language = current_language()
    lists = checkin_lists.lists_of(db.session, current_user, event_id)
    return render_template(
        "checkin/scan.html",
        event=event,
        lists=lists,
        page_data={
            **page_texts(SCAN_TEXTS),
            "lists": [
                {
                    "id": checkin_list.id,
                    "name": checkin_list.name_in(language),
                    "rules": list_rules(checkin_list),
                    "days": [day.isoformat() for day in checkin_list.days],
                    "roles": checkin_list.roles,
                    "allow_reentry": checkin_list.allow_reentry,
                    "is_default": checkin_list.is_default,
                }
                for checkin_list in lists
            ],
            "event_days": [day.isoformat() for day in days_of(event.starts_on, event.ends_on)],
        },
        roles_held=event_roles(db.session, current_user, event_id),
    )


# What the scan page loads, kept by its service worker for offline reloads.
SCAN_PAGE_ASSETS = (
    "vendor/bootstrap-5.3.9/css/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/js/bootstrap.bundle.min.js",
    "css/app.css",
    "css/checkin.css",
    "fonts/BeVietnamPro-Regular.ttf",
    "fonts/BeVietnamPro-Bold.ttf",
    "vendor/html5-qrcode-2.3.8/html5-qrcode.min.js",
    "js/qr-camera.js",
    "js/checkin-scan.js",
)


@bp.get("/manage/events/<int:event_id>/checkin-sw.js")
def scan_service_worker(event_id: int):
    """Served from the event's folder, so it may look after the scan page there."""
    event = require_event_role(db.session, current_user, event_id, {EventRole.CHECKIN})
    prefix = f"eventapp-checkin-{event.id}-"  # one cache per event and account on the device
    script = render_template(
        "checkin/service_worker.js",
        cache_prefix=prefix,
        cache_name=f"{prefix}{current_user.get_id()}",
        page=url_for("checkin.scan", event_id=event.id),
        assets=[url_for("static", filename=asset) for asset in SCAN_PAGE_ASSETS],
    )
    return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


@bp.get("/manage/events/<int:event_id>/arrivals")
def dashboard(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER, EventRole.OFFICIAL})
    selection = {key: request.args[key] for key in ("day", "list_id") if request.args.get(key)}
    try:
        figures = checkin_stats.stats(db.session, current_user, event_id, selection)
    except ValidationError as refused:  # an address typed or kept from before: show everything, and say why
        for message in refused.fields.values():
            flash(i18n.render(message), "warning")
        selection = {}
        figures = checkin_stats.stats(db.session, current_user, event_id)
    return render_template(
        "checkin/dashboard.html",
        event=event,
        figures=figures,
        selection=selection,
        event_days=days_of(event.starts_on, event.ends_on),
        page_data=page_texts(DASHBOARD_TEXTS),
        roles_held=event_roles(db.session, current_user, event_id),
    )


@bp.route("/manage/events/<int:event_id>/checkin-lists", methods=["GET", "POST"])
def list_settings(event_id: int):
    """The event's check-in lists, and a form for a new one (organisers)."""
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    form = CheckinListForm()
    form.setup(event)

    def render(errors: list[str]) -> str:
        return render_template(
            "checkin/lists.html",
            event=event,
            form=form,
            errors=errors,
            lists=checkin_lists.lists_of(db.session, current_user, event_id),
            roles_held=event_roles(db.session, current_user, event_id),
        )

    if request.method == "POST":
        return submit_form(
            form,
            lambda: checkin_lists.create_list(db.session, current_user, event_id, form.body()),
            render=render,
            next_url=url_for("checkin.list_settings", event_id=event_id),
            success=lambda created: _("Check-in list “%(name)s” created.", name=created.name),
        )
    if not form.zone.data:
        form.zone.data = "main"
    return render([])


@bp.route("/manage/events/<int:event_id>/checkin-lists/<int:list_id>", methods=["GET", "POST"])
def edit_list(event_id: int, list_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    checkin_list = checkin_lists.one_list(db.session, current_user, event_id, list_id)
    form = CheckinListForm(
        data={
            "name": checkin_list.name,
            "name_en": checkin_list.name_en,
            "zone": checkin_list.zone,
            "days": [day.isoformat() for day in checkin_list.days],
            "roles": checkin_list.roles,
            "allow_reentry": checkin_list.allow_reentry,
        }
    )
    form.setup(event)

    def render(errors: list[str]) -> str:
        return render_template(
            "checkin/list_edit.html",
            event=event,
            form=form,
            errors=errors,
            checkin_list=checkin_list,
            roles_held=event_roles(db.session, current_user, event_id),
        )

    if request.method == "POST":
        return submit_form(
            form,
            lambda: checkin_lists.update_list(db.session, current_user, event_id, list_id, form.body()),
            render=render,
            next_url=url_for("checkin.list_settings", event_id=event_id),
            success=lambda changed: _("Check-in list “%(name)s” saved.", name=changed.name),
        )
    return render([])


@bp.get("/manage/events/<int:event_id>/badges")
def badge_printing(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    form = BadgeBatchForm(request.args)
    form.setup(event, current_language())
    return render_template(
        "checkin/badges.html",
        event=event,
        form=form,
        large_batch=ascii_number(request.args.get("large", "")),
        figures=checkin_stats.counts(db.session, current_user, event_id),
        roles_held=event_roles(db.session, current_user, event_id),
    )


@bp.get("/manage/events/<int:event_id>/badges.pdf")
def badge_batch(event_id: int):
    require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    try:
        criteria = parse_filter(request.args.to_dict())
        layout = badges.parse_layout(request.args.get("layout"), SheetLayout.A4_4UP)
        size = badges.batch_size(db.session, event_id, criteria)
        if size > badge_jobs.LARGE_BATCH:
            # Too long to wait for: the page offers to prepare it in the background.
            chosen = {name: value for name, value in request.args.items() if name != "large"}
            return redirect(url_for("checkin.badge_printing", event_id=event_id, **chosen, large=size))
        _count, content = badges.batch(
            db.session, current_user, event_id, criteria, language=request.args.get("lang"), layout=layout
        )
    except (ValidationError, NotFound) as error:
        # Back to the form, which keeps the choices, with what to change.
        flash(" ".join([i18n.render(error.message), *map(i18n.render, error.fields.values())]), "warning")
        return redirect(url_for("checkin.badge_printing", event_id=event_id, **request.args.to_dict()))
    return pdf_response(content, f"badges-event-{event_id}.pdf", attachment=True)


@bp.post("/manage/events/<int:event_id>/badges/jobs")
def badge_batch_job(event_id: int):
    """A large batch prepared in the background, followed on the job's page."""
    options = {name: request.form.get(name) for name in badge_jobs.OPTIONS}
    try:
        job = badge_jobs.start_batch(db.session, current_user, event_id, options)
    except (ValidationError, NotFound) as error:
        db.session.rollback()
        flash(" ".join([i18n.render(error.message), *map(i18n.render, error.fields.values())]), "warning")
        return redirect(url_for("checkin.badge_printing", event_id=event_id))
    db.session.commit()
    return redirect(url_for("job_pages.job_page", event_id=event_id, job_id=job.id))


@bp.get("/manage/events/<int:event_id>/participants/<int:participant_id>/badge.pdf")
def participant_badge(event_id: int, participant_id: int):
    participant, content = badges.one_badge(db.session, current_user, event_id, participant_id, language=request.args.get("lang"))
    return pdf_response(content, f"badge-{participant.id}.pdf", attachment=False)


@bp.post("/manage/events/<int:event_id>/participants/<int:participant_id>/badge/reissue")
def reissue(event_id: int, participant_id: int):
    badges.reissue(db.session, current_user, event_id, participant_id)
    db.session.commit()
    flash(_("A new badge is issued; the badge printed before no longer opens the door. Print the new one."), "success")
    return redirect(url_for("organiser.participant_detail", event_id=event_id, participant_id=participant_id))
