"""Consents per purpose as the API sends them, the public form's required
consent, and the privacy notice organisers edit."""

import re

import pytest

from eventapp.domain.consents import ConsentChoices, clean_notice, consents_from_json, with_processing_consent
from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.privacy_notice import DEFAULT_NOTICE


def test_each_purpose_is_read_and_a_missing_one_is_a_no():
    assert consents_from_json({"processing": True, "photos": True}, processing_required=True) == ConsentChoices(
        processing=True, photos=True
    )


def test_staff_may_send_no_consents_at_all():
    assert consents_from_json(None, processing_required=False) is None


@pytest.mark.parametrize(
    ("value", "path"),
    [
        (None, "consents.processing"),
        ({"processing": False}, "consents.processing"),
        ({"share_profile": True}, "consents.processing"),
        ({"processing": "yes"}, "consents.processing"),
        ({"processing": True, "news": 1}, "consents.news"),
        ({"processing": True, "marketing": True}, "consents.marketing"),
        ([True], "consents"),
    ],
)
def test_what_is_refused_names_its_field(value, path):
    with pytest.raises(ValidationError) as caught:
        consents_from_json(value, processing_required=True)
    assert path in caught.value.fields


def test_a_missing_consent_is_named_together_with_the_other_fields_to_correct():
    def check():
        raise ValidationError(Text("Please correct the highlighted fields."), {"email": Text("This field is required.")})

    with pytest.raises(ValidationError) as caught:
        with_processing_consent(ConsentChoices(share_profile=True), check)
    assert set(caught.value.fields) == {"email", "consents.processing"}
    with pytest.raises(ValidationError) as alone:
        with_processing_consent(None, lambda: "checked")
    assert set(alone.value.fields) == {"consents.processing"}
    assert with_processing_consent(ConsentChoices(processing=True), lambda: "checked") == "checked"


def test_a_notice_needs_its_vietnamese_text():
    with pytest.raises(ValidationError) as caught:
        clean_notice("   ", "English only")
    assert "text_vi" in caught.value.fields
    assert clean_notice("Thông báo\r\nDòng 2 ", "").text_vi == "Thông báo\nDòng 2"


def test_the_default_notice_names_the_law_the_rights_and_how_to_withdraw_and_speaks_formally():
    vi = DEFAULT_NOTICE.text_vi
    for needed in ("91/2025/QH15", "rút lại sự đồng ý", "xoá", "24 tháng", "Ông/Bà", "phản đối", "hạn chế xử lý"):
        assert needed in vi
    assert not re.search(r"\bbạn\b", vi, re.IGNORECASE)
    assert "withdraw" in DEFAULT_NOTICE.text_en and "91/2025/QH15" in DEFAULT_NOTICE.text_en
