"""Entry point for WSGI servers: ``gunicorn wsgi:app``."""

from eventapp import create_app

app = create_app()
