"""one phase per position: a partnership's phases never share a position

Revision ID: 0019c
Revises: 0016a
Create Date: 2026-12-01 13:40:00

Concurrent plans or moves could give two phases one position (issue 11). Before the unique
constraint is added, each partnership with such a pair is renumbered 1, 2, 3... in its current
order (position, then id: the order every page and export already showed); the others keep their
numbers. The downgrade drops the constraint and leaves the numbers as they are.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019c"
down_revision = "0019d"
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    doubled = [
        row[0]
        for row in connection.execute(
            sa.text(
                "SELECT DISTINCT partnership_id FROM phases "
                "GROUP BY partnership_id, position HAVING count(*) > 1"
            )
        )
    ]
    for partnership_id in doubled:
        ids = [
            row[0]
            for row in connection.execute(
                sa.text(
                    "SELECT id FROM phases WHERE partnership_id = :p ORDER BY position, id"
                ),
                {"p": partnership_id},
            )
        ]
        for position, phase_id in enumerate(ids, start=1):
            connection.execute(
                sa.text("UPDATE phases SET position = :position WHERE id = :id"),
                {"position": position, "id": phase_id},
            )
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_phases_partnership_id_position"), ["partnership_id", "position"]
        )


def downgrade():
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_phases_partnership_id_position"), type_="unique")
