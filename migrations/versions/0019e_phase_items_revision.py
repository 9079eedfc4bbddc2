"""phase items revision: one more at every change of a phase's items (issue 15)

Revision ID: 0019e
Revises: 0019c
Create Date: 2026-12-02 04:10:00

A new column with a server default: existing phases start at 0 and upgrade as they are. The
loader keeps a phase's items by it within one process only, so nothing kept before the upgrade
can be read under it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019e"
down_revision = "0019c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("items_revision", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.drop_column("items_revision")
