"""CI's smoke test of a deployment: gunicorn and the queue worker, as the README runs them.

Two people use the API of a running gunicorn; the client lead sends a directive; the worker
(another process) must email the vendor lead through the SMTP server whose log is given.
Usage: python .ci/smoke.py http://127.0.0.1:PORT /path/to/smtp.log
"""

from __future__ import annotations

import json
import quopri
import re
import sys
import time
import urllib.request

BASE, MAIL_LOG = sys.argv[1], sys.argv[2]


def call(method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    request = urllib.request.Request(
        f"{BASE}/api/v1{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read()
        return json.loads(text) if text else {}


def person(email: str, name: str) -> str:
    call("POST", "/users", {"email": email, "name": name, "password": "smoke-password"})
    return call("POST", "/tokens", {"email": email, "password": "smoke-password"})["token"]


def mail_log() -> str:
    with open(MAIL_LOG, encoding="utf-8", errors="replace") as log:
        return log.read()


def confirm(email: str) -> None:
    """Open the link of the confirmation email the SMTP server received (SPEC §13: with mail
    configured, nobody can be added before confirming their address)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = quopri.decodestring(mail_log().encode()).decode("utf-8", "replace")
        for message in text.split("MESSAGE FOLLOWS"):
            found = re.search(r"(https?://\S+/confirm-email/[\w.-]+)", message)
            if found and f"<{email}>" in message:
                urllib.request.urlopen(found.group(1), timeout=30).read()
                return
        time.sleep(0.5)
    print(f"smoke: no confirmation email for {email} within 60 s", file=sys.stderr)
    print(mail_log()[-2000:], file=sys.stderr)
    sys.exit(1)


for _ in range(60):  # gunicorn needs a moment to start
    try:
        urllib.request.urlopen(f"{BASE}/login", timeout=2)
        break
    except OSError:
        time.sleep(0.5)

client = person("lena@client.example", "Lena")
vendor = person("omar@vendor.example", "Omar")
confirm("omar@vendor.example")
partnership = call(
    "POST",
    "/partnerships",
    {
        "name": "Smoke",
        "client_name": "Client",
        "vendor_name": "Vendor",
        "engagement": "time_and_materials",
        "side": "client",
    },
    client,
)
call(
    "POST",
    f"/partnerships/{partnership['id']}/members",
    {"email": "omar@vendor.example", "side": "vendor", "role": "lead"},
    client,
)
phase = call("POST", f"/partnerships/{partnership['id']}/phases", {"name": "First"}, client)
call("POST", f"/phases/{phase['id']}/start", None, client)
call(
    "POST",
    f"/phases/{phase['id']}/directives",
    {"text": "Smoke-test directive for the worker", "channel": "ticket"},
    client,
)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    seen = mail_log()
    if "To: Omar <omar@vendor.example>" in seen and "X-Tracker-Kind: directive_to_answer" in seen:
        print("smoke: the worker emailed the vendor lead through SMTP")
        sys.exit(0)
    time.sleep(0.5)
print("smoke: no email reached the SMTP server within 60 s", file=sys.stderr)
print(seen[-2000:], file=sys.stderr)
sys.exit(1)
