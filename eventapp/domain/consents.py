"""Consent to the processing of personal data, purpose by purpose, as the
Personal Data Protection Law (91/2025/QH15) asks: each purpose is its own
choice, none is assumed, and each choice is kept with the version of the
privacy notice the person read.

Who the public catalogue and buyers' browsing show is decided once, in
``services.consents.profile_shared``: a participant whose latest
``share_profile`` choice is a no is not shown; one who never made the choice
(registered before consents existed) is shown as before.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.fields import FieldErrors, typed_text


class ConsentPurpose(StrEnum):
    # Handling the registration at all: required to register.
    PROCESSING = "processing"
    # The profile and products shown to buyers and in the public catalogue.
    SHARE_PROFILE = "share_profile"
    PHOTOS = "photos"
    NEWS = "news"


class ConsentMethod(StrEnum):
    """How a choice reached us: ticked on the public form or the private
    page, written on a paper form that staff typed in, or sent by staff
    through the API."""

    ONLINE = "online"
    PAPER = "paper"
    API = "api"


PURPOSES: tuple[str, ...] = tuple(purpose.value for purpose in ConsentPurpose)
# What a participant may change on their own page: withdrawing consent to
# processing itself is a request to erase, which the organisers carry out.
CHANGEABLE_PURPOSES: tuple[str, ...] = tuple(p for p in PURPOSES if p != ConsentPurpose.PROCESSING)

T = TypeVar("T")
NOTICE_MAX = 20_000
PROCESSING_REQUIRED = Text("Consent to the processing of your data for the event is needed to register.")


@dataclass(frozen=True)
class ConsentChoices:
    """One yes or no per purpose."""

    processing: bool = False
    share_profile: bool = False
    photos: bool = False
    news: bool = False

    def granted(self, purpose: str) -> bool:
        return bool(getattr(self, purpose))


def consents_from_json(value: Any, *, processing_required: bool) -> ConsentChoices | None:
    """The API's ``"consents": {"processing": bool, ...}``: every key a known
    purpose, every value a boolean, a missing purpose a no. None when not
    given and not required."""
    errors = FieldErrors()
    if value is None:
        if processing_required:
            errors.add("consents.processing", PROCESSING_REQUIRED)
        errors.raise_if_any()
        return None
    if not isinstance(value, dict):
        raise ValidationError(Text("Please correct the highlighted fields."), {"consents": Text("Must be an object.")})
    for key, given in value.items():
        if key not in PURPOSES:
            errors.add(f"consents.{key}", Text("Choose one of: %(choices)s.", {"choices": ", ".join(PURPOSES)}))
        elif not isinstance(given, bool):
            errors.add(f"consents.{key}", Text("Must be true or false."))
    choices = ConsentChoices(**{purpose: value.get(purpose) is True for purpose in PURPOSES})
    if processing_required and not choices.processing:
        errors.add("consents.processing", PROCESSING_REQUIRED)
    errors.raise_if_any()
    return choices


def with_processing_consent(choices: ConsentChoices | None, check: Callable[[], T]) -> T:
    """``check()`` of a registration someone makes themselves, which also
    needs their consent to processing: both refusals in one answer, so the
    form names every field to correct at once."""
    missing = choices is None or not choices.processing
    try:
        result = check()
    except ValidationError as error:
        if missing:
            error.fields.setdefault("consents.processing", PROCESSING_REQUIRED)
        raise
    if missing:
        raise ValidationError(Text("Please correct the highlighted fields."), {"consents.processing": PROCESSING_REQUIRED})
    return result


@dataclass(frozen=True)
class NoticeText:
    text_vi: str
    text_en: str


def clean_notice(text_vi: object, text_en: object) -> NoticeText:
    """A privacy notice as organisers edit it: the Vietnamese text is
    required (it is the one that binds), the English one optional."""
    errors = FieldErrors()
    vi = typed_text(errors, "text_vi", text_vi, NOTICE_MAX, required=True)
    en = typed_text(errors, "text_en", text_en, NOTICE_MAX, required=False)
    errors.raise_if_any()
    return NoticeText(text_vi=vi.replace("\r\n", "\n"), text_en=en.replace("\r\n", "\n"))
