"""Absolute links for e-mails and QR codes, inside a request or not (the CLI
sends e-mails too)."""

from flask import current_app, has_request_context, url_for

from eventapp.models import Participant


def external_url(endpoint: str, **values: object) -> str:
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def participant_url(participant: Participant) -> str:
    return external_url("public.participant_home", access_key=participant.access_key)
