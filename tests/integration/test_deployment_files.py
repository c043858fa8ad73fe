"""The deployment files in deploy/ and gunicorn.conf.py are what the README
says to install: nginx accepts the site, gunicorn reads its settings."""

import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx-eventapp.conf"


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here (apt-get install nginx-light)")
def test_nginx_accepts_the_site(tmp_path):
    key, certificate = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=hoinghi.example.vn",
            "-keyout",
            key,
            "-out",
            certificate,
        ],
        check=True,
        capture_output=True,
    )
    site = (
        SITE.read_text()
        .replace("/etc/letsencrypt/live/hoinghi.example.vn/fullchain.pem", str(certificate))
        .replace("/etc/letsencrypt/live/hoinghi.example.vn/privkey.pem", str(key))
        .replace("/srv/eventapp/static/", f"{ROOT / 'static'}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path / 'site.conf'};\n}}\n"
    )
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_gunicorn_reads_its_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["workers"] == 3 and settings["bind"] == "127.0.0.1:8000"
    assert settings["timeout"] == 60 and settings["accesslog"] == "-"


def test_the_web_unit_runs_the_migrations_then_gunicorn_with_these_settings():
    unit = (ROOT / "deploy" / "eventapp-web.service").read_text()
    assert "ExecStartPre=/srv/eventapp/.venv/bin/flask --app eventapp db upgrade" in unit
    assert "gunicorn -c gunicorn.conf.py wsgi:app" in unit


def test_the_worker_unit_runs_the_jobs_worker_with_the_web_units_settings():
    worker = (ROOT / "deploy" / "eventapp-worker.service").read_text()
    web = (ROOT / "deploy" / "eventapp-web.service").read_text()
    assert "ExecStart=/srv/eventapp/.venv/bin/flask --app eventapp jobs worker" in worker
    for line in (
        "EnvironmentFile=/etc/eventapp/eventapp.env",
        "User=eventapp",
        "Environment=EVENTAPP_INSTANCE_PATH=/var/lib/eventapp",
    ):
        assert line in worker and line in web
