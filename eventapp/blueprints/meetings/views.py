"""The organisers' B2B meeting pages under /manage/events/<id>/matchmaking/:
setup, requests, the board and the printouts. The participants' own pages are
``blueprints/my_meetings``."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eventapp.blueprints.formtools import commit_or_explain, options, submit_form
from eventapp.blueprints.listing import filters_or_errors, page_number
from eventapp.blueprints.meetings import cli
from eventapp.blueprints.meetings.forms import (
    OnlineTablesForm,
    OrganiserRequestByEmailForm,
    OrganiserRequestForm,
    OutcomeForm,
    ProfileForm,
    SessionForm,
    SettingsForm,
)
from eventapp.blueprints.navigation import safe_next
from eventapp.domain.fields import ascii_number
from eventapp.domain.meetings import AvailabilityInput, SessionInput, format_breaks
from eventapp.extensions import db
from eventapp.models import Event, Job, Participant
from eventapp.services import (
    agenda_jobs,
    agendas,
    event_problem,
    meeting_board,
    meeting_edits,
    meeting_outcomes,
    meeting_requests,
    online_meetings,
    publishing,
    scheduler_runs,
)
from eventapp.services import (
    meeting_setup as setup_service,
)
from eventapp.templating import slot_day, slot_range
from eventapp.web import current_language

# The command group keeps its name: ``flask matchmaking run|export|export-schedule``.
bp = Blueprint("meetings", __name__, cli_group="matchmaking")
cli.register(bp.cli)


def _manage(event_id: int, view: str, **values) -> str:
    return url_for(f"meetings.{view}", event_id=event_id, **values)


def _number(name: str) -> int | None:
    return ascii_number(request.form.get(name, request.args.get(name, "")))


# Setup ----------------------------------------------------------------------


def _local_input(moment: datetime | None, event: Event) -> str:
    return f"{moment.astimezone(ZoneInfo(event.timezone)):%Y-%m-%dT%H:%M}" if moment else ""


def _setup_page(event_id: int, session_form: SessionForm | None = None, errors: list[str] | None = None) -> str:
    """The setup page; the organiser's role is checked by ``overview``."""
    view = setup_service.overview(db.session, current_user, event_id)
    settings = SettingsForm(
        data={
            "objective": view.setup.objective,
            "places": view.setup.places,
            "pool_tables": sum(1 for t in view.tables if t.host_organisation_id is None) or None,
            "include_pending": view.setup.include_pending,
            "requests_open": view.setup.requests_open,
            "time_limit": view.setup.time_limit,
        }
    )
    session_form = session_form or SessionForm(
        data={
            "day": view.event.starts_on.isoformat(),
            "starts": "08:30",
            "ends": "11:30",
            "slot_minutes": "20",
            "changeover_minutes": "0",
        }
    )
    online_tables = OnlineTablesForm(data={"numbers": ", ".join(str(t.number) for t in view.tables if t.online)})
    return render_template(
        "meetings/setup.html",
        event=view.event,
        view=view,
        settings=settings,
        online_tables=online_tables,
        session_form=session_form,
        errors=errors or [],
    )


@bp.get("/manage/events/<int:event_id>/matchmaking/")
def setup(event_id: int):
    return _setup_page(event_id)


@bp.post("/manage/events/<int:event_id>/matchmaking/settings")
def save_settings(event_id: int):
    form = SettingsForm()
    settings = setup_service.SettingsInput(
        objective=form.objective.data or "",
        places=form.places.data or "",
        pool_tables=form.pool_tables.data,
        include_pending=form.include_pending.data,
        requests_open=form.requests_open.data,
        time_limit=form.time_limit.data,
    )
    commit_or_explain(
        lambda: setup_service.update_settings(db.session, current_user, event_id, settings),
        lambda _result: _("Settings saved."),
        form,
    )
    return redirect(_manage(event_id, "setup"))


@bp.post("/manage/events/<int:event_id>/matchmaking/online-tables")
def save_online_tables(event_id: int):
    form = OnlineTablesForm()
    commit_or_explain(
        lambda: online_meetings.set_online_tables(db.session, current_user, event_id, form.numbers.data or ""),
        lambda online: ngettext("%(num)d table is online.", "%(num)d tables are online.", len(online)),
        form,
    )
    return redirect(_manage(event_id, "setup"))


def _session_input(form: SessionForm) -> SessionInput:
    return SessionInput(
        day=form.day.data,
        starts=form.starts.data,
        ends=form.ends.data,
        slot_minutes=form.slot_minutes.data,
        changeover_minutes=form.changeover_minutes.data,
        breaks=form.breaks.data or "",
        online=bool(form.online.data),
    )


