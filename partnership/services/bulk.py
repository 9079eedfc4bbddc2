"""Many rows of one table written at once, in the request's transaction: an import's
commitments and their events (issue 15).

On PostgreSQL the rows go by ``COPY ... FROM STDIN``, one stream, and the new ids, when the
caller needs them, come from the table's sequence in one query first. Batched ``INSERT``s
cost a 3,000-commitment import a second: 60 round trips of 50 rows with ``RETURNING`` for
the commitments, 6,550 statements in psycopg's pipeline for their events; the two streams
take a third of that, most of it PostgreSQL's own foreign-key checks. Elsewhere (SQLite) the
ORM's batched insert is as fast as the file allows. Either way the rows are written as the
ORM would write them, each value through its column's type (``UTCDateTime`` turns times into
UTC), and nothing is committed here.
"""

from __future__ import annotations

from typing import Any, cast

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus
from sqlalchemy import func, insert, select

from ..extensions import db

# render_nulls: one statement shape however the rows' empty columns alternate (else a batch per
# run of them). Pages of 50 rows: psycopg reads a statement's placeholders once per distinct text
# and keeps short ones.
_BATCHES = {"render_nulls": True, "insertmanyvalues_page_size": 50}


def insert_rows(model: Any, rows: list[dict[str, Any]], *, ids: bool = False) -> list[int]:
    """Insert ``rows`` (dicts with the same keys, every column the table needs) into
    ``model``'s table; with ``ids``, their new ids in the rows' order (else an empty list)."""
    if not rows:
        return []
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        if ids:
            added = insert(model).returning(model.id, sort_by_parameter_order=True)
            return list(db.session.scalars(added, rows, execution_options=_BATCHES))
        db.session.execute(insert(model), rows, execution_options=_BATCHES)
        return []
    table = model.__table__
    new_ids: list[int] = []
    if ids:
        # ORDER BY: drawn in order, so that the rows keep their order in the ids as they did
        sequence = func.pg_get_serial_sequence(table.name, "id")
        drawn = select(func.nextval(sequence).label("new_id")).select_from(
            func.generate_series(1, len(rows))
        )
        new_ids = list(db.session.scalars(drawn.order_by("new_id")))
        rows = [{"id": new_id, **row} for new_id, row in zip(new_ids, rows, strict=True)]
    names = list(rows[0])
    dialect = connection.dialect
    processors = [table.c[name].type.bind_processor(dialect) for name in names]
    raw = cast(psycopg.Connection[Any], connection.connection.dbapi_connection)
    if raw.info.transaction_status == TransactionStatus.IDLE:
        raw.autocommit = False  # in the caller's transaction, as any write is (``pool.py``)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    process(row[name]) if process else row[name]
                    for name, process in zip(names, processors, strict=True)
                ]
            )
    return new_ids
