"""Where to send someone after a form: back where they came from, but only
ever to a page of this site."""

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` if it is a local path ("/manage/..."), else ``fallback``:
    a link from elsewhere must not turn our redirect into theirs."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return fallback
