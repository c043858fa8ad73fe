"""Absolute links for e-mails, calendars and PDFs.

They are built from ``PUBLIC_BASE_URL`` alone, never from the request: a
request sent with a forged ``Host`` must not make the app e-mail a
participant a link to a stranger's server carrying their private key.
"""

from urllib.parse import urlsplit

from flask import current_app

from eventapp.models import Participant


def public_host() -> str:
    """The host (and port) of ``PUBLIC_BASE_URL``, e.g. for calendar UIDs."""
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).netloc


def external_url(endpoint: str, **values: object) -> str:
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def participant_url(participant: Participant) -> str:
    return external_url("public.participant_home", access_key=participant.access_key)
