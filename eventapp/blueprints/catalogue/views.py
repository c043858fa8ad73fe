"""The public catalogue of an event's producers: a list to search and filter
on a phone, and a page per producer with their OCOP products; and, for the
organisers, the booth signs whose QR opens those pages."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from eventapp.blueprints.checkin.responses import pdf_response
from eventapp.blueprints.listing import filters_or_errors, page_number
from eventapp.extensions import db
from eventapp.services import booth_signs, catalogue
from eventapp.services.participants import ProducerFilter, parse_producer_filter
from eventapp.web import current_language

bp = Blueprint("catalogue", __name__)


@bp.get("/events/<int:event_id>/exhibitors")
def exhibitors(event_id: int):
    criteria, filter_errors = filters_or_errors(parse_producer_filter, ProducerFilter())
    event, page = catalogue.exhibitors(db.session, event_id, criteria, page_number(), language=current_language())
    return render_template("catalogue/exhibitors.html", event=event, page=page, criteria=criteria, filter_errors=filter_errors)


@bp.get("/events/<int:event_id>/exhibitors/<int:participant_id>")
def exhibitor(event_id: int, participant_id: int):
    shown = catalogue.exhibitor(db.session, event_id, participant_id)
    return render_template("catalogue/exhibitor.html", event=shown.event, exhibitor=shown)


@bp.get("/manage/events/<int:event_id>/booth-signs.pdf")
@login_required
def all_booth_signs(event_id: int):
    content = booth_signs.booth_signs(db.session, current_user, event_id, language=request.args.get("lang"))
    return pdf_response(content, f"booth-signs-event-{event_id}.pdf", attachment=True)


@bp.get("/manage/events/<int:event_id>/participants/<int:participant_id>/booth-sign.pdf")
@login_required
def booth_sign(event_id: int, participant_id: int):
    content = booth_signs.booth_signs(
        db.session, current_user, event_id, participant_id=participant_id, language=request.args.get("lang")
    )
    return pdf_response(content, f"booth-sign-{participant_id}.pdf", attachment=False)
