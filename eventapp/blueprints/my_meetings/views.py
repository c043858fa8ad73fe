"""A participant's B2B meeting pages under their private link
/p/<access_key>: browse the other side, ask for meetings, answer requests,
their agenda and the outcomes. No account: the link is the key."""

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eventapp.blueprints.formtools import commit_or_explain
from eventapp.blueprints.listing import filters_or_errors, page_number
from eventapp.blueprints.meetings.forms import OutcomeForm
from eventapp.blueprints.my_meetings.forms import MeetingRequestForm, SourcingForm, TableScanForm
from eventapp.blueprints.navigation import safe_next
from eventapp.domain.meeting_attendance import at_the_table
from eventapp.extensions import db
from eventapp.models.base import utcnow
from eventapp.services import agendas, browsing, meeting_attendance, meeting_outcomes, meeting_requests
from eventapp.services.participants import ProducerFilter, parse_producer_filter
from eventapp.web import current_language

bp = Blueprint("my_meetings", __name__)


def _pdf(content: bytes, filename: str) -> Response:
    return Response(content, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _index_url(access_key: str) -> str:
    return url_for("my_meetings.index", access_key=access_key)


@bp.get("/p/<access_key>/meetings")
def index(access_key: str):
    lists = meeting_requests.participant_meetings(
        db.session, access_key, received_page=page_number("received"), sent_page=page_number("sent")
    )
    agenda = lists.agenda
    sourcing_form = SourcingForm(data={"sourcing": lists.sourcing})
    outcome_forms = {
        entry.meeting.id: OutcomeForm.for_outcome(entry.meeting.outcome, prefix=f"m{entry.meeting.id}")
        for entry in agenda.entries
    }
    now = utcnow()
    # The meeting to scan for: the first one whose scans are open and that is not
    # confirmed yet (the next slot's scans open before this one ends).
    at_hand = next(
        (
            entry.meeting.id
            for entry in agenda.entries
            if at_the_table(entry.meeting.slot.starts_at, entry.meeting.slot.ends_at, now) and not entry.meeting.sides_seen.both
        ),
        None,
    )
    return render_template(
        "my_meetings/index.html",
        participant=lists.participant,
        event=agenda.event,
        lists=lists,
        agenda=agenda,
        sourcing_form=sourcing_form,
        outcome_forms=outcome_forms,
        now=now,
        meeting_at_hand=at_hand,
    )


@bp.get("/p/<access_key>/meetings/browse")
def browse(access_key: str):
    criteria, filter_errors = filters_or_errors(parse_producer_filter, ProducerFilter())
    page = browsing.browse(db.session, access_key, criteria, page_number())
    return render_template(
        "my_meetings/browse.html",
        participant=page.participant,
        event=page.participant.event,
        page=page,
        criteria=criteria,
        filter_errors=filter_errors,
        request_form=MeetingRequestForm(),
        requests_open=page.requests_open,
    )


@bp.get("/p/<access_key>/meetings/exhibitors/<int:participant_id>")
def producer(access_key: str, participant_id: int):
    shown = browsing.producer(db.session, access_key, participant_id)
    return render_template(
        "my_meetings/producer.html",
        participant=shown.participant,
        event=shown.participant.event,
        exhibitor=shown.candidate.participant,
        candidate=shown.candidate,
        request_form=MeetingRequestForm(),
        requests_open=shown.requests_open,
    )


@bp.post("/p/<access_key>/meetings/requests")
def ask(access_key: str):
    form = MeetingRequestForm()
    commit_or_explain(
        lambda: meeting_requests.request_meeting(db.session, access_key, form.to.data, form.priority.data, form.message.data),
        lambda sent: (
            _("%(name)s had asked to meet you too: the meeting is mutual.", name=sent.recipient.full_name)
            if sent.status == "accepted"
            else _("Request sent to %(name)s. You will get an e-mail when they answer.", name=sent.recipient.full_name)
        ),
    )
    browse_url = url_for("my_meetings.browse", access_key=access_key)
    return redirect(safe_next(request.form.get("next"), browse_url))


@bp.post("/p/<access_key>/meetings/requests/<int:request_id>/answer")
def answer(access_key: str, request_id: int):
    accept = request.form.get("accept") == "1"
    commit_or_explain(
        lambda: meeting_requests.answer_request(db.session, access_key, request_id, accept),
        lambda _result: _("Request accepted.") if accept else _("Request declined."),
    )
    return redirect(_index_url(access_key) + "#received")


@bp.post("/p/<access_key>/meetings/requests/<int:request_id>/withdraw")
def withdraw(access_key: str, request_id: int):
    commit_or_explain(
        lambda: meeting_requests.withdraw_request(db.session, access_key, request_id), lambda _result: _("Request withdrawn.")
    )
    return redirect(_index_url(access_key) + "#sent")


@bp.post("/p/<access_key>/meetings/sourcing")
def sourcing(access_key: str):
    form = SourcingForm()
    commit_or_explain(
        lambda: meeting_requests.update_sourcing(db.session, access_key, form.sourcing.data or ""),
        lambda _result: _("Saved."),
        form,
    )
    return redirect(_index_url(access_key))


@bp.post("/p/<access_key>/meetings/<int:meeting_id>/outcome")
def outcome(access_key: str, meeting_id: int):
    form = OutcomeForm(prefix=f"m{meeting_id}")
    outcome = meeting_outcomes.OutcomeInput(attendance=form.attendance.data, interest=form.interest.data, note=form.note.data)
    commit_or_explain(
        lambda: meeting_outcomes.record_own_outcome(db.session, access_key, meeting_id, outcome),
        lambda _result: _("Thank you: the outcome is recorded."),
        form,
    )
    return redirect(_index_url(access_key) + f"#meeting-{meeting_id}")


@bp.post("/p/<access_key>/meetings/<int:meeting_id>/attendance")
def attendance(access_key: str, meeting_id: int):
    """The host at their table scans (or types) the counterpart's badge code."""
    form = TableScanForm()
    commit_or_explain(
        lambda: meeting_attendance.record_attendance_as_host(db.session, access_key, meeting_id, form.code.data or ""),
        lambda meeting: (
            _("You are both recorded at the table: the meeting is confirmed.")
            if meeting.sides_seen.both
            else _("Recorded at the table.")
        ),
        form,
    )
    return redirect(_index_url(access_key) + f"#meeting-{meeting_id}")


@bp.get("/p/<access_key>/agenda.pdf")
def agenda_pdf(access_key: str):
    filename, content = agendas.agenda_pdf_for(db.session, access_key, current_language())
    return _pdf(content, filename)


@bp.get("/p/<access_key>/agenda.ics")
def agenda_ics(access_key: str):
    filename, text = agendas.agenda_ics(db.session, access_key)
    return Response(text, mimetype="text/calendar", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
