"""HTTP entry points. Each blueprint is thin: parse, call one service, commit
once, render or redirect."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from eventapp.blueprints.api import bp as api
    from eventapp.blueprints.audit.views import bp as audit
    from eventapp.blueprints.auth.views import bp as auth
    from eventapp.blueprints.catalogue.views import bp as catalogue
    from eventapp.blueprints.checkin import hall as checkin_hall  # noqa: F401  (its views attach to the blueprint)
    from eventapp.blueprints.checkin.views import bp as checkin
    from eventapp.blueprints.jobs.views import bp as job_pages
    from eventapp.blueprints.meetings import confirmations, hall  # noqa: F401  (their views attach to the blueprint)
    from eventapp.blueprints.meetings.views import bp as meetings
    from eventapp.blueprints.metrics.views import bp as metrics
    from eventapp.blueprints.mous.views import bp as mous
    from eventapp.blueprints.my_meetings.views import bp as my_meetings
    from eventapp.blueprints.organiser.views import bp as organiser
    from eventapp.blueprints.participant_files.views import bp as participant_files
    from eventapp.blueprints.privacy.views import bp as privacy
    from eventapp.blueprints.public.views import bp as public
    from eventapp.blueprints.questions.views import bp as questions
    from eventapp.blueprints.reports.views import bp as reports
    from eventapp.blueprints.self_service.views import bp as self_service

    pages = (
        public,
        self_service,
        privacy,
        catalogue,
        auth,
        organiser,
        questions,
        participant_files,
        mous,
        reports,
        checkin,
        meetings,
        job_pages,
        my_meetings,
        audit,
        api,
        metrics,
    )
    for blueprint in pages:
        app.register_blueprint(blueprint)
