"""CSV downloads of the flags, trust per phase and reviews, beside commitments and directives."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import event

from partnership.domain import trust
from partnership.extensions import db
from partnership.models import Partnership
from partnership.services import export_import, insights, spreadsheets

from ..domain.document_builders import valid_document
from ..helpers import login

DOWNLOADS = ["commitments", "directives", "flags", "trust", "reviews"]


@pytest.fixture
def lead_client(app, world):
    client = app.test_client()
    login(client, world.client_lead.email)
    return client


@pytest.fixture
def imported(world) -> Partnership:
    return export_import.import_document(world.client_lead, valid_document())


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    return [dict(zip(table[0], row, strict=True)) for row in table[1:]]


@pytest.mark.parametrize("what", DOWNLOADS)
def test_every_csv_is_text_csv_with_one_charset_and_a_file_name(lead_client, imported, what):
    response = lead_client.get(f"/partnerships/{imported.id}/{what}.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert f"-{what}.csv" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("what", DOWNLOADS)
def test_outsiders_get_a_404_for_every_csv(app, world, imported, what):
    outsider = app.test_client()
    login(outsider, world.outsider.email)
    assert outsider.get(f"/partnerships/{imported.id}/{what}.csv").status_code == 404


def test_the_flags_csv_has_a_row_per_flag_as_the_api_lists_them(lead_client, imported):
    rows = rows_of(lead_client.get(f"/partnerships/{imported.id}/flags.csv"))
    raised = insights.snapshot(imported).flags
    assert len(rows) == len(raised) > 0
    assert {r["Code"] for r in rows} == {f.code for f in raised}
    first = rows[0]
    assert set(first) == set(spreadsheets.FLAG_HEADER)
    assert first["Severity"] in ("info", "warning", "high") and first["Message"]
    assert int(first["Evidence items"]) == len(first["Evidence"].split("; "))


def test_the_trust_csv_has_a_row_per_phase_and_the_overall_scores(lead_client, imported):
    rows = rows_of(lead_client.get(f"/partnerships/{imported.id}/trust.csv"))
    report = insights.snapshot(imported).trust
    assert len(rows) == len(imported.phases) + 1
    assert [r["Phase"] for r in rows[:-1]] == [p.name for p in imported.phases]
    assert rows[-1]["Phase"] == spreadsheets.OVERALL
    assert float(rows[-1]["Vendor reliability (0 to 100)"]) == round(
        report.vendor_reliability.score, 1
    )
    first = report.phases[0]
    assert float(rows[0]["Client trust-giving uncertainty (0 to 1)"]) == round(
        first.client_trust_giving.uncertainty, 3
    )
    for row in rows:
        for direction in trust.DIRECTIONS:
            label = {
                "vendor_reliability": "Vendor reliability",
                "client_trust_giving": "Client trust-giving",
                "partnership": "Partnership trust",
            }[direction]
            assert 0 <= float(row[f"{label} (0 to 100)"]) <= 100


def test_the_reviews_csv_has_every_rating_the_decision_and_the_goal_outcomes(lead_client, imported):
    rows = rows_of(lead_client.get(f"/partnerships/{imported.id}/reviews.csv"))
    reviews = [r for p in imported.phases for r in p.reviews]
    assert len(rows) == len(reviews) > 0
    client = next(r for r in rows if r["Side"] == "client")
    vendor = next(r for r in rows if r["Side"] == "vendor")
    assert client["Delivery (1 to 5)"] and not client["Autonomy (1 to 5)"]
    assert vendor["Autonomy (1 to 5)"] and not vendor["Delivery (1 to 5)"]
    assert client["Goals met"].isdigit() and vendor["Goals met"] == ""
    assert client["Decision"] in ("go", "go_with_conditions", "no_go")


def test_formula_cells_are_neutralised_in_the_reviews_csv(lead_client, world):
    document = valid_document()
    review = next(r for p in document["phases"] for r in p.get("reviews", ()))
    review["comment"] = '=HYPERLINK("http://evil.example","Click")'
    partnership = export_import.import_document(world.client_lead, document)
    rows = rows_of(lead_client.get(f"/partnerships/{partnership.id}/reviews.csv"))
    assert '\'=HYPERLINK("http://evil.example","Click")' in [r["Comment"] for r in rows]


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


def test_the_new_csv_files_take_the_same_queries_however_long_the_history(world):
    small = export_import.import_document(world.client_lead, valid_document())
    document = valid_document()
    for phase in document["phases"][:2]:
        for n, item in enumerate(list(phase["commitments"]) * 10):
            phase["commitments"].append({**item, "key": f"{item['key']}-{n}"})
    large = export_import.import_document(world.client_lead, document)
    for export, most in (
        (spreadsheets.flags_csv, spreadsheets.FLAG_QUERIES),
        (spreadsheets.trust_csv, spreadsheets.TRUST_QUERIES),
        (spreadsheets.reviews_csv, spreadsheets.REVIEW_QUERIES),
    ):
        counts = []
        for partnership_id in (small.id, large.id):
            db.session.expunge_all()
            target = db.session.get(Partnership, partnership_id)
            counts.append(_queries(lambda target=target, export=export: export(target)))
        assert counts[0] == counts[1] <= most, export.__name__
