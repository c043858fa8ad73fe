from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eventapp.blueprints.participant_files.forms import ImportForm
from eventapp.domain import participant_table
from eventapp.domain.errors import ValidationError
from eventapp.domain.participant_table import ImportRejected
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.services import exports, imports
from eventapp.services import participants as participant_service
from eventapp.services.access import require_event_role

bp = Blueprint("participant_files", __name__, url_prefix="/manage/events/<int:event_id>/participants")

# A report longer than this helps nobody: the first problems show what to fix.
REPORT_LIMIT = 300


@bp.before_request
@login_required
def require_login() -> None:
    """Staff only; each view checks the organiser role at its event."""


@bp.route("/import", methods=["GET", "POST"])
def import_participants(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    form = ImportForm()
    failure: ValidationError | None = None
    if form.validate_on_submit():
        try:
            result = imports.import_participants(
                db.session,
                current_user,
                event_id,
                form.file.data.read(),
                max_rows=current_app.config["IMPORT_MAX_ROWS"],
                encoding=form.encoding.data,
                send_emails=form.send_emails.data,
            )
        except ValidationError as error:
            db.session.rollback()
            failure = error
        else:
            db.session.commit()
            flash(ngettext("%(num)d participant imported.", "%(num)d participants imported.", result.created), "success")
            if result.ignored_columns:
                flash(_("These columns were not read: %(columns)s.", columns=", ".join(result.ignored_columns)), "warning")
            return redirect(url_for("organiser.participants", event_id=event_id))
    row_errors = failure.row_errors if isinstance(failure, ImportRejected) else ()
    return render_template(
        "participant_files/import.html",
        event=event,
        form=form,
        failure=failure,
        row_errors=row_errors[:REPORT_LIMIT],
        hidden_errors=max(0, len(row_errors) - REPORT_LIMIT),
        columns=participant_table.COLUMNS,
        values=participant_table.VIETNAMESE_VALUES,
        max_rows=current_app.config["IMPORT_MAX_ROWS"],
    ), 422 if failure or form.errors else 200


@bp.get("/export.<file_format>")
def export_participants(event_id: int, file_format: str):
    criteria = participant_service.parse_filter(request.args.to_dict())
    export = exports.export_participants(
        db.session, current_user, event_id, criteria, file_format=file_format, header_language=request.args.get("headers", "vi")
    )
    return _download(export)


@bp.get("/import-template.<file_format>")
def import_template(event_id: int, file_format: str):
    return _download(
        exports.import_template(
            db.session, current_user, event_id, file_format=file_format, header_language=request.args.get("headers", "vi")
        )
    )


def _download(export: exports.ExportFile) -> Response:
    response = Response(export.content, content_type=export.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response.headers["Cache-Control"] = "no-store"  # personal data: no copies in shared caches
    return response
