"""Default settings. Secrets never live here: see ``create_app`` for how the
secret key is read from or generated into the instance folder."""


class DefaultConfig:
    # Filled in by create_app from the instance folder unless given.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SECRET_KEY: str | None = None

    # Connections idle for a while are pinged before use (see extensions.py).
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {}
    SQLALCHEMY_RECORD_QUERIES = False

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    WTF_CSRF_TIME_LIMIT = None  # a registration form may stay open all morning at a booth
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True

    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "eventapp <no-reply@eventapp.local>"
    MAIL_TIMEOUT = 10

    # Links in emails are absolute; behind a proxy set this to the public address.
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"

    # Werkzeug's default; the tests use a cheap method to stay fast.
    PASSWORD_HASH_METHOD = "scrypt"

    # How long a worker trusts what it read about an API token (account and
    # roles): revoking a token or a role takes effect within this time.
    API_CALLER_CACHE_SECONDS = 5.0

    PARTICIPANTS_PER_PAGE = 25
    API_MAX_PER_PAGE = 500
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    MOU_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # a scanned MoU of a dozen pages at 300 dpi
    IMPORT_MAX_ROWS = 5000


# Settings read from the environment, and how to turn the text into a value.
ENVIRONMENT_SETTINGS = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", lambda text: text.lower() in {"1", "true", "yes", "on"}),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", lambda text: text.lower() in {"1", "true", "yes", "on"}),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "PUBLIC_BASE_URL": ("PUBLIC_BASE_URL", str),
    "API_CALLER_CACHE_SECONDS": ("API_CALLER_CACHE_SECONDS", float),
}
