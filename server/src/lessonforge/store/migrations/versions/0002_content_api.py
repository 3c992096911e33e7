"""content api: projects, tokens, models, fields, contents, per-field values and index, media

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('content_projects',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('organization_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('rate_limit_per_minute', sa.Integer(), nullable=False),
    sa.Column('generated_slot', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_content_projects_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_projects')),
    sa.UniqueConstraint('organization_id', 'generated_slot', name=op.f('uq_content_projects_organization_id_generated_slot'))
    )
    with op.batch_alter_table('content_projects', schema=None) as batch_op:
        batch_op.create_index('ix_content_projects_org_created', ['organization_id', 'created_at'], unique=False)

    op.create_table('content_classroom_projects',
    sa.Column('classroom_id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], name=op.f('fk_content_classroom_projects_classroom_id_classrooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['content_projects.id'], name=op.f('fk_content_classroom_projects_project_id_content_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('classroom_id', name=op.f('pk_content_classroom_projects'))
    )
    op.create_table('content_media',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['content_projects.id'], name=op.f('fk_content_media_project_id_content_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_media'))
    )
    op.create_table('content_models',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('name_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('enum_values', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['content_projects.id'], name=op.f('fk_content_models_project_id_content_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_models')),
    sa.UniqueConstraint('project_id', 'name_key', name=op.f('uq_content_models_project_id_name_key'))
    )
    op.create_table('content_tokens',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('token_prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['content_projects.id'], name=op.f('fk_content_tokens_project_id_content_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_tokens')),
    sa.UniqueConstraint('digest', name=op.f('uq_content_tokens_digest'))
    )
    with op.batch_alter_table('content_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_content_tokens_project', ['project_id'], unique=False)

    op.create_table('content_fields',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('model_id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('name_key', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('is_array', sa.Boolean(), nullable=False),
    sa.Column('related_model_id', sa.String(length=36), nullable=True),
    sa.Column('validations', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['model_id'], ['content_models.id'], name=op.f('fk_content_fields_model_id_content_models'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_fields')),
    sa.UniqueConstraint('model_id', 'name_key', name=op.f('uq_content_fields_model_id_name_key'))
    )
    with op.batch_alter_table('content_fields', schema=None) as batch_op:
        batch_op.create_index('ix_content_fields_related', ['related_model_id'], unique=False)

    op.create_table('contents',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('model_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_update', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['model_id'], ['content_models.id'], name=op.f('fk_contents_model_id_content_models'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['content_projects.id'], name=op.f('fk_contents_project_id_content_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contents'))
    )
    with op.batch_alter_table('contents', schema=None) as batch_op:
        batch_op.create_index('ix_contents_project_model_update', ['project_id', 'model_id', 'last_update', 'id'], unique=False)
        batch_op.create_index('ix_contents_project_update', ['project_id', 'last_update', 'id'], unique=False)

    op.create_table('content_index',
    sa.Column('content_id', sa.String(length=36), nullable=False),
    sa.Column('field_id', sa.String(length=36), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text_key', sa.String(length=191), nullable=True),
    sa.Column('text_full', sa.String(length=64), nullable=True),
    sa.Column('num_key', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['content_id'], ['contents.id'], name=op.f('fk_content_index_content_id_contents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['content_fields.id'], name=op.f('fk_content_index_field_id_content_fields'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('content_id', 'field_id', 'language', 'position', name=op.f('pk_content_index'))
    )
    with op.batch_alter_table('content_index', schema=None) as batch_op:
        batch_op.create_index('ix_content_index_field_num', ['field_id', 'num_key', 'content_id'], unique=False)
        batch_op.create_index('ix_content_index_field_text', ['field_id', 'text_key', 'content_id'], unique=False)

    op.create_table('content_values',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('content_id', sa.String(length=36), nullable=False),
    sa.Column('field_id', sa.String(length=36), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['content_id'], ['contents.id'], name=op.f('fk_content_values_content_id_contents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['content_fields.id'], name=op.f('fk_content_values_field_id_content_fields'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_values'))
    )
    with op.batch_alter_table('content_values', schema=None) as batch_op:
        batch_op.create_index('ix_content_values_content', ['content_id'], unique=False)
        batch_op.create_index('ix_content_values_field', ['field_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('content_values', schema=None) as batch_op:
        batch_op.drop_index('ix_content_values_field')
        batch_op.drop_index('ix_content_values_content')

    op.drop_table('content_values')
    with op.batch_alter_table('content_index', schema=None) as batch_op:
        batch_op.drop_index('ix_content_index_field_text')
        batch_op.drop_index('ix_content_index_field_num')

    op.drop_table('content_index')
    with op.batch_alter_table('contents', schema=None) as batch_op:
        batch_op.drop_index('ix_contents_project_update')
        batch_op.drop_index('ix_contents_project_model_update')

    op.drop_table('contents')
    with op.batch_alter_table('content_fields', schema=None) as batch_op:
        batch_op.drop_index('ix_content_fields_related')

    op.drop_table('content_fields')
    with op.batch_alter_table('content_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_content_tokens_project')

    op.drop_table('content_tokens')
    op.drop_table('content_models')
    op.drop_table('content_media')
    op.drop_table('content_classroom_projects')
    with op.batch_alter_table('content_projects', schema=None) as batch_op:
        batch_op.drop_index('ix_content_projects_org_created')

    op.drop_table('content_projects')
