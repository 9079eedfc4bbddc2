"""The Flask extensions, created unbound so that create_app can bind them to each app."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints so that Alembic can alter them on SQLite (batch mode) and PostgreSQL.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def account_and_address() -> str:
    """Login limits count per account *and* address: one office behind a NAT is not one user."""
    email = (request.form.get("email") or "").strip().lower()
    if not email and request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("email"), str):
            email = body["email"].strip().lower()
    return f"{email}|{get_remote_address()}"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(get_remote_address)
babel = Babel()
bootstrap = Bootstrap5()

# Login limits, shared by the login page and POST /api/v1/tokens (one bucket, by scope).
LOGIN_LIMIT_PER_ACCOUNT = "10 per minute; 50 per hour"  # guessing one account's password
LOGIN_LIMIT_PER_ADDRESS = "300 per hour"  # spraying many accounts, high enough for an office


def login_limits(view):
    view = limiter.limit(
        LOGIN_LIMIT_PER_ACCOUNT,
        key_func=account_and_address,
        methods=["POST"],
        scope="login-account",
    )(view)
    return limiter.limit(LOGIN_LIMIT_PER_ADDRESS, methods=["POST"], scope="login-address")(view)
