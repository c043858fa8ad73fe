"""The public catalogue of an event's producers: a list to search and filter
on a phone, and a page per producer with their OCOP products; and, for the
organisers, the booth signs whose QR opens those pages; and the products'
photos, by their random keys."""

from flask import Blueprint, Response, render_template, request, send_file
from flask_login import current_user, login_required

from eventapp.blueprints.checkin.responses import pdf_response
from eventapp.blueprints.listing import filters_or_errors, page_number
from eventapp.extensions import db
from eventapp.services import booth_signs, catalogue, product_photos
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


# A photo's key never names another: a new upload gets a new key. A deleted
# photo may still be in a cache for this long.
PHOTO_CACHE_SECONDS = 24 * 60 * 60


def _photo_response(key: str, thumbnail: bool) -> Response:
    path = product_photos.served_file(db.session, key, thumbnail)
    # No download name: the uploader's file name is not kept, and ours says nothing.
    response = send_file(path, mimetype="image/jpeg", conditional=True, etag=True, max_age=PHOTO_CACHE_SECONDS)
    response.headers.pop("Content-Disposition", None)
    response.cache_control.public = True
    return response


@bp.get("/product-photos/<key>.jpg")
def product_photo(key: str):
    return _photo_response(key, thumbnail=False)


@bp.get("/product-photos/<key>/thumbnail.jpg")
def product_photo_thumbnail(key: str):
    return _photo_response(key, thumbnail=True)


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
