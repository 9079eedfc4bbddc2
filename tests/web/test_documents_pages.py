"""Pages for export and import: downloads, the upload page, set-password links (SPEC §8)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import event, select

from partnership.domain.document_validation import validate_document
from partnership.extensions import db
from partnership.models import Member, Partnership, User
from partnership.services import export_import, spreadsheets

from ..domain.document_builders import CLIENT_MEMBER, valid_document
from ..helpers import login, make_user, row_counts


def upload(client, content: bytes, filename: str = "history.json"):
    return client.post(
        "/import",
        data={"document": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def as_json(doc: object) -> bytes:
    return json.dumps(doc).encode()


def logged_in(app, user: User):
    client = app.test_client()
    login(client, user.email)
    return client


def join(partnership: Partnership, user: User, role: str) -> None:
    side, kind = role.split("_")
    partnership.members.append(Member(user=user, side=side, role=kind))
    db.session.commit()


def account(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email.lower()))


@pytest.fixture
def lead_client(app, world):
    return logged_in(app, world.client_lead)


@pytest.fixture
def imported(world) -> Partnership:
    """valid_document() imported by the world's client lead: people without accounts in it."""
    return export_import.import_document(world.client_lead, valid_document())


# --- downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["client_lead", "client_member", "vendor_lead", "vendor_member"])
def test_every_member_downloads_the_export(app, world, imported, role):
    user = world.role(role)
    if role != "client_lead":
        join(imported, user, role)
    response = logged_in(app, user).get(f"/partnerships/{imported.id}/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".json" in response.headers["Content-Disposition"]
    assert validate_document(json.loads(response.data)) is None


@pytest.mark.parametrize("what", ["export.json", "commitments.csv", "directives.csv"])
def test_outsiders_get_a_404_for_every_download(app, world, what):
    response = logged_in(app, world.outsider).get(f"/partnerships/{world.partnership.id}/{what}")
    assert response.status_code == 404


@pytest.mark.parametrize("what", ["export.json", "commitments.csv", "directives.csv"])
def test_downloads_need_a_login(client, world, what):
    response = client.get(f"/partnerships/{world.partnership.id}/{what}")
    assert response.status_code == 302
    assert "/login" in response.location


def test_the_downloaded_export_is_the_export_without_reordering(lead_client, imported):
    response = lead_client.get(f"/partnerships/{imported.id}/export.json")
    downloaded = json.loads(response.data)
    expected = export_import.export(imported)
    downloaded.pop("exported_at"), expected.pop("exported_at")
    assert downloaded == expected
    assert list(downloaded) == list(expected)  # written in the schema's reading order


def _rows(response) -> list[list[str]]:
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_commitments_csv_has_its_header_and_a_row_per_commitment(lead_client, imported):
    response = lead_client.get(f"/partnerships/{imported.id}/commitments.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _rows(response)
    assert tuple(rows[0]) == spreadsheets.COMMITMENT_HEADER
    assert len(rows) == 1 + 4
    inventory = dict(zip(rows[0], rows[1], strict=True))
    assert inventory == {
        "Phase": "Discovery",
        "Commitment": "Report inventory with owners",
        "Goal": "Every legacy report has an owner and a decision: keep, merge or retire",
        "Original due": "2026-01-23",
        "Current due": "2026-01-30",
        "State": "delivered",
        "Late": "no",
        "Slips": "1",
        "Last slip disclosed in advance": "yes",
        "Delivered at (UTC)": "2026-01-29 15:00:00",
        "Author": "Vera Rossi",
    }


def test_the_directives_csv_has_its_header_and_a_row_per_directive(lead_client, imported):
    rows = _rows(lead_client.get(f"/partnerships/{imported.id}/directives.csv"))
    assert tuple(rows[0]) == spreadsheets.DIRECTIVE_HEADER
    assert len(rows) == 1 + 4
    redis = dict(zip(rows[0], rows[2], strict=True))
    assert redis["Text"] == "Use Redis for the report cache."
    assert (redis["Channel"], redis["Adds scope"], redis["Response"]) == ("chat", "no", "declined")
    assert (redis["Answered by"], redis["Answered at (UTC)"]) == (
        "Omar Haddad",
        "2026-01-15 08:00:00",
    )
    unanswered = dict(zip(rows[0], rows[4], strict=True))
    assert unanswered["Response"] == unanswered["Answered at (UTC)"] == ""


def test_formula_cells_are_neutralised_in_the_csv(lead_client, world):
    doc = valid_document()
    doc["phases"][0]["directives"][1]["text"] = '=HYPERLINK("http://evil.example","Click")'
    doc["phases"][0]["commitments"][0]["title"] = "@SUM(A1:A9)"
    doc["phases"][0]["commitments"][1]["title"] = "-2+3"
    doc["members"][3]["name"] = "+Omar"
    partnership = export_import.import_document(world.client_lead, doc)
    commitments = _rows(lead_client.get(f"/partnerships/{partnership.id}/commitments.csv"))
    directives = _rows(lead_client.get(f"/partnerships/{partnership.id}/directives.csv"))
    assert commitments[1][1] == "'@SUM(A1:A9)"
    assert commitments[2][1] == "'-2+3"
    assert commitments[2][-1] == "'+Omar"
    assert directives[2][6] == '\'=HYPERLINK("http://evil.example","Click")'


def test_accents_and_arabic_survive_the_csv(lead_client, world):
    doc = valid_document()
    doc["phases"][1]["commitments"][0]["title"] = "Migración del cierre — تقرير الشهر"
    partnership = export_import.import_document(world.client_lead, doc)
    rows = _rows(lead_client.get(f"/partnerships/{partnership.id}/commitments.csv"))
    assert rows[4][1] == "Migración del cierre — تقرير الشهر"


def _queries(work) -> int:
    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def test_the_csv_files_take_the_same_queries_however_long_the_history(world):
    small = export_import.import_document(world.client_lead, valid_document())
    doc = valid_document()
    for phase in doc["phases"][:2]:
        for n, item in enumerate(list(phase["commitments"]) * 10):
            phase["commitments"].append({**item, "key": f"{item['key']}-{n}"})
        for n, item in enumerate(list(phase["directives"]) * 10):
            phase["directives"].append({**item, "key": f"{item['key']}-{n}"})
    large = export_import.import_document(world.client_lead, doc)
    ids = (small.id, large.id)
    for export in (spreadsheets.commitments_csv, spreadsheets.directives_csv):
        counts = []
        for partnership_id in ids:
            db.session.expunge_all()  # nothing cached: every row must be loaded
            target = db.session.get(Partnership, partnership_id)
            counts.append(_queries(lambda target=target, export=export: export(target)))
        assert counts[0] == counts[1]
    assert counts[0] <= spreadsheets.DIRECTIVE_QUERIES


# --- the upload page -------------------------------------------------------------------------


def test_the_import_page_shows_its_form(lead_client):
    response = lead_client.get("/import")
    assert response.status_code == 200
    assert b'type="file"' in response.data
    assert b'enctype="multipart/form-data"' in response.data


def test_the_list_of_partnerships_links_to_the_import_page(lead_client):
    assert b'href="/import"' in lead_client.get("/partnerships").data


def test_the_import_page_needs_a_login(client):
    assert client.get("/import").status_code == 302


def test_uploading_a_document_imports_it_and_opens_the_new_partnership(lead_client, world):
    response = upload(lead_client, as_json(valid_document()))
    assert response.status_code == 302
    partnership = db.session.scalar(select(Partnership).order_by(Partnership.id.desc()))
    assert partnership.name == "Reporting platform renewal"
    assert response.location.endswith(f"/partnerships/{partnership.id}")
    page = lead_client.get(response.location)
    assert page.status_code == 200
    assert b"Reporting platform renewal" in page.data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", b"The file is empty"),
        (b"  \n", b"The file is empty"),
        (b'{"format": "partnership-tracker/1",', b"not valid JSON"),
        (b"\xff\xfe\xfa", b"not valid JSON"),
        (b"[" * 50_000, b"not valid JSON"),
        (b"[]", b"JSON object"),
    ],
    ids=["empty", "blank", "cut-short", "not-utf8", "nested-too-deep", "a-list"],
)
def test_a_bad_file_keeps_the_user_on_the_page_with_a_message(lead_client, content, message):
    before = row_counts()
    response = upload(lead_client, content)
    assert response.status_code == 422
    assert message in response.data
    assert b'type="file"' in response.data
    assert row_counts() == before


