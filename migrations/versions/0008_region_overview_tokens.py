"""the region's plans and activity tokens, which the coach overview's cache checks

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('region') as batch_op:
        batch_op.add_column(sa.Column('plans_token', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('activity_token', sa.String(length=32), server_default='', nullable=False))
    # Every region starts with a value of its own, as a region the app creates does.
    region = sa.table('region', sa.column('id', sa.Integer), sa.column('plans_token', sa.String),
                      sa.column('activity_token', sa.String))
    connection = op.get_bind()
    for (region_id,) in connection.execute(sa.select(region.c.id)).all():
        connection.execute(region.update().where(region.c.id == region_id).values(
            plans_token=secrets.token_hex(16), activity_token=secrets.token_hex(16)))


def downgrade():
    with op.batch_alter_table('region') as batch_op:
        batch_op.drop_column('activity_token')
        batch_op.drop_column('plans_token')
