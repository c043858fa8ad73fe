"""Staff pages for MoUs: organisers record, edit, delete and export them;
officials (and organisers) read the list and the summary dashboard."""

from functools import partial

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eventapp import i18n
from eventapp.blueprints.formtools import FORM_EXPIRED, apply_errors, commit_or_explain, submit_form
from eventapp.blueprints.listing import filters_or_errors, page_number
from eventapp.blueprints.mous.forms import CategoryForm, MouForm
from eventapp.domain.errors import ValidationError
from eventapp.domain.mou_export import to_csv, to_xlsx
from eventapp.domain.mous import MouFilter
from eventapp.extensions import db
from eventapp.services import mou_categories, mou_jobs, mou_reports, mou_search, mous
from eventapp.services.access import event_roles
from eventapp.templating import meeting_label
from eventapp.web import current_language

bp = Blueprint("mous", __name__, url_prefix="/manage/events/<int:event_id>/mous")


@bp.before_request
@login_required
def require_login() -> None:
    """Signed-in staff only; each view then checks the role at the event."""


@bp.get("/")
def index(event_id: int):
    event = mou_categories.require_readable(db.session, current_user, event_id)
    criteria, filter_errors = filters_or_errors(partial(mou_search.parse_filter, db.session, event_id), MouFilter())
    page = mou_search.search(
        db.session, current_user, event_id, criteria, page=page_number(), per_page=current_app.config["PARTICIPANTS_PER_PAGE"]
    )
    return render_template(
        "mous/list.html",
        event=event,
        page=page,
        criteria=criteria,
        filter_errors=filter_errors,
        categories=mou_categories.event_categories(db.session, event_id),
        roles_held=event_roles(db.session, current_user, event_id),
        party_names=mou_search.party_names(db.session, event_id),
    )


def _form(event, mou=None, draft: mous.MouDraft | None = None) -> MouForm:
    form = MouForm()
    if request.method == "GET" and mou is not None:
        form.fill(mou, current_language())
    elif request.method == "GET" and draft is not None:
        form.start_from(draft)
    _setup(form, event)
    return form


def _setup(form: MouForm, event) -> None:
    meetings = [(meeting.id, meeting_label(meeting, event)) for meeting in mous.linkable_meetings(db.session, event.id)]
    form.setup(mou_categories.event_categories(db.session, event.id), event.starts_on, current_language(), meetings)


def _upload(form: MouForm) -> mous.Upload | None:
    file = form.document.data
    if file is None or not getattr(file, "filename", ""):
        return None
    return mous.Upload(filename=file.filename, content=file.read(), max_bytes=current_app.config["MOU_DOCUMENT_MAX_BYTES"])


def _render_form(event, form: MouForm, errors: list[str], mou=None):
    return render_template(
        "mous/form.html",
        event=event,
        form=form,
        errors=errors,
        mou=mou,
        organisation_names=mou_search.organisation_names(db.session, event.id),
    )


@bp.route("/new", methods=["GET", "POST"])
def record(event_id: int):
    """Record an MoU; ``?meeting_id=`` (the board's "Record the MoU") starts
    it from that meeting: linked to it, its two organisations as parties."""
    event = mou_categories.require_writable(db.session, current_user, event_id)
    draft, refused = None, None
    if request.method == "GET" and "meeting_id" in request.args:
        try:
            draft = mous.draft_from_meeting(db.session, current_user, event_id, request.args["meeting_id"])
        except ValidationError as error:
            refused = error
    form = _form(event, draft=draft)
    errors: list[str] = apply_errors(form, refused) if refused is not None else []
    if form.add_party.data:
        # Without JavaScript the page adds a party row by sending the form back.
        form.parties.append_entry()
        _setup(form, event)
    elif form.validate_on_submit():
        return submit_form(
            form,
            lambda: mous.record_mou(db.session, current_user, event_id, form.to_input(), _upload(form)),
            render=lambda errors: _render_form(event, form, errors),
            refused_status=200,
            success=_("The MoU is recorded."),
            next_url=lambda mou: url_for("mous.detail", event_id=event_id, mou_id=mou.id),
        )
    elif form.is_submitted():
        errors = [str(FORM_EXPIRED)]
    return _render_form(event, form, errors)


@bp.get("/<int:mou_id>")
def detail(event_id: int, mou_id: int):
    event = mou_categories.require_readable(db.session, current_user, event_id)
    mou = mous.get_mou(db.session, current_user, event_id, mou_id)
    return render_template(
        "mous/detail.html",
        event=event,
        mou=mou,
        history=mous.history(db.session, current_user, event_id, mou_id),
        roles_held=event_roles(db.session, current_user, event_id),
    )


