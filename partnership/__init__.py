"""Partnership Tracker: the application factory."""

from __future__ import annotations

import functools
from typing import Any

from babel import Locale
from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from . import bodies, config, pool
from .extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate
from .i18n import choose, from_accept_language

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    # templates/ and static/ sit beside the package, not inside it.
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE),
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    app.config.update(config.from_environment())
    if overrides:
        app.config.update(overrides)

    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore

    db.init_app(app)
    pool.init_app(app)  # the app's connections: pinged when idle, reads outside transactions
    migrate.init_app(app, db, render_as_batch=True, directory=str(config.ROOT / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    bodies.init_app(app)  # odd bodies refused before anything reads them (bodies.py)
    babel.init_app(app, locale_selector=_locale)
    bootstrap.init_app(app)

    from . import mail
    from .services import events

    mail.init_app(app)
    events.subscribe_all()  # the inbox and emails hear of every change (services/events.py)

    from .api import init_api
    from .web import init_web

    init_web(app)
    init_api(app)

    _answer_errors(app)

    from .cli import register_commands

    register_commands(app)

    from . import compress

    compress.init_app(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if "Cache-Control" not in response.headers and _someone_is_logged_in():
            # What a logged-in page shows (a new token, once; a partnership's history) must not
            # stay in a shared or back-button cache; public pages and assets keep their own.
            response.headers["Cache-Control"] = "no-store"
        return response

    return app


def _someone_is_logged_in() -> bool:
    """A session's user on pages, a bearer token's under /api; never loads a user for assets."""
    if request.endpoint == "static":
        return False
    if g.get("api_user") is not None:
        return True
    from flask_login import current_user

    return bool(current_user and current_user.is_authenticated)


def _answer_errors(app: Flask) -> None:
    """What went wrong is answered by the layer the request came to: JSON under /api, an
    error page elsewhere. Registered after the API, so it replaces flask-smorest's handler."""
    from sqlalchemy.exc import IntegrityError
    from werkzeug.exceptions import HTTPException

    from .api import errors as api_errors
    from .api import is_api_request
    from .errors import AppError, Conflict
    from .web import errors as web_errors

    def layer():
        return api_errors if is_api_request() else web_errors

    @app.errorhandler(AppError)
    def app_error(error: AppError):
        return layer().app_error(error)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        # The database refused a write that raced another one (a second answer, a second
        # review, a second open phase): a conflict with the current state, never a 500.
        db.session.rollback()
        return layer().app_error(Conflict("request.conflict_race"))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return layer().http_error(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()  # the last resort: nothing half-written survives a crash
        return layer().unexpected(error)


def _locale() -> Locale:
    """Pages: the stored choice, else the browser's. The API: Accept-Language, else the
    token owner's stored choice (SPEC §7, §10). One rule, in ``i18n.choose``. Answered as the
    language's one ``Locale``: flask-babel takes it as it is, instead of parsing the name anew
    for every request."""
    from flask_login import current_user

    from .api import is_api_request

    browser = from_accept_language(request.accept_languages)
    if is_api_request():
        return _parsed(choose(browser, getattr(g.get("api_user"), "language", None)))
    stored = current_user.language if current_user and current_user.is_authenticated else None
    return _parsed(choose(stored, browser))


@functools.cache
def _parsed(language: str) -> Locale:
    return Locale.parse(language)
