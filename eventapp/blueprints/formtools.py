"""Showing a service's refusals on a WTForms form or on the page a POST
redirects to.

Services name fields as the API does (``organisation.province``,
``products[1].stars``); WTForms names them ``organisation-province`` and
``products-1-stars``.
"""

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from flask import flash, redirect, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form
from wtforms.fields import FieldList, FormField
from wtforms.fields.choices import SelectChoice

from eventapp import i18n
from eventapp.domain.errors import Conflict, DomainError, ValidationError
from eventapp.extensions import db

# What a person can put right on the page; the other errors (no permission,
# not found) become their own error page with the right status.
CORRECTABLE = (ValidationError, Conflict)
T = TypeVar("T")

# A POST that fails the form's own checks (the CSRF token first of all): the
# page was open too long, or the request did not come from it.
FORM_EXPIRED = _l("The form expired or was sent from elsewhere. Reload the page and try again.")


def form_field_name(path: str) -> str:
    return path.replace(".", "-").replace("[", "-").replace("]", "")


def _leaf_fields(form: Form) -> Iterator[Field]:
    """Fields a person types into; errors about a whole group (``products``)
    are shown above the form instead."""
    for field in form:
        if isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    yield from _leaf_fields(entry.form)
                else:
                    yield entry
        else:
            yield field


def fields_with_errors(form: Form) -> list[Field]:
    """The fields to correct, in the order the form shows them."""
    return [field for field in _leaf_fields(form) if field.errors]


ROW_FIELD = re.compile(r"(?P<list>[a-z_]+)-(?P<index>\d+)-")


def field_title(field: Field) -> str:
    """A field's label, with its row when a form repeats it ("Product 2: Product name")."""
    match = ROW_FIELD.match(field.name)
    if match is None:
        return str(field.label.text)
    return gettext("Row %(number)s: %(label)s", number=int(match["index"]) + 1, label=field.label.text)


def apply_errors(form: Form, error: DomainError) -> list[str]:
    """Attach each field error to its field; return what belongs to no field
    (shown above the form), starting with the error's own message."""
    by_name = {field.name: field for field in _leaf_fields(form)}
    # A form whose rows the domain counts differently maps the paths back.
    own_path = getattr(form, "field_path", lambda path: path)
    general = [i18n.render(error.message)]
    for path, message in error.fields.items():
        text = i18n.render(message)
        field = by_name.get(form_field_name(own_path(path)))
        if field is None:
            general.append(text)
        else:
            field.errors = [*field.errors, text]
    return general


def options(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as the choices of a select or radio field."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def explain_refusal(error: ValidationError | Conflict, form: FlaskForm | None = None) -> None:
    """Undo the request and say why on the page the redirect leads to. No
    field is highlighted there, so a field's own message is shown (after the
    field's label, given the form) instead of "correct the highlighted fields"."""
    db.session.rollback()
    if not error.fields:
        flash(i18n.render(error.message), "danger")
        return
    messages = []
    for name, text in error.fields.items():
        field = form[name] if form is not None and name in form else None
        message = i18n.render(text)
        messages.append(f"{field.label.text}: {message}" if field is not None else message)
    flash(" ".join(messages), "danger")


def commit_or_explain(action: Callable[[], T], success: Callable[[T], str], form: FlaskForm | None = None) -> bool:
    """One service call of a POST that redirects: on success commit and say
    ``success(result)``; on a correctable refusal undo and say why. Whether it
    was done is returned, for views that redirect differently."""
    try:
        result = action()
    except CORRECTABLE as error:
        explain_refusal(error, form)
        return False
    db.session.commit()
    flash(success(result), "success")
    return True


def submit_form(
    form: Form,
    action: Callable[[], T],
    *,
    render: Callable[[list[str]], str],
    next_url: str | Callable[[T], str],
    success: str | Callable[[T], str] | None = None,
    refused_status: int = 422,
) -> ResponseReturnValue:
    """A form page's one service call. On a correctable refusal undo it,
    attach the errors to the form's fields and answer ``refused_status``
    (422; the pages that have always answered 200 pass it) with
    ``render(messages above the form)``; on success commit, flash
    ``success`` and redirect to ``next_url`` (either may be a function of the
    service's result). Not found and permission denied are no form errors:
    they reach the error pages."""
    try:
        result = action()
    except CORRECTABLE as error:
        db.session.rollback()
        return render(apply_errors(form, error)), refused_status
    db.session.commit()
    if success is not None:
        flash(success(result) if callable(success) else success, "success")
    return redirect(next_url(result) if callable(next_url) else next_url)


# The undo button shown once, on the next page, beside the flashed message.
UNDO_KEY = "undo"


def offer_undo(action_url: str, label: str) -> None:
    """After a destructive action: the next page offers a button that POSTs to ``action_url``."""
    session[UNDO_KEY] = {"action": action_url, "label": label}


def take_undo() -> dict[str, str] | None:
    """The undo offered by the previous request, if any; shown once. Looked
    at before it is taken: popping a missing key would still rewrite the
    session cookie of every page."""
    return session.pop(UNDO_KEY) if UNDO_KEY in session else None
