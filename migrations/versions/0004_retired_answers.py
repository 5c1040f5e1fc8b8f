"""retired answers: answers kept when a plan moves to a new content version

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('retired_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('from_version', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=False),
    sa.Column('retired_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_retired_answer_plan_id_plan')),
    sa.ForeignKeyConstraint(['retired_by_id'], ['user.id'], name=op.f('fk_retired_answer_retired_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retired_answer'))
    )
    with op.batch_alter_table('retired_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retired_answer_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('retired_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retired_answer_plan_id'))
    op.drop_table('retired_answer')
