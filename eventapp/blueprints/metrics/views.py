"""/metrics for Prometheus: only with the METRICS_TOKEN, or from this machine
when no token is set (a scraper on the same host, or through an SSH tunnel)."""

import hmac

from flask import Blueprint, Response, current_app, request

from eventapp import metrics
from eventapp.domain.errors import PermissionDenied, Text

bp = Blueprint("metrics", __name__)

THIS_MACHINE = frozenset({"127.0.0.1", "::1"})


def _allowed() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.remote_addr in THIS_MACHINE


@bp.get("/metrics")
def exposition():
    if not _allowed():
        raise PermissionDenied(Text("Metrics are read with the metrics token, or from the server itself."))
    return Response(metrics.exposition(), mimetype="text/plain; version=0.0.4; charset=utf-8")
