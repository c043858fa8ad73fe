"""Default settings. Secrets never live here: see ``create_app`` for how the
secret key is read from or generated into the instance folder."""

from datetime import timedelta


def _flag(text: str) -> bool:
    return text.lower() in {"1", "true", "yes", "on"}


class DefaultConfig:
    # Filled in by create_app from the instance folder unless given.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SECRET_KEY: str | None = None
    # Signs badges; derived from SECRET_KEY when unset (as badges always were).
    BADGE_SECRET_KEY: str | None = None

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
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # SESSION_COOKIE_SECURE and REMEMBER_COOKIE_SECURE follow PUBLIC_BASE_URL
    # (on for https) unless set; see create_app.

    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "eventapp <no-reply@eventapp.local>"
    MAIL_TIMEOUT = 10
    # Seconds before each retry of a message the SMTP server did not take;
    # after the last one it is "failed" and waits for an organiser to resend it.
    MAIL_RETRY_DELAYS: tuple[float, ...] = (10, 60, 300, 900)
    # Messages sent over one connection; a delivery holds them for
    # MAIL_CLAIM_SECONDS, well over MAIL_BATCH_SIZE x MAIL_TIMEOUT.
    MAIL_BATCH_SIZE = 50
    MAIL_CLAIM_SECONDS = 1800

    # Every absolute link (e-mails, calendars, PDFs) starts with this, never
    # with the Host a request claims; set it to the public address.
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    # Host names this app answers to (Flask answers 400 to any other); None: any.
    TRUSTED_HOSTS: list[str] | None = None

    # Where online meetings' video rooms are: a Jitsi Meet (public, or self-hosted).
    ONLINE_MEETING_BASE_URL = "https://meet.jit.si"

    # Werkzeug's default; the tests use a cheap method to stay fast.
    PASSWORD_HASH_METHOD = "scrypt"

    # Per-IP limits (Flask-Limiter). Counts live in RATELIMIT_STORAGE_URI
    # (redis://...); without it in each worker's memory.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "eventapp"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_FAILED_SIGN_INS = "50 per 15 minutes"
    # A venue's booth registers many people from one address: count only
    # registrations made, not forms sent back with errors.
    RATELIMIT_REGISTRATIONS = "20 per hour"
    RATELIMIT_MEETING_REQUESTS = "30 per hour"
    # "Send me my link again": each request e-mails someone.
    RATELIMIT_LINK_REQUESTS = "20 per hour"
    RATELIMIT_LINK_REQUESTS_PER_ADDRESS = "3 per hour"

    # How long a worker trusts what it read about an API token (account and
    # roles): revoking a token or a role takes effect within this time.
    API_CALLER_CACHE_SECONDS = 5.0

    # Redis for background jobs (redis://127.0.0.1:6379/0); unset, jobs run
    # in a thread of the web process. /api/v1/ready checks it when set.
    REDIS_URL: str | None = None
    # How many proxies in front of the app set X-Forwarded-For and -Proto
    # (nginx: 1). 0 trusts no such header: anyone could claim any address.
    PROXY_HOPS = 0
    # "json": one JSON object per log line, for a log collector; else text.
    LOG_FORMAT = "text"
    # /metrics answers a request bearing this token; unset, only this machine.
    METRICS_TOKEN: str | None = None

    PARTICIPANTS_PER_PAGE = 25
    API_MAX_PER_PAGE = 500
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    MOU_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # a scanned MoU of a dozen pages at 300 dpi
    PRODUCT_PHOTO_MAX_BYTES = 8 * 1024 * 1024  # a 12-megapixel phone photo is 3-5 MB
    IMPORT_MAX_ROWS = 5000
    # `flask privacy purge` erases the participants of events that ended more
    # than this many months ago (the privacy notice promises 24).
    PRIVACY_RETENTION_MONTHS = 24


# Settings read from the environment, and how to turn the text into a value.
ENVIRONMENT_SETTINGS = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", _flag),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", _flag),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "PUBLIC_BASE_URL": ("PUBLIC_BASE_URL", str),
    "ONLINE_MEETING_BASE_URL": ("ONLINE_MEETING_BASE_URL", str),
    "TRUSTED_HOSTS": ("TRUSTED_HOSTS", lambda text: [host.strip() for host in text.split(",") if host.strip()]),
    "BADGE_SECRET_KEY": ("BADGE_SECRET_KEY", str),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", _flag),
    "REMEMBER_COOKIE_SECURE": ("REMEMBER_COOKIE_SECURE", _flag),
    "API_CALLER_CACHE_SECONDS": ("API_CALLER_CACHE_SECONDS", float),
    "REDIS_URL": ("REDIS_URL", str),
    "PROXY_HOPS": ("PROXY_HOPS", int),
    "LOG_FORMAT": ("LOG_FORMAT", str),
    "METRICS_TOKEN": ("METRICS_TOKEN", str),
    "PRIVACY_RETENTION_MONTHS": ("PRIVACY_RETENTION_MONTHS", int),
}

# Cookies sent only over https when the public address is https.
SECURE_COOKIE_SETTINGS = ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE")
