"""eventapp: trade fairs and B2B supply-demand conferences for OCOP products."""

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from eventapp.config import ENVIRONMENT_SETTINGS, SECURE_COOKIE_SETTINGS, DefaultConfig

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
    _refuse_short_secrets_from_environment()
    if config:
        app.config.update(config)
    for setting in SECURE_COOKIE_SETTINGS:
        if not os.environ.get(setting) and setting not in (config or {}):
            app.config[setting] = app.config["PUBLIC_BASE_URL"].startswith("https://")

    instance_path.mkdir(parents=True, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_path / 'eventapp.sqlite'}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret_key(instance_path)

    from eventapp import cli, errors, i18n, logs, metrics, rate_limits, request_guard, templating, web
    from eventapp.blueprints import register_blueprints
    from eventapp.extensions import babel, csrf, db, login_manager, migrate

    logs.init_app(app)
    if app.config["PROXY_HOPS"]:
        # Behind nginx: the client's address (rate limits, the audit log) and
        # scheme (secure cookies) come from the proxy's X-Forwarded-* headers.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    i18n.check_compiled_catalogue(app.logger)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(i18n.TRANSLATIONS_ROOT))
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    web.init_app(app)
    templating.init_app(app)
    request_guard.init_app(app)
    register_blueprints(app)
    rate_limits.init_app(app)
    errors.init_app(app)
    metrics.init_app(app)
    cli.init_app(app)
    return app


MIN_SECRET_KEY_LENGTH = 32


def _refuse_short_secrets_from_environment() -> None:
    """A short key can be guessed offline from one signed cookie or badge."""
    for variable in ("SECRET_KEY", "BADGE_SECRET_KEY"):
        value = os.environ.get(variable, "")
        if value and len(value) < MIN_SECRET_KEY_LENGTH:
            raise RuntimeError(f"{variable} from the environment must be at least {MIN_SECRET_KEY_LENGTH} characters long.")


def _instance_secret_key(instance_path: Path) -> str:
    """The key that signs sessions (and badges, unless ``BADGE_SECRET_KEY`` is
    set): generated once, kept in the instance folder (never in git), so
    restarts don't log everyone out or void printed badges.

    Several workers start at once: the key is written whole to a private
    temporary file, then linked into place, which fails if another worker got
    there first. Nobody ever reads a half-written key."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        fd, draft = tempfile.mkstemp(dir=instance_path, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            # Another worker may have linked its key first: then use that one.
            with contextlib.suppress(FileExistsError):
                os.link(draft, key_file)
        finally:
            os.unlink(draft)
    return key_file.read_text().strip()
