"""Prometheus metrics at /metrics: requests by endpoint and status with
their latency, the door's scans by result, jobs by kind and status and
e-mails by status.

Request figures are counted in each process. Under gunicorn (several worker
processes) set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder, as
``gunicorn.conf.py`` does: each worker then writes its figures there and a
scrape adds them up. Scans are read from the database at each scrape, so they
are the same whichever worker answers and survive restarts; the background
jobs and the e-mails add their own counts the same way.
"""

import os
import time
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from flask import Flask, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from eventapp.extensions import db
from eventapp.models import Job, OutgoingEmail, Scan
from eventapp.models.mail import EMAIL_STATUSES

# Registered nowhere: each scrape builds its registry (see ``exposition``).
REQUEST_COUNT = Counter("eventapp_requests", "HTTP requests answered", ["endpoint", "method", "status"], registry=None)
REQUEST_SECONDS = Histogram(
    "eventapp_request_duration_seconds",
    "Time to answer an HTTP request",
    ["endpoint"],
    # The door's scans answer in tens of milliseconds; PDFs take seconds.
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=None,
)


class DatabaseFigures(Collector):
    """Counts kept by the database itself, read when Prometheus scrapes."""

    def __init__(self, read: Callable[[], Iterable[Metric]]) -> None:
        self.read = read

    def collect(self) -> Iterable[Metric]:
        return self.read()


def scans_by_result() -> Iterable[Metric]:
    family = CounterMetricFamily("eventapp_scans", "Badge scans recorded at the doors", labels=["result"])
    for result, count in db.session.execute(sa.select(Scan.result, sa.func.count()).group_by(Scan.result)):
        family.add_metric([result], count)
    yield family


def jobs_by_kind_and_status() -> Iterable[Metric]:
    family = GaugeMetricFamily("eventapp_jobs", "Background jobs by kind and status", labels=["kind", "status"])
    query = sa.select(Job.kind, Job.status, sa.func.count()).group_by(Job.kind, Job.status)
    for kind, status, count in db.session.execute(query):
        family.add_metric([kind, status], count)
    yield family


def emails_by_status() -> Iterable[Metric]:
    family = GaugeMetricFamily("eventapp_emails", "E-mails in the outbox by status", labels=["status"])
    query = sa.select(OutgoingEmail.status, sa.func.count()).group_by(OutgoingEmail.status)
    counts = {status: count for status, count in db.session.execute(query)}
    # Every status, at 0 too: an alert on failed e-mails needs the series to exist.
    for status in EMAIL_STATUSES:
        family.add_metric([status], counts.get(status, 0))
    yield family


DATABASE_FIGURES: list[Callable[[], Iterable[Metric]]] = [scans_by_result, jobs_by_kind_and_status, emails_by_status]


def exposition() -> bytes:
    """Everything Prometheus reads, in its text format."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (REQUEST_COUNT, REQUEST_SECONDS):
            registry.register(collector)
    for read in DATABASE_FIGURES:
        registry.register(DatabaseFigures(read))
    return generate_latest(registry)


def init_app(app: Flask) -> None:
    @app.before_request
    def start_the_clock() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def count_the_request(response):
        started = g.pop("request_started", None)
        # Unmatched URLs share one label: a scanner of random paths must not
        # make a new time series per path.
        endpoint = request.endpoint or "unmatched"
        REQUEST_COUNT.labels(endpoint, request.method, str(response.status_code)).inc()
        if started is not None:
            REQUEST_SECONDS.labels(endpoint).observe(time.perf_counter() - started)
        return response