@bp.post("/manage/events/<int:event_id>/matchmaking/sessions")
def add_session(event_id: int):
    form = SessionForm()
    return submit_form(
        form,
        lambda: setup_service.add_session(db.session, current_user, event_id, _session_input(form)),
        render=lambda errors: _setup_page(event_id, form, errors),
        success=lambda row: ngettext("Session added: %(num)d slot.", "Session added: %(num)d slots.", len(row.slots)),
        next_url=_manage(event_id, "setup"),
    )


@bp.route("/manage/events/<int:event_id>/matchmaking/sessions/<int:session_id>", methods=["GET", "POST"])
def edit_session(event_id: int, session_id: int):
    row = setup_service.get_meeting_session(db.session, current_user, event_id, session_id)
    form = SessionForm(
        data=None
        if request.method == "POST"
        else {
            "day": row.day.isoformat(),
            "starts": f"{row.starts:%H:%M}",
            "ends": f"{row.ends:%H:%M}",
            "slot_minutes": str(row.slot_minutes),
            "changeover_minutes": str(row.changeover_minutes),
            "breaks": format_breaks((b.starts, b.ends) for b in row.breaks),
            "online": row.online,
        }
    )

    def page(errors: list[str]) -> str:
        event = db.session.get(Event, event_id)
        return render_template("meetings/session_edit.html", event=event, row=row, form=form, errors=errors)

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: setup_service.update_session(db.session, current_user, event_id, session_id, _session_input(form)),
            render=page,
            success=_("Session saved."),
            next_url=_manage(event_id, "setup"),
        )
    return page([])


@bp.post("/manage/events/<int:event_id>/matchmaking/sessions/<int:session_id>/delete")
def delete_session(event_id: int, session_id: int):
    commit_or_explain(
        lambda: setup_service.delete_session(db.session, current_user, event_id, session_id),
        lambda _result: _("Session deleted."),
    )
    return redirect(_manage(event_id, "setup"))


@bp.route("/manage/events/<int:event_id>/matchmaking/participants/<int:participant_id>", methods=["GET", "POST"])
def edit_profile(event_id: int, participant_id: int):
    participant, profile = setup_service.get_profile(db.session, current_user, event_id, participant_id)
    event = participant.event
    form = ProfileForm(
        data=None
        if request.method == "POST"
        else {
            "available_from": _local_input(profile.available_from if profile else None, event),
            "available_until": _local_input(profile.available_until if profile else None, event),
            "max_meetings": "" if profile is None or profile.max_meetings is None else str(profile.max_meetings),
            "sourcing": profile.sourcing if profile else "",
        }
    )

    def page(errors: list[str]) -> str:
        return render_template("meetings/profile_edit.html", event=event, participant=participant, form=form, errors=errors)

    if form.validate_on_submit():
        profile_input = setup_service.ProfileInput(
            availability=AvailabilityInput(form.available_from.data, form.available_until.data, form.max_meetings.data),
            sourcing=form.sourcing.data or "",
        )
        return submit_form(
            form,
            lambda: setup_service.update_profile(db.session, current_user, event_id, participant_id, profile_input),
            render=page,
            success=_("Saved."),
            next_url=_manage(event_id, "setup") + "#participants",
        )
    return page([])


# Requests (organisers) --------------------------------------------------------


def _person_choices(people: list[Participant]) -> list:
    return options([("", _("— choose —"))] + [(p.id, f"{p.organisation.name} · {p.full_name}") for p in people])


@bp.route("/manage/events/<int:event_id>/matchmaking/requests", methods=["GET", "POST"])
def requests(event_id: int):
    choices = meeting_requests.request_choices(db.session, current_user, event_id)
    form = OrganiserRequestForm() if choices is not None else OrganiserRequestByEmailForm()
    if choices is not None:
        buyers, exhibitors = choices
        form.sender.choices = _person_choices(exhibitors + buyers)
        form.recipient.choices = _person_choices(buyers + exhibitors)

    def page(errors: list[str]) -> str:
        criteria, filter_errors = filters_or_errors(meeting_requests.parse_request_filter, meeting_requests.RequestFilter())
        listing = meeting_requests.list_requests(
            db.session, current_user, event_id, status=criteria.status, search=criteria.search, page=page_number()
        )
        event = db.session.get(Event, event_id)
        return render_template(
            "meetings/requests.html", event=event, form=form, errors=errors, listing=listing, filter_errors=filter_errors
        )

    if form.validate_on_submit():
        request_input = meeting_requests.RequestInput(
            from_id=form.sender.data,
            to_id=form.recipient.data,
            priority=form.priority.data,
            message=form.message.data or "",
        )
        return submit_form(
            form,
            lambda: meeting_requests.request_meeting_for(db.session, current_user, event_id, request_input),
            render=page,
            success=_("Request added."),
            next_url=_manage(event_id, "requests"),
        )
    return page([])


