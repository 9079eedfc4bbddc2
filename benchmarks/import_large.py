"""Import a large history (30 phases, 3,000 commitments) and print how long each step takes.

    .venv/bin/python -m benchmarks.import_large      # or: python benchmarks/import_large.py

Runs on a fresh SQLite file, then on PostgreSQL too when BENCH_DATABASE_URL (or
TEST_DATABASE_URL) is set; there it creates the tables if missing and deletes only what it
imported. Figures are printed, never asserted: a test would be flaky on a busy machine.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret")

from sqlalchemy import delete, func, select  # noqa: E402

from partnership import create_app  # noqa: E402
from partnership.domain.document_validation import FORMAT, validate_document  # noqa: E402
from partnership.domain.vocabulary import CRITERIA  # noqa: E402
from partnership.extensions import db  # noqa: E402
from partnership.models import Partnership, User  # noqa: E402
from partnership.services import accounts, export_import  # noqa: E402

PHASES = 30
COMMITMENTS_PER_PHASE = 100  # 3,000 in all
GOALS_PER_PHASE = 5
DIRECTIVES_PER_PHASE = 10
START = datetime(2020, 1, 6, 8, 0, tzinfo=UTC)


def large_document(domain: str) -> dict[str, Any]:
    """A valid document: 29 decided phases and an active one, every list well filled."""
    client = [f"client{n}@client.{domain}" for n in range(3)]
    vendor = [f"vendor{n}@vendor.{domain}" for n in range(5)]
    members = [
        {
            "email": e,
            "name": f"Client {n}",
            "side": "client",
            "role": "lead" if n == 0 else "member",
        }
        for n, e in enumerate(client)
    ]
    members += [
        {
            "email": e,
            "name": f"Vendor {n}",
            "side": "vendor",
            "role": "lead" if n == 0 else "member",
        }
        for n, e in enumerate(vendor)
    ]
    clock = START

    def tick(minutes: int = 7) -> str:
        nonlocal clock
        clock += timedelta(minutes=minutes)
        return clock.isoformat()

    def day(offset: int) -> str:
        return (clock.date() + timedelta(days=offset)).isoformat()

    phases = []
    for p in range(PHASES):
        status = "active" if p == PHASES - 1 else ("stopped" if p % 7 == 6 else "passed")
        planned_start: date = clock.date()
        goals = [
            {
                "key": f"g{p}.{n}",
                "title": f"Outcome {n} of phase {p}: customers can do more",
                "success_criterion": "Measured by the pilot customers",
                "priority": "must",
                "created_by": client[0],
                "created_at": tick(),
                **(
                    {
                        "revisions": [
                            {
                                "title": "An earlier wording",
                                "priority": "should",
                                "replaced_by": client[0],
                                "replaced_at": tick(),
                            }
                        ]
                    }
                    if n == 0
                    else {}
                ),
            }
            for n in range(GOALS_PER_PHASE)
        ]
        started = tick(60)
        directives = [
            {
                "key": f"d{p}.{n}",
                "text": f"Please look at request {n} of phase {p}.",
                "channel": ("ticket", "chat", "email", "direct")[n % 4],
                "adds_scope": n % 5 == 0,
                "goal": f"g{p}.{n % GOALS_PER_PHASE}",
                "created_by": client[n % 3],
                "created_at": tick(),
                "response": {
                    "response": "accepted",
                    "note": "Planned.",
                    "by": vendor[n % 5],
                    "at": tick(),
                },
            }
            for n in range(DIRECTIVES_PER_PHASE)
        ]
        commitments = []
        for n in range(COMMITMENTS_PER_PHASE):
            created = tick(3)
            events = [{"type": "progress", "by": vendor[n % 5], "at": tick(), "note": "Halfway."}]
            if n % 10 == 0:
                events.append(
                    {
                        "type": "slip",
                        "by": vendor[0],
                        "at": tick(),
                        "new_due_date": day(20),
                        "note": "Blocked on a dependency.",
                    }
                )
            if n % 10 == 1:
                events.append({"type": "risk", "by": vendor[0], "at": tick(), "note": "Risky."})
            if status != "active" or n % 2 == 0:
                events.append(
                    {
                        "type": "delivered",
                        "by": vendor[n % 5],
                        "at": tick(),
                        "evidence": f"https://ci.{domain}/build/{p}-{n}",
                    }
                )
            commitments.append(
                {
                    "key": f"c{p}.{n}",
                    "title": f"Deliverable {n} of phase {p}",
                    "goal": f"g{p}.{n % GOALS_PER_PHASE}",
                    "due_date": day(14),
                    "created_by": vendor[n % 5],
                    "created_at": created,
                    "events": events,
                }
            )
        phase: dict[str, Any] = {
            "key": f"p{p}",
            "name": f"Phase {p + 1}",
            "objective": "Ship the next increment.",
            "planned_start": planned_start.isoformat(),
            "planned_end": day(1),
            "status": status,
            "started_at": started,
            "goals": goals,
            "directives": directives,
            "commitments": commitments,
            "reviews": [],
        }
        if status != "active":
            phase["closed_at"] = tick(60)
            decisions = {"client": "go", "vendor": "no_go" if status == "stopped" else "go"}
            for side, lead in (("client", client[0]), ("vendor", vendor[0])):
                review = {
                    "side": side,
                    "by": lead,
                    "submitted_at": tick(),
                    "ratings": dict.fromkeys(CRITERIA[side], 4),
                    "decision": decisions[side],
                    "comment": "Fine.",
                }
                if side == "client":
                    review["goal_outcomes"] = {g["key"]: "met" for g in goals}
                phase["reviews"].append(review)
            phase["decided_at"] = tick()
        phases.append(phase)
    return {
        "format": FORMAT,
        "exported_at": tick(),
        "partnership": {
            "name": "Benchmark: a long partnership",
            "client_name": "Client",
            "vendor_name": "Vendor",
            "engagement": "fixed_price",
            "created_at": START.isoformat(),
        },
        "members": members,
        "phases": phases,
    }


def row_count() -> int:
    return sum(
        db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    )


def timed(work):
    began = time.perf_counter()
    result = work()
    return result, time.perf_counter() - began


def run(label: str, url: str, *, cleanup: bool) -> None:
    domain = f"bench-{secrets.token_hex(4)}.example"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": "localhost",
        }
    )
    with app.app_context():
        db.create_all()
        importer = accounts.register(f"importer@{domain}", "Importer", "benchmark password")
        importer_id = importer.id
        doc = large_document(domain)
        body = json.dumps(doc).encode()
        commitments = sum(len(p["commitments"]) for p in doc["phases"])
        events = sum(len(c["events"]) for p in doc["phases"] for c in p["commitments"])

        parsed, parse_s = timed(lambda: json.loads(body))
        _, validate_s = timed(lambda: validate_document(parsed))
        before = row_count()
        partnership, import_s = timed(lambda: export_import.import_document(importer, parsed))
        rows = row_count() - before
        pid = partnership.id
        db.session.expunge_all()
        exported, export_s = timed(lambda: export_import.export(db.session.get(Partnership, pid)))
        exported_body, dumps_s = timed(lambda: json.dumps(exported).encode())

        _, token = accounts.create_token(db.session.get(User, importer_id))
        client = app.test_client()
        response, api_s = timed(
            lambda: client.post(
                "/api/v1/import",
                data=body,
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
        )
        # Over IMPORT_INLINE_BYTES: 202 at once, the job runs after the response (no Redis);
        # the status resource then answers 303 to the new partnership.
        assert response.status_code == 202, response.get_json()
        status_path = response.headers["Location"]
        _, job_s = timed(response.close)  # the work after the response runs as it closes
        status = client.get(status_path, headers={"Authorization": f"Bearer {token}"})
        assert status.status_code == 303, status.get_json()
        api_pid = status.get_json()["partnership_id"]

        print(f"\n== {label}")
        print(
            f"document: {PHASES} phases, {commitments:,} commitments, {events:,} events, "
            f"{len(body) / 1e6:.2f} MB (export: {len(exported_body) / 1e6:.2f} MB)"
        )
        print(f"parse JSON        {parse_s:8.3f} s")
        print(f"validate          {validate_s:8.3f} s  (schema and every rule of SPEC §8)")
        print(
            f"import (service)  {import_s:8.3f} s  (validates again, then writes; "
            f"{rows:,} rows in one transaction)"
        )
        print(f"export            {export_s:8.3f} s  (+ {dumps_s:.3f} s to serialise)")
        print(f"POST /api/v1/import answers 202 in {api_s:8.3f} s")
        print(f"the background import  {job_s:8.3f} s  (after the response)")

        if cleanup:
            db.session.expunge_all()
            for partnership_id in (pid, api_pid):
                db.session.delete(db.session.get(Partnership, partnership_id))
            db.session.flush()
            db.session.execute(delete(User).where(User.email.like(f"%{domain}")))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _postgres_url() -> str | None:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite (fresh file)", f"sqlite:///{Path(folder) / 'bench.db'}", cleanup=False)
    url = _postgres_url()
    if url:
        run("PostgreSQL", url, cleanup=True)
    else:
        print("\n(set BENCH_DATABASE_URL or TEST_DATABASE_URL to also run on PostgreSQL)")


if __name__ == "__main__":
    main()
