"""The post-event report on screen, for organisers and officials: its
headlines in the press release's words, each headline figure beside the
previous edition's, and the files to hand over; and the series pages, which
set an event's editions side by side over the years."""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField

from eventapp.blueprints.formtools import submit_form
from eventapp.domain.event_report import OVERVIEW, format_change, headlines, overview_figures
from eventapp.domain.mou_stats import format_day
from eventapp.domain.series_chart import edition_labels, figure_charts
from eventapp.extensions import db
from eventapp.services import event_report, event_series
from eventapp.services.access import event_roles, get_event
from eventapp.web import current_language

bp = Blueprint("reports", __name__, url_prefix="/manage")


class SeriesForm(FlaskForm):
    name = StringField(_l("Name of the series"), render_kw={"maxlength": event_series.NAME_MAX})
    name_en = StringField(_l("Name in English"), render_kw={"maxlength": event_series.NAME_MAX, "lang": "en"})
    submit = SubmitField(_l("Start the series"))


def _overview_rows(now: dict[str, int], before: dict[str, int] | None, language: str) -> list[tuple[str, int, int | None, str]]:
    """Label, this event's figure, the previous event's and the change."""
    return [
        (
            label.render(gettext),
            now[code],
            None if before is None else before[code],
            "" if before is None else format_change(now[code], before[code], language),
        )
        for code, label, _pick in OVERVIEW
    ]


@bp.get("/events/<int:event_id>/report")
@login_required
def report(event_id: int):
    language = current_language()
    found = event_report.event_report(db.session, current_user, event_id, language)
    before = None if found.previous is None else overview_figures(found.previous)
    return render_template(
        "reports/report.html",
        event=get_event(db.session, event_id),
        report=found,
        headlines=headlines(found, gettext),
        overview=_overview_rows(overview_figures(found.figures), before, language),
        roles_held=event_roles(db.session, current_user, event_id),
    )


@bp.route("/series", methods=["GET", "POST"])
@login_required
def series_list():
    form = SeriesForm()

    def page(errors: list[str]) -> str:
        return render_template(
            "reports/series_list.html",
            series=event_series.visible_series(db.session, current_user),
            form=form if event_series.may_create(db.session, current_user) else None,
            errors=errors,
        )

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: event_series.create_series(db.session, current_user, form.name.data, form.name_en.data or ""),
            render=page,
            success=gettext("Series started. Choose it in the settings of each of its events."),
            next_url=lambda series: url_for("reports.series", series_id=series.id),
        )
    return page([])


@bp.get("/series/<int:series_id>")
@login_required
def series(series_id: int):
    language = current_language()
    found = event_series.series_figures(db.session, current_user, series_id, language)
    labels = edition_labels([(edition.event.starts_on.year, format_day(edition.event.starts_on)) for edition in found.editions])
    figures = [overview_figures(edition.figures) for edition in found.editions]
    titles = {code: label.render(gettext) for code, label, _pick in OVERVIEW}
    return render_template(
        "reports/series.html",
        series=found,
        labels=labels,
        rows=[(titles[code], [overview[code] for overview in figures]) for code, _label, _pick in OVERVIEW],
        charts=figure_charts(labels, figures, titles, language),
    )
