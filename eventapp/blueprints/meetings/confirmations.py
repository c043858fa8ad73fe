"""The board's actions that e-mail many people or destroy something ask first:
a page says what will happen (how many people get what) and the organiser
confirms with its button; a removed meeting can be put back right after."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eventapp import i18n
from eventapp.blueprints.formtools import commit_or_explain, offer_undo
from eventapp.blueprints.meetings.views import bp
from eventapp.extensions import db
from eventapp.services import agendas, meeting_edits, publishing
from eventapp.templating import event_datetime, meeting_label


def _page(event_id: int, view: str, **values) -> str:
    return url_for(f"meetings.{view}", event_id=event_id, **values)


@bp.get("/manage/events/<int:event_id>/matchmaking/board/publish")
def confirm_publish(event_id: int):
    preview = publishing.publish_preview(db.session, current_user, event_id)
    under_way = publishing.publishing_job(db.session, event_id)
    if under_way is not None:
        flash(i18n.render(publishing.PUBLISHING_NOW), "warning")
        return redirect(url_for("job_pages.job_page", event_id=event_id, job_id=under_way.id))
    lines = [
        ngettext(
            "%(num)d person gets an agenda with their meetings.",
            "%(num)d people get an agenda with their meetings.",
            preview.with_meetings,
        ),
        ngettext(
            "%(num)d person is told that no meeting could be arranged.",
            "%(num)d people are told that no meeting could be arranged.",
            preview.without_meetings,
        ),
        ngettext("%(num)d meeting in all.", "%(num)d meetings in all.", preview.meetings),
    ]
    if preview.published_at is not None:
        lines.append(_("The schedule is already published: every agenda is sent again."))
    return render_template(
        "meetings/confirm.html",
        event_id=event_id,
        title=_("Publish the schedule?"),
        lines=lines,
        action=_page(event_id, "publish"),
        confirm=ngettext("Publish and e-mail %(num)d person", "Publish and e-mail %(num)d people", preview.recipients),
        tone="success",
    )


@bp.get("/manage/events/<int:event_id>/matchmaking/board/clear")
def confirm_clear(event_id: int):
    preview = meeting_edits.clear_preview(db.session, current_user, event_id)
    lines = [
        ngettext(
            "%(num)d meeting is removed, locked ones included.",
            "%(num)d meetings are removed, locked ones included.",
            preview.meetings,
        ),
        _("Meetings whose outcome is recorded stay."),
    ]
    if preview.published:
        lines.append(
            ngettext(
                "The schedule is published: %(num)d person gets their new agenda by e-mail.",
                "The schedule is published: %(num)d people get their new agenda by e-mail.",
                preview.people,
            )
        )
    return render_template(
        "meetings/confirm.html",
        event_id=event_id,
        title=_("Remove every meeting?"),
        lines=lines,
        action=_page(event_id, "clear"),
        confirm=_("Remove the meetings"),
        tone="danger",
    )


@bp.get("/manage/events/<int:event_id>/matchmaking/board/meetings/<int:meeting_id>/remove")
def confirm_remove(event_id: int, meeting_id: int):
    meeting = meeting_edits.get_meeting(db.session, current_user, event_id, meeting_id)
    lines = [meeting_label(meeting, meeting.event)]
    people = {meeting.participant_a_id: meeting.participant_a, meeting.participant_b_id: meeting.participant_b}
    for seen in meeting.attendances:
        lines.append(
            _(
                "%(name)s was seen at the table at %(time)s; putting the meeting back keeps that record.",
                name=people[seen.participant_id].full_name,
                time=event_datetime(seen.recorded_at, meeting.event),
            )
        )
    if agendas.published_at(db.session, event_id) is not None:
        lines.append(_("The schedule is published: both are e-mailed their new agenda."))
    lines.append(_("You can put it back right after."))
    return render_template(
        "meetings/confirm.html",
        event_id=event_id,
        title=_("Remove this meeting?"),
        lines=lines,
        action=_page(event_id, "remove", meeting_id=meeting_id),
        cancel=_page(event_id, "meeting_detail", meeting_id=meeting_id),
        confirm=_("Remove this meeting"),
        tone="danger",
    )


@bp.post("/manage/events/<int:event_id>/matchmaking/board/meetings/<int:meeting_id>/remove")
def remove(event_id: int, meeting_id: int):
    if commit_or_explain(
        lambda: meeting_edits.remove_meeting(db.session, current_user, event_id, meeting_id),
        lambda _result: _("Meeting removed."),
    ):
        offer_undo(_page(event_id, "restore", meeting_id=meeting_id), _("Undo: put the meeting back"))
        return redirect(_page(event_id, "board"))
    return redirect(_page(event_id, "meeting_detail", meeting_id=meeting_id))


@bp.post("/manage/events/<int:event_id>/matchmaking/board/meetings/<int:meeting_id>/restore")
def restore(event_id: int, meeting_id: int):
    commit_or_explain(
        lambda: meeting_edits.restore_meeting(db.session, current_user, event_id, meeting_id),
        lambda _result: _("The meeting is back where it was."),
    )
    return redirect(_page(event_id, "board"))
