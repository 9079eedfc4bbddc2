"""What is kept is named by the code that drew it (``derived.code_version``): after a
deployment, the new code never reads a page or a pickle the old code left in the shared Redis."""

from __future__ import annotations

import pytest

from partnership.extensions import db
from partnership.models import Partnership
from partnership.services import derived

from .conftest import TEST_REDIS_URL, make_app


def test_the_code_version_changes_with_a_template_and_not_with_other_files(tmp_path):
    version = derived.code_version.__wrapped__  # not the process's memo: the files change here
    (tmp_path / "page.html").write_text("<p>{{ _('Hello') }}</p>")
    (tmp_path / "rules.py").write_text("LIMIT = 3\n")
    first = version(tmp_path)
    (tmp_path / "notes.log").write_text("a log line")
    (tmp_path / "rules.pyc").write_bytes(b"\x00compiled")
    assert version(tmp_path) == first
    (tmp_path / "page.html").write_text("<p>{{ _('Hello again') }}</p>")
    assert version(tmp_path) != first
    (tmp_path / "page.html").write_text("<p>{{ _('Hello') }}</p>")
    assert version(tmp_path) == first
    (tmp_path / "rules.py").rename(tmp_path / "limits.py")  # a file's name is part of it
    assert version(tmp_path) != first


@pytest.mark.skipif(
    not TEST_REDIS_URL,
    reason="needs TEST_REDIS_URL: without Redis each process keeps its own, and a deployment"
    " starts new processes",
)
def test_a_new_version_of_the_code_draws_anew_what_the_old_one_kept(tmp_path, world, monkeypatch):
    """Two instances on one database and one Redis, as the workers of the old and the new
    code are while a deployment rolls."""
    old = make_app(tmp_path, REDIS_URL=TEST_REDIS_URL)
    new = make_app(tmp_path, REDIS_URL=TEST_REDIS_URL)
    pid = world.partnership.id

    def kept_by(app, drawn: str) -> str:
        with app.app_context():  # outside a request: kept in Redis at once, as a job keeps it
            partnership = db.session.get(Partnership, pid)
            key = f"{derived.prefix(partnership)}:probe"
            return derived.cached_object(key, lambda: drawn)

    assert kept_by(old, "drawn by the old code") == "drawn by the old code"
    # the same code reads what the other instance kept
    assert kept_by(new, "drawn again") == "drawn by the old code"
    monkeypatch.setattr(derived, "code_version", lambda *folders: "the-next-release")
    assert kept_by(new, "drawn by the new code") == "drawn by the new code"
