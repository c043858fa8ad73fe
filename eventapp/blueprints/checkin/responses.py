"""Badge PDFs as HTTP responses, for the pages and the API alike."""

import io

from flask import Response, send_file

# A badge opens the door: never left in a shared cache.
PDF_CACHE = "private, no-store"


def pdf_response(content: bytes, filename: str, *, attachment: bool) -> Response:
    response = send_file(io.BytesIO(content), mimetype="application/pdf", download_name=filename, as_attachment=attachment)
    response.headers["Cache-Control"] = PDF_CACHE
    return response
