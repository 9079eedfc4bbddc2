"""partnership revision: a number every write to a partnership's history bumps (issue 15)

Revision ID: 0019d
Revises: 0016a
Create Date: 2026-12-01 13:30:00

A new column with a server default: existing partnerships start at revision 0 and upgrade as
they are; the derived state cached by (partnership, revision) is computed anew at first read.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019d"
down_revision = "0019a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revision", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_column("revision")
