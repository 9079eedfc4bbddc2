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

# Login limits: one budget for the login page and POST /api/v1/tokens together (shared limits
# count by their scope alone, not per endpoint), so the stated limit is the real one.
LOGIN_LIMIT_PER_ACCOUNT = "10 per minute; 50 per hour"  # guessing one account's password
LOGIN_LIMIT_PER_ADDRESS = "300 per hour"  # spraying many accounts, high enough for an office
# Registering, page and POST /api/v1/users together: per address, generous enough for an office
# behind one NAT signing its people up on the same morning; per email and address, tight.
REGISTER_LIMIT_PER_ADDRESS = "60 per hour"
REGISTER_LIMIT_PER_ACCOUNT = "5 per hour"


# The methods a limit counts: the sendings of a form or an API call, never a read. The one
# rule of which requests the limiter looks at: a limit on another method must add it here.
LIMITED_METHODS = ("POST",)


@limiter.request_filter
def _not_limited() -> bool:
    """A request of another method is not looked at: evaluating the limits that do not
    apply to it was a twentieth of a kept answer's time (issue 15)."""
    return request.method not in LIMITED_METHODS


def _limits(view, scope: str, per_account: str, per_address: str):
    view = limiter.shared_limit(
        per_account, scope=f"{scope}-account", key_func=account_and_address
    )(view)
    return limiter.shared_limit(per_address, scope=f"{scope}-address")(view)


def login_limits(view):
    return _limits(view, "login", LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_ADDRESS)


def register_limits(view):
    return _limits(view, "register", REGISTER_LIMIT_PER_ACCOUNT, REGISTER_LIMIT_PER_ADDRESS)
