"""Partnership Tracker: the application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config
from .extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

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
    migrate.init_app(app, db, render_as_batch=True, directory=str(config.ROOT / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_locale)
    bootstrap.init_app(app)

    from . import models

    @login_manager.user_loader
    def load_user(session_token: str) -> models.User | None:
        return db.session.scalar(
            select(models.User).where(models.User.session_token == session_token)
        )

    from .api import init_api
    from .web import init_web

    init_web(app)
    init_api(app)

    from .cli import register_commands

    register_commands(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    return app


def _locale() -> str | None:
    from flask import current_app
    from flask_login import current_user

    languages = current_app.config["LANGUAGES"]
    chosen = getattr(g, "locale_override", None)
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    # By primary subtag, in the browser's order: "sv-SE, en-US;q=0.9" means Swedish, which an
    # exact best_match would miss in favour of a later exact "en".
    for tag, _quality in request.accept_languages:
        primary = tag.split("-")[0].split("_")[0].lower()
        if primary in languages:
            return primary
    return "en"
