"""gunicorn's settings for eventapp: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (WEB_CONCURRENCY, PORT,
GUNICORN_TIMEOUT, ...) or on the command line.
"""

import multiprocessing
import os
import shutil
import tempfile

# Behind nginx on the same machine (deploy/nginx-eventapp.conf).
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Requests wait on PostgreSQL more than on the CPU: gunicorn's usual 2n + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A few threads per worker keep the door's scans answering while another
# request in the same worker waits on the database or builds a PDF.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Long work runs as background jobs; a request that takes longer than this is
# stuck, and its worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replace workers now and then, so a slow leak never reaches the event's last day.
max_requests = 2000
max_requests_jitter = 200

accesslog = "-"
errorlog = "-"
if os.environ.get("LOG_FORMAT") == "json":
    access_log_format = (
        '{"time": "%(t)s", "client": "%({x-forwarded-for}i)s", "method": "%(m)s", "path": "%(U)s", '
        '"status": %(s)s, "bytes": "%(B)s", "seconds": %(L)s, "agent": "%(a)s"}'
    )

# Prometheus figures of every worker, added up at each scrape (eventapp/metrics.py).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="eventapp-metrics-")
_metrics_folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server):
    # Figures of a previous run would be counted again.
    shutil.rmtree(_metrics_folder, ignore_errors=True)
    os.makedirs(_metrics_folder, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