@bp.post("/manage/events/<int:event_id>/matchmaking/requests/<int:request_id>/cancel")
def cancel_request(event_id: int, request_id: int):
    commit_or_explain(
        lambda: meeting_requests.cancel_request(db.session, current_user, event_id, request_id),
        lambda _result: _("Request withdrawn."),
    )
    return redirect(safe_next(request.form.get("next"), _manage(event_id, "requests")))


# The board ----------------------------------------------------------------


@bp.get("/manage/events/<int:event_id>/matchmaking/board")
def board(event_id: int):
    criteria, filter_errors = filters_or_errors(meeting_board.parse_unscheduled_filter, meeting_board.UnscheduledFilter())
    standby_slot = request.args.get("standby", "")
    view = meeting_board.board(
        db.session,
        current_user,
        event_id,
        criteria,
        page_number(),
        page_number("columns"),
        ascii_number(standby_slot) if standby_slot else None,
    )
    page = render_template("meetings/board.html", event=view.event, board=view, filter_errors=filter_errors)
    # Stores the analysis brought up to date, or the job that brings it; after
    # rendering, since a commit expires every row the page reads.
    db.session.commit()
    return page


@bp.post("/manage/events/<int:event_id>/matchmaking/board/run")
def run(event_id: int):
    """Without JavaScript the board runs the scheduler here; with it, the page
    calls the API and polls the progress. A time limit longer than a request
    may last runs as a job, followed on its page."""
    if scheduler_runs.runs_in_background(db.session, current_user, event_id):
        started: list[Job] = []
        if commit_or_explain(
            lambda: started.append(scheduler_runs.start_background_run(db.session, current_user, event_id)),
            lambda _result: _("The scheduler is running in the background."),
        ):
            return redirect(url_for("job_pages.job_page", event_id=event_id, job_id=started[0].id))
        return redirect(_manage(event_id, "board"))
    commit_or_explain(
        lambda: scheduler_runs.run_schedule(db.session, current_user, event_id),
        lambda result: _(
            "Schedule computed: %(meetings)s meetings, %(starved)s people without any.",
            meetings=result.stats["meetings"],
            starved=result.stats["starved"],
        ),
    )
    return redirect(_manage(event_id, "board"))


@bp.post("/manage/events/<int:event_id>/matchmaking/board/publish")
def publish(event_id: int):
    """Publishing is a job: the organiser follows it on its page."""
    started: list[Job] = []
    if commit_or_explain(
        lambda: started.append(publishing.start_publishing(db.session, current_user, event_id)),
        lambda _result: _("Publishing the schedule: the agendas are being sent."),
    ):
        return redirect(url_for("job_pages.job_page", event_id=event_id, job_id=started[0].id))
    return redirect(_manage(event_id, "board"))


@bp.post("/manage/events/<int:event_id>/matchmaking/board/clear")
def clear(event_id: int):
    commit_or_explain(
        lambda: meeting_edits.clear_schedule(db.session, current_user, event_id),
        lambda removed: ngettext("%(num)d meeting removed.", "%(num)d meetings removed.", removed),
    )
    return redirect(_manage(event_id, "board"))


def _cell_choices(placement: meeting_edits.Placement, event: Event) -> list:
    choices = []
    for cell, slot, table in placement.cells:
        label = f"{slot_day(slot, event)} {slot_range(slot, event)}"
        if table is not None:
            label += " · " + _("Table %(number)s", number=table.number)
        choices.append((f"{cell.slot_id}:{cell.table_id or ''}", label))
    return choices


def _cell_from_form() -> tuple[int | None, int | None]:
    slot_text, _sep, table_text = request.form.get("cell", "").partition(":")
    return ascii_number(slot_text), ascii_number(table_text)


@bp.get("/manage/events/<int:event_id>/matchmaking/board/meetings/<int:meeting_id>")
def meeting_detail(event_id: int, meeting_id: int):
    placement = meeting_edits.move_options(db.session, current_user, event_id, meeting_id)
    meeting = placement.meeting
    event = meeting.participant_a.event
    outcome_form = OutcomeForm.for_outcome(meeting.outcome)
    return render_template(
        "meetings/meeting.html",
        event=event,
        meeting=meeting,
        placement=placement,
        cells=_cell_choices(placement, event),
        outcome_form=outcome_form,
        places=agendas.places_of(db.session, event_id),
    )


