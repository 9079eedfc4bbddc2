"""What a kept page or answer costs, in CPU instructions per request: a figure this shared
machine's noise does not move (issue 15).

    .venv/bin/python -m benchmarks.instructions                 # the code of this checkout
    .venv/bin/python -m benchmarks.instructions /tmp/other      # another checkout's code

wrk's requests per second move by a quarter from one minute to the next here, as much as most
changes; valgrind's callgrind counts the instructions a process runs, the same whatever else
the machine does. This runs the app in-process under callgrind (Debian package ``valgrind``)
with its instrumentation off, on PostgreSQL when BENCH_DATABASE_URL is set (in a schema of its
own, dropped afterwards), else on a fresh SQLite file; imports the one-phase partnership of
``serve_large``; logs in; then, for each address, reads it 20 times, and counts the next
BENCH_REQUESTS (default 50) reads. Each figure is printed with its ratio to a bare route of
the same app (logged in, no query of its own): Flask, the session and the test client are in
both. About 3 minutes. Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
WARM = 20
BARE = "bare route"
_INSIDE = "BENCH_INSTRUCTIONS_DUMPS"  # set in the process that valgrind runs


def _control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=True, capture_output=True)


def _measure(dumps: Path) -> None:
    """Inside valgrind: the app, its data, and a dump per address."""
    sys.path.insert(0, str(CODE))
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-" + secrets.token_hex(8))
    from benchmarks import common
    from partnership import create_app

    url, schema = common.database_url(f"instr_{secrets.token_hex(4)}", dumps)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "JOBS_INLINE": True,
        }
    )
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "Hello, World!")
    token = common.set_up(app, schema)
    try:
        api = {"Authorization": f"Bearer {token}"}
        client = app.test_client()
        answer = client.post("/api/v1/import", json=common.documents()["small"], headers=api)
        assert answer.status_code in (200, 201), answer.get_data()[:300]
        pid = answer.get_json()["id"]
        phases = client.get(f"/api/v1/partnerships/{pid}", headers=api).get_json()["phases"]
        assert client.post("/login", data=common.LOGIN).status_code == 302
        addresses = {
            BARE: ("/bench-bare", {}),
            "partnership page": (f"/partnerships/{pid}", {}),
            "dashboard": (f"/partnerships/{pid}/dashboard", {}),
            "phase page": (f"/phases/{phases[0]['id']}", {}),
            "GET /trust": (f"/api/v1/partnerships/{pid}/trust", api),
            "GET /flags": (f"/api/v1/partnerships/{pid}/flags", api),
            "export": (f"/api/v1/partnerships/{pid}/export", api),
            "GET /members": (f"/api/v1/partnerships/{pid}/members", api),
        }
        _control("--instr=on")
        for number, (what, (path, headers)) in enumerate(addresses.items()):
            for _ in range(WARM):
                status = client.get(path, headers=headers).status_code
                assert status == 200, (what, status)
            _control("--zero")
            for _ in range(REQUESTS):
                client.get(path, headers=headers)
            _control(f"--dump={number}")
        (dumps / "names").write_text("\n".join(addresses))
    finally:
        common.tear_down(app, schema)


def main() -> None:
    if os.environ.get(_INSIDE):
        _measure(Path(os.environ[_INSIDE]))
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        sys.exit("valgrind is missing: apt-get install valgrind")
    dumps = Path(tempfile.mkdtemp(prefix="bench-instr-"))
    try:
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={dumps}/out",
                sys.executable,
                "-m",
                "benchmarks.instructions",
                str(CODE),
            ],
            cwd=HERE.parent,
            env={**os.environ, _INSIDE: str(dumps)},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        names = (dumps / "names").read_text().splitlines()
        counts: dict[str, float] = {}
        for dump in dumps.glob("out.*"):
            text = dump.read_text(errors="replace")
            trigger = re.search(r"^desc: Trigger: dump (\d+)$", text, re.M)
            summary = re.search(r"^summary: (\d+)", text, re.M)
            if trigger and summary:
                number = int(trigger.group(1))
                counts[names[number]] = int(summary.group(1)) / REQUESTS
        label = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
        print(f"\n== in-process under callgrind, {label}, code of {CODE}")
        print(f"{REQUESTS} reads of each, after {WARM}; instructions per read")
        bare = counts.get(BARE)
        for what in names:
            if what not in counts:
                print(f"{what:<18} (no figure)")
                continue
            ratio = f"{counts[what] / bare:6.2f}x" if bare else ""
            print(f"{what:<18} {counts[what] / 1e6:8.2f} M  {ratio}")
    finally:
        shutil.rmtree(dumps, ignore_errors=True)


if __name__ == "__main__":
    main()
