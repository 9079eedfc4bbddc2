"""What the benchmarks share: the database they run on, its one user, the two partnerships.

The app's modules are imported inside the functions: the caller puts the measured checkout's
code on ``sys.path`` first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

EMAIL, PASSWORD = "bench@bench.example", "benchmark password"
LOGIN = {"email": EMAIL, "password": PASSWORD}


def database_url(schema: str, folder: Path) -> tuple[str, str | None]:
    """PostgreSQL's BENCH_DATABASE_URL in ``schema`` (which ``set_up`` makes), else a fresh
    SQLite file in ``folder``; and the schema, None on SQLite."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return f"sqlite:///{folder / 'bench.db'}", None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}", schema


def set_up(app: Any, schema: str | None) -> str:
    """The tables (in ``schema`` when given) and the one user; their API token."""
    from partnership.extensions import db
    from partnership.services import accounts

    with app.app_context():
        if schema:
            with db.engine.begin() as connection:
                connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        db.create_all()
        user = accounts.register(EMAIL, "Bench", PASSWORD)
        _, token = accounts.create_token(user)
        db.session.commit()
    return token


def tear_down(app: Any, schema: str | None) -> None:
    """Drop ``schema`` and all it holds (SQLite's file goes with its folder)."""
    if not schema:
        return
    from partnership.extensions import db

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        db.engine.dispose()


def documents() -> dict[str, dict[str, Any]]:
    """The two partnerships to import: 30 phases and 3,000 commitments, and its last phase
    alone, cut to 10 commitments and 3 directives."""
    from benchmarks.import_large import large_document

    large = large_document("bench.example")
    last = large["phases"][-1]
    short = dict(last, commitments=last["commitments"][:10], directives=last["directives"][:3])
    small = dict(large, phases=[short])
    small["partnership"] = dict(small["partnership"], name="Benchmark: a short partnership")
    return {"small": small, "large": large}
