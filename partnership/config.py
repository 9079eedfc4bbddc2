"""Settings read from the environment, with defaults that suit one person on a laptop."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _secret_key(debug: bool) -> str:
    """SECRET_KEY from the environment; for local use, one generated once and kept in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not debug and os.environ.get("LOCAL_SECRET_KEY") != "1":
        raise RuntimeError(
            "SECRET_KEY is not set. Set it in the environment for production, "
            "or set LOCAL_SECRET_KEY=1 (or FLASK_DEBUG=1) to use a key generated once in instance/."
        )
    INSTANCE.mkdir(exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE.mkdir(exist_ok=True)
        return f"sqlite:///{INSTANCE / 'partnership.db'}"
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 explicitly.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _base_url() -> str | None:
    """BASE_URL: where people reach the app (``https://tracker.example.com``), for the absolute
    links the app hands out of a page (calendar feeds); without it, the request's own host."""
    url = (os.environ.get("BASE_URL") or "").strip().rstrip("/")
    if not url:
        return None
    if not url.startswith(("http://", "https://")) or "?" in url or "#" in url:
        raise RuntimeError(
            f"BASE_URL must be an http(s) address such as https://tracker.example.com, not {url!r}"
        )
    return url


def from_environment() -> dict:
    debug = os.environ.get("FLASK_DEBUG", "") in {"1", "true", "True"}
    redis_url = os.environ.get("REDIS_URL") or None
    return {
        "SECRET_KEY": _secret_key(debug),
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "REDIS_URL": redis_url,
        # Memory storage would multiply the limit by the number of gunicorn workers.
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # A 3,000-commitment export is a few MB; leave room for a long history.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 32 * 1024 * 1024)),
        # A document larger than this is imported by the background worker, not the request
        # (issue 11: two 30 MB imports held both web workers for 30 s).
        "IMPORT_INLINE_BYTES": int(os.environ.get("IMPORT_INLINE_BYTES", 512 * 1024)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Email (SPEC §11): without MAIL_URL messages are written to the log.
        "MAIL_URL": os.environ.get("MAIL_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM") or "Partnership Tracker <tracker@localhost>",
        # Where people reach the site: links in emails and feeds are absolute, and no request
        # tells the worker its address (partnership/links.py).
        "BASE_URL": _base_url(),
        # Webhooks (SPEC §12): the key their secrets are encrypted with (else SECRET_KEY), and
        # whether they may reach private networks (an intranet; the tests' own receiver).
        "WEBHOOK_KEY": os.environ.get("WEBHOOK_KEY") or None,
        "WEBHOOK_ALLOW_PRIVATE": os.environ.get("WEBHOOK_ALLOW_PRIVATE", "0") == "1",
        "BOOTSTRAP_SERVE_LOCAL": True,
        "BABEL_DEFAULT_LOCALE": "en",
        "API_TITLE": "Partnership Tracker API",
        "API_VERSION": "1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
        },
    }
