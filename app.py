"""The WSGI application: ``gunicorn app:app``, ``flask --app app ...``."""

from partnership import create_app

app = create_app()
