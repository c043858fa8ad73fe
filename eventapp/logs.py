"""Log lines as text (default) or, with LOG_FORMAT=json, one JSON object per
line for a log collector (journald, Loki, ELK): time, level, logger, message,
the request's method, path and client when there is one, and the traceback."""

import json
import logging
from datetime import UTC, datetime

from flask import Flask, has_request_context, request


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            line |= {"method": request.method, "path": request.path, "client": request.remote_addr}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def init_app(app: Flask) -> None:
    if app.config["LOG_FORMAT"] != "json":
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # Flask's own handler would print each line a second time, as text.
    app.logger.handlers.clear()
    app.logger.propagate = True
