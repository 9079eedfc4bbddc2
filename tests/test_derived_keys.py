"""What is kept is named by the code that drew it (``derived.code_version``): after a
deployment, the new code never reads a page or a pickle the old code left in the shared Redis."""

from __future__ import annotations

import pytest

from partnership.extensions import db
from partnership.models import Partnership
from partnership.services import derived

from .conftest import TEST_REDIS_URL, make_app
from .helpers import logged_in, phase_in


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
    # the next release: a new process, whose app works out its code's name anew
    monkeypatch.setattr(derived, "code_version", lambda *folders: "the-next-release")
    deployed = make_app(tmp_path, REDIS_URL=TEST_REDIS_URL)
    assert kept_by(deployed, "drawn by the new code") == "drawn by the new code"


# --- a process keeps only the newest revision of what it drew --------------------------------


def test_keeping_a_newer_revision_lets_the_older_revisions_of_that_partnership_go():
    layer = derived._Local(10**6, derived.REVISION_AT)
    layer.put("pt:s:7.1:41:snapshot:r", "old snapshot", 10)
    layer.put("pt:s:7.1:41:page:r:3:en:/phases/2", "old page", 10)
    layer.put("pt:s:8.1:41:snapshot:r", "another partnership's", 10)
    layer.put("pt:s:7.1:42:snapshot:r", "new snapshot", 10)
    assert layer.get("pt:s:7.1:41:snapshot:r") is None
    assert layer.get("pt:s:7.1:41:page:r:3:en:/phases/2") is None
    assert layer.get("pt:s:7.1:42:snapshot:r") == "new snapshot"
    assert layer.get("pt:s:8.1:41:snapshot:r") == "another partnership's"
    assert layer.size == 20


def test_a_reader_of_an_older_revision_never_pushes_out_the_newer_one():
    layer = derived._Local(10**6, derived.REVISION_AT)
    layer.put("pt:s:7.1:42:snapshot:r", "new", 10)
    layer.put("pt:s:7.1:41:snapshot:r", "drawn by a request that began before the write", 10)
    assert layer.get("pt:s:7.1:42:snapshot:r") == "new"
    layer.put("pt:s:7.1:43:snapshot:r", "newer", 10)
    assert layer.get("pt:s:7.1:42:snapshot:r") is None
    assert layer.get("pt:s:7.1:43:snapshot:r") == "newer"


def test_what_leaves_by_size_or_by_revision_leaves_no_bookkeeping_behind():
    layer = derived._Local(25, derived.REVISION_AT)
    for revision in range(1, 50):
        for kind in ("snapshot", "page", "panel"):
            layer.put(f"pt:s:{revision % 4}.1:{revision}:{kind}:r", kind, 10)
        assert layer.size <= 25
        assert layer.size == sum(size for _, size in layer.entries.values())
    kept = {key for keys in layer.versions.values() for key in keys[1]}
    assert kept <= set(layer.entries)
    assert len(layer.versions) <= 4


def test_a_key_without_a_revision_is_kept_as_any_lru_keeps_it():
    layer = derived._Local(20, derived.REVISION_AT)
    layer.put("pt:s:7.1:snapshot", "a", 10)
    layer.put("pt:s:7.1:until", "b", 10)
    assert (layer.get("pt:s:7.1:snapshot"), layer.get("pt:s:7.1:until")) == ("a", "b")
    layer.put("pt:s:7.1:other", "c", 10)
    assert layer.get("pt:s:7.1:snapshot") is None


def test_a_process_keeps_one_revision_of_a_partnership_however_many_writes_it_has_seen(
    client, world
):
    logged_in(client, world.client_lead.email)
    path = f"/partnerships/{world.partnership.id}"
    for n in range(4):
        phase_in(world, name=f"Phase {n}")  # a write: the partnership's revision moves on
        answer = client.get(path)
        assert answer.status_code == 200
        answer.close()  # what the reading drew is kept as the answer closes
    partnership = db.session.get(Partnership, world.partnership.id)
    db.session.refresh(partnership)
    keys = list(derived._layer().entries)
    assert keys, "the page and its reading are kept"
    assert all(key.startswith(derived.prefix(partnership) + ":") for key in keys), keys
