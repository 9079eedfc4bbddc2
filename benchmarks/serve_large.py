"""Serve the app as in production and measure its pages and answers from outside (issue 15).

    make benchmark                                  # the code of this checkout
    .venv/bin/python -m benchmarks.serve_large /work/main   # another checkout's code, to compare

Deploys the app with ``gunicorn -w 2`` (on PostgreSQL when BENCH_DATABASE_URL is set, in a
schema of its own that it drops afterwards; else on a fresh SQLite file; with Redis when
BENCH_REDIS_URL is set), imports a 30-phase / 3,000-commitment partnership and a one-phase one
through ``POST /api/v1/import``, then measures with wrk (Debian package ``wrk``) the partnership
page, dashboard, phase page, trust, flags and export of each, beside a bare Flask "hello" app
served the same way in the same run, once the imports' aftermath has settled (their queued
jobs done, the tables vacuumed and analysed). Each line gives requests per second as a share of bare
Flask's, measured just before and just after it (the machine's speed drifts within a run), with
p50 and p99 latency. BENCH_DURATION (seconds, default 10) and BENCH_CONNECTIONS
(default 16) change the load; BENCH_ONLY (a comma-separated list of what to measure, e.g.
"large:GET /trust,large:phase page,large:after a write") narrows it. Last, for each
partnership, what the person who writes waits for: BENCH_CYCLES (default 15) writes of two
kinds (a directive, the description), each followed by the phase page drawn anew, and the
directive also by the export. Figures
are printed, never asserted.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CODE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE.parent
sys.path.insert(0, str(CODE))  # the checkout whose app is measured
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-" + secrets.token_hex(8))

HELLO = """
from flask import Flask
app = Flask(__name__)

@app.get("/")
def hello():
    return "Hello, World!"