def test_a_document_breaking_a_rule_is_refused_naming_the_field_and_the_rule(lead_client):
    doc = valid_document()
    doc["phases"][1]["directives"][0]["created_by"] = "omar.haddad@acme-dev.example"
    before = row_counts()
    response = upload(lead_client, as_json(doc))
    assert response.status_code == 422
    assert b"phases[1].directives[0].created_by" in response.data
    assert b"(<bdi>author_side</bdi>)" in response.data
    assert row_counts() == before


def test_only_json_files_are_taken(lead_client):
    response = upload(lead_client, as_json(valid_document()), filename="history.xlsx")
    assert response.status_code == 422
    assert b".json file" in response.data


def test_submitting_without_a_file_asks_for_one(lead_client):
    response = lead_client.post("/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert b"Choose a file" in response.data


def test_an_upload_over_the_size_limit_is_a_413_page(app, lead_client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = upload(lead_client, as_json(valid_document()))
    assert response.status_code == 413
    assert b"too large" in response.data


# --- set-password links ----------------------------------------------------------------------


def _member_id(partnership: Partnership, email: str) -> int:
    return next(m.id for m in partnership.members if m.user.email == email)


def _link_path(partnership: Partnership, email: str) -> str:
    """The link's page: of a member, or of someone the import invited (issue 11)."""
    invitation = next((i for i in partnership.invitations if i.user.email == email), None)
    if invitation is not None:
        return f"/partnerships/{partnership.id}/invitations/{invitation.id}/set-password-link"
    member_id = _member_id(partnership, email)
    return f"/partnerships/{partnership.id}/members/{member_id}/set-password-link"


def test_a_lead_gets_a_link_the_imported_member_uses_once_to_log_in(app, lead_client, imported):
    response = lead_client.post(_link_path(imported, CLIENT_MEMBER))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    match = re.search(rb'value="(http://localhost/set-password/([^"]+))"', response.data)
    assert match, response.data
    path = match.group(1).decode().removeprefix("http://localhost")

    carl = app.test_client()
    assert login(carl, CLIENT_MEMBER, "anything at all").status_code == 200  # cannot log in yet
    assert carl.get(path).status_code == 200
    response = carl.post(path, data={"password": "carl's password", "confirm": "carl's password"})
    assert response.status_code == 302
    # logged in by the link, and asked first: the partnership opens once he accepts
    assert carl.get(f"/partnerships/{imported.id}").status_code == 404
    inbox = carl.get("/inbox").get_data(as_text=True)
    accept = re.search(r'action="(/invitations/\d+/accept)"', inbox).group(1)
    assert carl.post(accept).status_code == 302
    assert carl.get(f"/partnerships/{imported.id}").status_code == 200

    again = app.test_client()
    assert login(again, CLIENT_MEMBER, "carl's password").status_code == 302
    assert again.get(path).status_code == 404  # the link is spent
    response = again.post(path, data={"password": "someone else", "confirm": "someone else"})
    assert response.status_code == 404
    assert login(app.test_client(), CLIENT_MEMBER, "carl's password").status_code == 302


def test_a_new_link_replaces_the_previous_one(app, lead_client, imported):
    links = []
    for _ in range(2):
        page = lead_client.post(_link_path(imported, CLIENT_MEMBER)).data
        links.append(re.search(rb"/set-password/([^\"]+)", page).group(0).decode())
    client = app.test_client()
    assert client.get(links[0]).status_code == 404
    assert client.get(links[1]).status_code == 200


def test_only_leads_get_set_password_links(app, world, imported):
    join(imported, world.client_member, "client_member")
    member = logged_in(app, world.client_member)
    assert member.post(_link_path(imported, CLIENT_MEMBER)).status_code == 403
    outsider = logged_in(app, world.outsider)
    assert outsider.post(_link_path(imported, CLIENT_MEMBER)).status_code == 404
    assert account(CLIENT_MEMBER).password_reset_hash is None


def test_no_link_for_someone_who_can_already_log_in(lead_client, world, imported):
    response = lead_client.post(
        _link_path(imported, world.client_lead.email), follow_redirects=True
    )
    assert b"can already log in" in response.data
    assert account(world.client_lead.email).password_reset_hash is None


def test_no_link_for_a_member_of_another_partnership(app, lead_client, world, imported):
    # Someone else imports a document naming the same person: the link would let the first
    # lead into the second partnership's history.
    stranger = make_user("stranger@example.com")
    export_import.import_document(stranger, valid_document())
    response = lead_client.post(_link_path(imported, CLIENT_MEMBER), follow_redirects=True)
    assert b"a partnership you do not lead" in response.data
    assert account(CLIENT_MEMBER).password_reset_hash is None


def test_a_member_id_of_another_partnership_is_a_404(lead_client, world, imported):
    other = world.partnership.members[1].id
    response = lead_client.post(f"/partnerships/{imported.id}/members/{other}/set-password-link")
    assert response.status_code == 404
