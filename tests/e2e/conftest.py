"""End-to-end fixtures: the app served on a free port of 127.0.0.1, and Debian's Chromium.

The tests skip, saying why, where Chromium or Playwright is missing; .ci/run installs both.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from partnership.extensions import db

from ..conftest import make_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on a free port, with its own SQLite database and the demo loaded."""
    folder = tmp_path_factory.mktemp("e2e")
    app = make_app(
        folder,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'e2e.db'}",
        SERVER_NAME=None,
        WTF_CSRF_ENABLED=True,
    )
    with app.app_context():
        db.create_all()
        from partnership import demo

        demo.load()
        long_history()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


LONG_LEAD = "client0@client.example.com"


def long_history() -> None:
    """Beside the demo, a partnership of 30 phases and 3,000 commitments led by LONG_LEAD."""
    from werkzeug.security import generate_password_hash

    from benchmarks.import_large import large_document
    from partnership import demo
    from partnership.models import User
    from partnership.services import export_import

    lead = User(
        email=LONG_LEAD, name="Client 0", password_hash=generate_password_hash(demo.PASSWORD)
    )
    db.session.add(lead)
    db.session.commit()
    export_import.import_document(lead, large_document("example.com"))


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the tests inject axe-core; the app itself forbids inline scripts.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server, bypass_csp=True
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def log_in(page, email: str, password: str = "demo-password") -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def log_out(page) -> None:
    page.click("nav button:has-text('Log out')")
    page.wait_for_load_state()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the current page."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run npm install")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
