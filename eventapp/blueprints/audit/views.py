"""The organiser's page of the audit log: who changed what, filtered."""

from math import ceil
from types import SimpleNamespace

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from eventapp.blueprints.listing import page_number
from eventapp.extensions import db
from eventapp.services import audit
from eventapp.services.access import event_roles, get_event

bp = Blueprint("audit", __name__, url_prefix="/manage")

PER_PAGE = 50


@bp.get("/events/<int:event_id>/audit-log")
@login_required
def log(event_id: int):
    where = audit.AuditFilter(
        action=request.args.get("action", ""),
        actor=request.args.get("actor", ""),
        target_type=request.args.get("target_type", ""),
    )
    number = page_number()
    entries, total = audit.entries(db.session, current_user, event_id, where, page=number, per_page=PER_PAGE)
    return render_template(
        "audit/log.html",
        event=get_event(db.session, event_id),
        entries=entries,
        total=total,
        where=where,
        page=SimpleNamespace(page=number, pages=ceil(total / PER_PAGE)),
        roles_held=event_roles(db.session, current_user, event_id),
    )