@bp.route("/<int:mou_id>/edit", methods=["GET", "POST"])
def edit(event_id: int, mou_id: int):
    event = mou_categories.require_writable(db.session, current_user, event_id)
    mou = mous.get_mou(db.session, current_user, event_id, mou_id)
    form = _form(event, mou)
    errors: list[str] = []
    if form.add_party.data:
        form.parties.append_entry()
        _setup(form, event)
    elif form.validate_on_submit():
        return submit_form(
            form,
            lambda: mous.update_mou(
                db.session,
                current_user,
                event_id,
                mou_id,
                lambda current: form.to_input(),
                upload=_upload(form),
                remove_document=bool(form.remove_document.data),
            ),
            render=lambda errors: _render_form(event, form, errors, mou),
            refused_status=200,
            success=_("Saved."),
            next_url=url_for("mous.detail", event_id=event_id, mou_id=mou_id),
        )
    elif form.is_submitted():
        errors = [str(FORM_EXPIRED)]
    return _render_form(event, form, errors, mou)


@bp.post("/<int:mou_id>/delete")
def delete(event_id: int, mou_id: int):
    mous.delete_mou(db.session, current_user, event_id, mou_id)
    db.session.commit()
    flash(_("The MoU is deleted. The audit trail keeps what it said."), "success")
    return redirect(url_for("mous.index", event_id=event_id))


@bp.get("/<int:mou_id>/document")
def document(event_id: int, mou_id: int):
    stored = mous.document(db.session, current_user, event_id, mou_id)
    return send_file(stored.path, mimetype=stored.content_type, as_attachment=True, download_name=stored.filename)


@bp.get("/export.csv", defaults={"kind": "csv"})
@bp.get("/export.xlsx", defaults={"kind": "xlsx"})
def export(event_id: int, kind: str):
    criteria = mou_search.parse_filter(db.session, event_id, request.args.to_dict())
    sheet = mou_reports.export_sheet(db.session, current_user, event_id, criteria, current_language())
    if kind == "csv":
        response = Response(to_csv(sheet), mimetype="text/csv")
    else:
        response = Response(to_xlsx(sheet), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="mou-event-{event_id}.{kind}"'
    return response


@bp.get("/summary")
def summary(event_id: int):
    event = mou_categories.require_readable(db.session, current_user, event_id)
    figures = mou_reports.counts(db.session, current_user, event_id, current_language())
    return render_template(
        "mous/summary.html", event=event, figures=figures, roles_held=event_roles(db.session, current_user, event_id)
    )


@bp.get("/summary.pdf")
def summary_pdf(event_id: int):
    """An organiser asks for a large event's summary, then it is prepared in the background."""
    count = mou_jobs.large_summary(db.session, current_user, event_id)
    if count is not None:
        return render_template(
            "meetings/confirm.html",
            event_id=event_id,
            title=_("Prepare the summary report in the background?"),
            lines=[
                ngettext("%(num)d MoU: too many to wait for.", "%(num)d MoUs: too many to wait for.", count),
                _("A page shows how far it got, and the PDF downloads from there when ready. You can leave it meanwhile."),
            ],
            action=url_for("mous.summary_job", event_id=event_id, report_lang=request.args.get("report_lang", "vi")),
            cancel=url_for("mous.summary", event_id=event_id),
            confirm=_("Prepare the summary report (PDF)"),
            tone="primary",
        )
    report = mou_reports.summary_pdf(db.session, current_user, event_id, request.args.get("report_lang"))
    response = Response(report.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


@bp.post("/summary/jobs")
def summary_job(event_id: int):
    job = mou_jobs.start_summary(db.session, current_user, event_id, request.args.get("report_lang"))
    db.session.commit()
    return redirect(url_for("job_pages.job_page", event_id=event_id, job_id=job.id))


@bp.get("/categories")
def categories(event_id: int):
    event = mou_categories.require_writable(db.session, current_user, event_id)
    return render_template(
        "mous/categories.html",
        event=event,
        errors=[],
        new_form=CategoryForm(),
        categories=mou_categories.category_usage(db.session, current_user, event_id),
    )


@bp.post("/categories/new")
def category_add(event_id: int):
    form = CategoryForm()

    def page(errors: list[str]) -> str:
        return render_template(
            "mous/categories.html",
            event=mou_categories.require_writable(db.session, current_user, event_id),
            errors=errors,
            new_form=form,
            categories=mou_categories.category_usage(db.session, current_user, event_id),
        )

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: mou_categories.add_category(db.session, current_user, event_id, form.to_input()),
            render=page,
            success=_("Category added."),
            next_url=url_for("mous.categories", event_id=event_id),
        )
    return page([str(FORM_EXPIRED)]), 422


@bp.post("/categories/<code>")
def category_rename(event_id: int, code: str):
    form = CategoryForm()
    if not form.validate_on_submit():
        flash(str(FORM_EXPIRED), "danger")
        return redirect(url_for("mous.categories", event_id=event_id))
    try:
        mou_categories.rename_category(db.session, current_user, event_id, code, form.to_input())
    except ValidationError as error:
        db.session.rollback()
        flash(" ".join([i18n.render(error.message), *map(i18n.render, error.fields.values())]), "danger")
    else:
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("mous.categories", event_id=event_id))


@bp.post("/categories/<code>/delete")
def category_delete(event_id: int, code: str):
    commit_or_explain(
        lambda: mou_categories.delete_category(db.session, current_user, event_id, code), lambda _result: _("Category deleted.")
    )
    return redirect(url_for("mous.categories", event_id=event_id))
