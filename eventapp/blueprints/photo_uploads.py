"""Reading an uploaded product photo: the request's size is capped before
its body is read, so a photo too large is refused with a message as soon as
its Content-Length says so, and a body without one is cut off at the cap."""

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.product_photos import too_large
from eventapp.extensions import csrf
from eventapp.services.product_photos import PhotoUpload

# The form's other fields (the CSRF token) and the multipart boundaries.
FORM_ROOM = 16 * 1024


def photo_upload() -> PhotoUpload:
    """The uploaded photo. The views that call this are exempt from the global
    CSRF check, which would read the whole body first; it is made here, once
    the cap is set."""
    limit = current_app.config["PRODUCT_PHOTO_MAX_BYTES"]
    request.max_content_length = limit + FORM_ROOM
    try:
        file = request.files.get("photo")
    except RequestEntityTooLarge:
        raise ValidationError(too_large(limit), {"photo": too_large(limit)}) from None
    csrf.protect()
    if file is None or not file.filename:
        missing = Text("Choose a photo to upload.")
        raise ValidationError(missing, {"photo": missing})
    return PhotoUpload(content=file.stream.read(limit + 1), max_bytes=limit)
