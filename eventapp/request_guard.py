"""Requests carrying text nobody could have typed are refused before any view.

Control characters (NUL above all) come from probes and broken tools, never
from a person; PostgreSQL refuses NUL in text and spreadsheets refuse the
rest, so letting them through means a 500 or an export that breaks later.
JSON bodies are checked where they are read (``api.common.json_body``), so
each field can be named.
"""

from flask import Flask, request

from eventapp.domain.errors import MalformedInput
from eventapp.domain.fields import CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE


def refuse_control_characters() -> None:
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts += [*request.form.keys(), *request.form.values()]
    # A multipart part without a name reaches the form under the key None.
    if any(isinstance(text, str) and CONTROL_CHARACTERS.search(text) for text in texts):
        raise MalformedInput(CONTROL_CHARACTERS_MESSAGE)


def init_app(app: Flask) -> None:
    app.before_request(refuse_control_characters)
