from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, SubmitField, TextAreaField

from eventapp.domain.consents import ConsentChoices

# What each purpose's checkbox says, on the form, the private page and the organisers' pages.
PURPOSE_LABELS = {
    "processing": _l("I agree that the organisers process my data to run this event (required to register)."),
    "share_profile": _l("Share my profile and products with the buyers and exhibitors of the event and in its public catalogue."),
    "photos": _l("Photos and videos of me taken at the event may be used in news and the press."),
    "news": _l("Send me news of future events."),
}


CONSENT_METHODS = {"online": _l("Online"), "paper": _l("On paper"), "api": _l("Through the API")}


class ConsentFields(Form):
    """One checkbox per purpose, none ticked in advance; the field names are
    the API's (``consents.processing`` is ``consents-processing``)."""

    processing = BooleanField(PURPOSE_LABELS["processing"])
    share_profile = BooleanField(PURPOSE_LABELS["share_profile"])
    photos = BooleanField(PURPOSE_LABELS["photos"])
    news = BooleanField(PURPOSE_LABELS["news"])

    def choices(self) -> ConsentChoices:
        return ConsentChoices(
            processing=bool(self.processing.data),
            share_profile=bool(self.share_profile.data),
            photos=bool(self.photos.data),
            news=bool(self.news.data),
        )


class OwnConsentForm(FlaskForm):
    """The purposes a participant changes on their private page."""

    share_profile = BooleanField(PURPOSE_LABELS["share_profile"])
    photos = BooleanField(PURPOSE_LABELS["photos"])
    news = BooleanField(PURPOSE_LABELS["news"])
    submit = SubmitField(_l("Save my choices"))

    def choices(self) -> ConsentChoices:
        return ConsentChoices(
            processing=True, share_profile=bool(self.share_profile.data), photos=bool(self.photos.data), news=bool(self.news.data)
        )


class PaperConsentForm(ConsentFields, FlaskForm):
    """What a person ticked on a paper form, typed in by an organiser."""

    submit = SubmitField(_l("Record consents given on paper"))


class NoticeForm(FlaskForm):
    text_vi = TextAreaField(_l("Privacy notice (Vietnamese)"), render_kw={"rows": 18, "maxlength": 20000})
    text_en = TextAreaField(_l("Privacy notice (English)"), render_kw={"rows": 18, "maxlength": 20000})
    submit = SubmitField(_l("Save as a new version"))
