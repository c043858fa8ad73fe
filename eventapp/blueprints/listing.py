"""Reading a list page's filters and page number from the query string, the
same way on every list: a bad filter value shows the whole list with the
message under that filter, and a bad page number shows the first page."""

from collections.abc import Callable
from typing import TypeVar

from flask import request

from eventapp import i18n
from eventapp.domain.errors import ValidationError
from eventapp.domain.fields import ascii_number

Filter = TypeVar("Filter")


def page_number(parameter: str = "page") -> int:
    number = ascii_number(request.args.get(parameter, "1"))
    return number if number else 1


def filters_or_errors(parse: Callable[[dict[str, str]], Filter], unfiltered: Filter) -> tuple[Filter, dict[str, str]]:
    """What ``parse`` reads from the query string and no errors; or, when it
    refuses a value, ``unfiltered`` and each field's message."""
    try:
        return parse(request.args.to_dict()), {}
    except ValidationError as error:
        return unfiltered, {name: i18n.render(text) for name, text in error.fields.items()}