"""

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
CYCLES = int(os.environ.get("BENCH_CYCLES", "15"))  # writes of each kind, each then a page
ONLY = {item.strip() for item in os.environ.get("BENCH_ONLY", "").split(",") if item.strip()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _gunicorn(module: str, port: int, env: dict[str, str], chdir: Path) -> subprocess.Popen:
    binary = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(binary), "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "300"]
        + ["--chdir", str(chdir), "--log-level", "warning", module],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nowhere", timeout=1)
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"gunicorn {module} did not start on port {port}")


def _wrk(url: str, headers: dict[str, str], seconds: int = DURATION) -> dict[str, Any]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": errors,
    }


def _wait_for_worker(redis_url: str) -> None:
    from redis import Redis
    from rq import Worker

    connection = Redis.from_url(redis_url)
    for _ in range(600):
        if Worker.count(connection=connection):
            return
        time.sleep(0.1)
    raise RuntimeError("the queue worker did not start")


def _settle(schema: str | None, redis_url: str) -> None:
    """Measure the steady state, not the aftermath of the imports: the queue worker done with
    what they queued (emails, webhooks), and PostgreSQL's tables vacuumed and analysed now, so
    that autovacuum has nothing to do in the middle of a row. Without this the first rows came
    out up to 40% slower than the same pages measured later in the run (which of the two was
    the cause is not known: autovacuum was not seen running in the 80 s after an import)."""
    if redis_url:
        from redis import Redis
        from rq import Queue
        from rq.registry import StartedJobRegistry

        connection = Redis.from_url(redis_url)
        names = [queue.name for queue in Queue.all(connection=connection)]
        for _ in range(600):
            busy = sum(
                Queue(name, connection=connection).count
                + StartedJobRegistry(name, connection=connection).count
                for name in names
            )
            if not busy:
                break
            time.sleep(0.1)
    if schema:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        from partnership.extensions import db

        # An engine of its own: the measured code's pool may have a transaction open.
        vacuum = create_engine(db.engine.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with vacuum.connect() as connection:
            tables = connection.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = %(schema)s",
                {"schema": schema},
            ).scalars()
            for table in list(tables):
                connection.exec_driver_sql(f'VACUUM ANALYZE {schema}."{table}"')


def _after_writes(
    base: str, pid: int, phase_id: int, page_headers: dict, api_headers: dict
) -> None:
    """What the person who writes waits for: the write, then what it leads back to, drawn anew
    for the new revision. Two kinds of write, by the client lead who imported it: a directive
    in the phase (its items change) and the partnership's description (no phase's items
    change); each followed by the phase page, and the directive also by the export."""
    auth = {**api_headers, "Content-Type": "application/json"}
    directive = (
        f"/api/v1/phases/{phase_id}/directives",
        "POST",
        lambda n: {"text": f"Please share the test plan, part {n}.", "channel": "ticket"},
    )
    description = (
        f"/api/v1/partnerships/{pid}",
        "PATCH",
        lambda n: {"description": f"Benchmark, revision {n}"},
    )
    page = (f"/phases/{phase_id}", page_headers)
    export = (f"/api/v1/partnerships/{pid}/export", {**api_headers, "Accept-Encoding": "gzip"})
    rows = {
        "a directive, then its page": (directive, page),
        "a description, then its page": (description, page),
        "a directive, then the export": (directive, export),
    }
    for what, ((path, method, body), (read, read_headers)) in rows.items():
        took_write, took_read = [], []
        for n in range(CYCLES):
            began = time.perf_counter()
            status, raw = _request(
                base + path, body=json.dumps(body(n)).encode(), headers=auth, method=method
            )
            assert status in (200, 201), (status, raw[:300])
            wrote = time.perf_counter()
            status, _ = _request(base + read, headers=read_headers)
            assert status == 200, status
            took_write.append((wrote - began) * 1000)
            took_read.append((time.perf_counter() - wrote) * 1000)
        print(
            f"{what:<29} write p50 {statistics.median(took_write):6.1f} ms, "
            f"read p50 {statistics.median(took_read):6.1f} ms, max {max(took_read):6.1f} ms "
            f"({CYCLES} in a row)"
        )


def _request(
    url: str, *, body: bytes | None = None, headers: dict[str, str], method: str | None = None
) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=600) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _as_a_browser_keeps_it(base: str, headers: dict[str, str]) -> dict[str, str]:
    """``headers`` with the session cookie a browser holds after its first page. The login's
    cookie lacks what that page adds (the CSRF token's key; the session's mark of another
    browser, since wrk's address and agent are not the login's): sent unchanged as wrk sends
    it, every answer re-signed the session and set a cookie a browser would have kept
    (a twentieth of a kept page)."""

    def first_page() -> Any:
        req = urllib.request.Request(f"{base}/partnerships", headers=headers)
        return urllib.request.urlopen(req, timeout=60)

    with first_page() as answer:
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            if cookie.startswith("session="):
                headers = {**headers, "Cookie": cookie.split(";")[0]}
    with first_page() as answer:
        assert not answer.headers.get_all("Set-Cookie"), "a kept cookie must stay as it is"
    return headers


def main() -> None:  # noqa: PLR0915
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    from benchmarks import common
    from partnership import create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    url, schema = common.database_url(f"bench_{secrets.token_hex(4)}", folder)
    label = "PostgreSQL" if schema else "SQLite"
    redis_url = os.environ.get("BENCH_REDIS_URL") or ""
    (folder / "hello_wsgi.py").write_text(HELLO)

    setup = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
    )
    token = common.set_up(setup, schema)
    browser = setup.test_client()
    answer = browser.post("/login", data=common.LOGIN)
    assert answer.status_code == 302, answer.status_code
    cookie = browser.get_cookie("session")
    assert cookie is not None
    page_headers = {"Cookie": f"session={cookie.value}", "Accept-Encoding": "gzip"}
    api_headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}

    env = dict(os.environ)
    env.update({"DATABASE_URL": url, "SECRET_KEY": os.environ["SECRET_KEY"]})
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    app_port, hello_port = _free_port(), _free_port()
    servers = [
        _gunicorn("app:app", app_port, env, CODE),
        _gunicorn("hello_wsgi:app", hello_port, env, folder),
    ]
    if redis_url:  # big imports go to the queue: a worker, as in production
        flask = Path(sys.executable).with_name("flask")
        servers.append(
            subprocess.Popen(
                [str(flask), "--app", "app", "worker"],
                cwd=CODE,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    base = f"http://127.0.0.1:{app_port}"
    try:
        page_headers = _as_a_browser_keeps_it(base, page_headers)
        if redis_url:
            _wait_for_worker(redis_url)  # a running worker, as in production: not its start
        targets = {}
        for name, doc in common.documents().items():
            body = json.dumps(doc).encode()
            began = time.perf_counter()
            status, raw = _request(
                f"{base}/api/v1/import",
                body=body,
                headers={**api_headers, "Content-Type": "application/json"},
            )
            auth = {"Authorization": api_headers["Authorization"]}
            if status == 202:  # a big document: imported in the background, poll its status
                job = json.loads(raw)["id"]
                while True:  # urllib follows the 303 to the partnership once it is done
                    status, raw = _request(f"{base}/api/v1/imports/{job}", headers=auth)
                    answer = json.loads(raw)
                    if "phases" in answer or answer.get("status") in ("refused", "failed"):
                        break
                    time.sleep(0.05)  # the import's time, not the polling's: at most 50 ms late
            took = time.perf_counter() - began
            assert status in (200, 201), (status, raw[:500])
            pid = json.loads(raw)["id"]
            status, raw = _request(f"{base}/api/v1/partnerships/{pid}", headers=auth)
            phase_id = json.loads(raw)["phases"][-1]["id"]
            targets[name] = (pid, phase_id, took)
        with setup.app_context():
            _settle(schema, redis_url)

        print(f"\n== gunicorn -w 2, {label}{' + Redis' if redis_url else ''}, code of {CODE}")
        print(f"wrk: {CONNECTIONS} connections, {DURATION} s each")
        hello_url = f"http://127.0.0.1:{hello_port}/"
        hello = _wrk(hello_url, {})
        hellos = [hello["rps"]]
        print(
            f"bare Flask hello: {hello['rps']:.0f} req/s, p50 {hello['p50']:.1f} ms, "
            f"p99 {hello['p99']:.1f} ms"
        )
        print(
            "(each share is of bare Flask measured just before and just after its row: this"
            " machine is shared, and its speed drifts within a run)"
        )
        for name, (pid, phase_id, took) in targets.items():
            print(f"\n-- {name} partnership (import through the API: {took:.2f} s)")
            print(
                f"{'what':<18} {'req/s':>8} {'of bare':>8} {'p50 ms':>8} {'p99 ms':>8} "
                f"{'errors':>7} {'wire bytes':>10}"
            )
            endpoints = {
                "partnership page": (f"/partnerships/{pid}", page_headers),
                "dashboard": (f"/partnerships/{pid}/dashboard", page_headers),
                "phase page": (f"/phases/{phase_id}", page_headers),
                "GET /trust": (f"/api/v1/partnerships/{pid}/trust", api_headers),
                "GET /flags": (f"/api/v1/partnerships/{pid}/flags", api_headers),
                "export": (f"/api/v1/partnerships/{pid}/export", api_headers),
            }
            for what, (path, headers) in endpoints.items():
                if ONLY and f"{name}:{what}" not in ONLY:
                    continue
                status, raw = _request(base + path, headers=headers)
                assert status == 200, (what, status, raw[:300])
                # Every worker's first read (from Redis, or drawn) before the measure: a row
                # tells what a reader waits for once the page is kept; "after a write" below
                # tells the first read.
                _wrk(base + path, headers, seconds=1)
                result = _wrk(base + path, headers)
                hellos.append(_wrk(hello_url, {})["rps"])
                bare = (hellos[-2] + hellos[-1]) / 2
                share = result["rps"] / bare * 100 if bare else 0.0
                print(
                    f"{what:<18} {result['rps']:8.1f} {share:7.1f}% {result['p50']:8.1f} "
                    f"{result['p99']:8.1f} {result['errors']:7d} {len(raw):10,}"
                )
            if not ONLY or f"{name}:after a write" in ONLY:
                _after_writes(base, pid, phase_id, page_headers, api_headers)
        print(f"\nbare Flask over the run: {min(hellos):.0f} to {max(hellos):.0f} req/s")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        common.tear_down(setup, schema)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
