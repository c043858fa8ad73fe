"""eventapp: trade fairs and B2B supply-demand conferences for OCOP products."""

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from eventapp.config import ENVIRONMENT_SETTINGS, DefaultConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Settings come from the defaults, then ``instance/config.py``, then the
    environment, then ``config`` (tests)."""
    instance_path = Path(os.environ.get("EVENTAPP_INSTANCE_PATH", PROJECT_ROOT / "instance"))
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for variable, (setting, parse) in ENVIRONMENT_SETTINGS.items():
        if os.environ.get(variable):
            app.config[setting] = parse(os.environ[variable])
    if config:
        app.config.update(config)

    instance_path.mkdir(parents=True, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_path / 'eventapp.sqlite'}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret_key(instance_path)

    from eventapp import cli, errors, i18n, request_guard, web
    from eventapp.blueprints import register_blueprints
    from eventapp.extensions import babel, csrf, db, login_manager, migrate

    i18n.check_compiled_catalogue(app.logger)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(i18n.TRANSLATIONS_ROOT))
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    web.init_app(app)
    request_guard.init_app(app)
    register_blueprints(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _instance_secret_key(instance_path: Path) -> str:
    """The key that signs sessions and badges: generated once, kept in the
    instance folder (never in git), so restarts don't log everyone out or void
    printed badges."""
    key_file = instance_path / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made on an earlier start, or by another worker just now
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()