@bp.post("/manage/events/<int:event_id>/matchmaking/board/meetings/<int:meeting_id>/move")
def move(event_id: int, meeting_id: int):
    slot_id, table_id = _cell_from_form()
    if commit_or_explain(
        lambda: meeting_edits.move_meeting(db.session, current_user, event_id, meeting_id, slot_id or 0, table_id),
        lambda _result: _("Meeting moved and locked."),
    ):
        return redirect(_manage(event_id, "board"))
    return redirect(_manage(event_id, "meeting_detail", meeting_id=meeting_id))


@bp.post("/manage/events/<int:event_id>/matchmaking/board/meetings/<int:meeting_id>/lock")
def lock(event_id: int, meeting_id: int):
    locked = request.form.get("locked") == "1"
    commit_or_explain(
        lambda: meeting_edits.set_locked(db.session, current_user, event_id, meeting_id, locked),
        lambda _result: _("Meeting locked: the scheduler keeps it.") if locked else _("Meeting unlocked."),
    )
    return redirect(safe_next(request.form.get("next"), _manage(event_id, "board")))


@bp.post("/manage/events/<int:event_id>/matchmaking/board/meetings/<int:meeting_id>/outcome")
def organiser_outcome(event_id: int, meeting_id: int):
    form = OutcomeForm()
    outcome = meeting_outcomes.OutcomeInput(attendance=form.attendance.data, interest=form.interest.data, note=form.note.data)
    commit_or_explain(
        lambda: meeting_outcomes.record_outcome(db.session, current_user, event_id, meeting_id, outcome),
        lambda _result: _("Outcome recorded."),
        form,
    )
    return redirect(_manage(event_id, "meeting_detail", meeting_id=meeting_id))


@bp.route("/manage/events/<int:event_id>/matchmaking/board/place", methods=["GET", "POST"])
def place(event_id: int):
    a_id, b_id = _number("a") or 0, _number("b") or 0
    if request.method == "POST":
        slot_id, table_id = _cell_from_form()
        if commit_or_explain(
            lambda: meeting_edits.place_meeting(db.session, current_user, event_id, a_id, b_id, slot_id or 0, table_id),
            lambda _result: _("Meeting placed and locked."),
        ):
            return redirect(_manage(event_id, "board"))
    placement = meeting_edits.place_options(db.session, current_user, event_id, a_id, b_id)
    event = placement.a.event
    return render_template("meetings/place.html", event=event, placement=placement, cells=_cell_choices(placement, event))


# Printouts and exports --------------------------------------------------------


def _pdf(content: bytes, filename: str) -> Response:
    return Response(content, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.get("/manage/events/<int:event_id>/matchmaking/agendas.pdf")
def print_agendas(event_id: int):
    """A large event's printout is prepared in the background, after asking."""
    count = agenda_jobs.large_printout(db.session, current_user, event_id)
    if count is not None:
        return render_template(
            "meetings/confirm.html",
            event_id=event_id,
            title=_("Prepare every agenda in the background?"),
            lines=[
                ngettext(
                    "%(num)d agenda: too many to wait for.",
                    "%(num)d agendas: too many to wait for.",
                    count,
                ),
                _("A page shows how far it got, and the PDF downloads from there when ready. You can leave it meanwhile."),
            ],
            action=_manage(event_id, "print_agendas_job"),
            confirm=_("Prepare the agendas (PDF)"),
            tone="primary",
        )
    return _pdf(agendas.all_agendas_pdf(db.session, current_user, event_id, current_language()), f"agendas-{event_id}.pdf")


@bp.post("/manage/events/<int:event_id>/matchmaking/agendas/jobs")
def print_agendas_job(event_id: int):
    job = agenda_jobs.start_all_agendas(db.session, current_user, event_id, current_language())
    db.session.commit()
    return redirect(url_for("job_pages.job_page", event_id=event_id, job_id=job.id))


@bp.get("/manage/events/<int:event_id>/matchmaking/tables.pdf")
def print_tables(event_id: int):
    return _pdf(agendas.table_sheets_pdf(db.session, current_user, event_id, current_language()), f"tables-{event_id}.pdf")


def _json_download(document: dict, filename: str) -> Response:
    return Response(
        json.dumps(document, ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/manage/events/<int:event_id>/matchmaking/problem.json")
def download_problem(event_id: int):
    return _json_download(event_problem.export_problem(db.session, current_user, event_id), f"problem-{event_id}.json")


@bp.get("/manage/events/<int:event_id>/matchmaking/schedule.json")
def download_schedule(event_id: int):
    return _json_download(event_problem.export_schedule(db.session, current_user, event_id), f"schedule-{event_id}.json")
