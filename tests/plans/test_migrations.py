"""The migrations build exactly the schema of the models, on SQLite and on PostgreSQL."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from plans.db import db
from tests import databases
from webapp import create_app
from webapp.config import ROOT, TestConfig


def _migrated_app():
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = databases.database_url("migrations")
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    return app


def test_upgrade_matches_models_and_loads_regions():
    app = _migrated_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            assert diff == [], diff
            assert conn.scalar(sa.text("SELECT count(*) FROM region")) == 31
        downgrade(directory=str(ROOT / "migrations"), revision="base")
        assert "region" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_upgrade_keeps_existing_rows_on_tables_it_rebuilds():
    """Batch mode recreates tables on SQLite; rows pointing at them must survive (foreign keys)."""
    app = _migrated_app()
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory, revision="0002")
        with db.engine.begin() as conn:
            region_id = conn.scalar(sa.text("SELECT id FROM region LIMIT 1"))
            conn.execute(sa.text("INSERT INTO organisation (name, kind, region_id, created_at) "
                                 "VALUES ('Oud', 'zorggroep', :r, CURRENT_TIMESTAMP)"), {"r": region_id})
            org_id = conn.scalar(sa.text("SELECT id FROM organisation"))
            conn.execute(sa.text("INSERT INTO plan (organisation_id, title, period_start, period_end, content_version, "
                                 "status, revision, created_at, updated_at) VALUES (:o, 'Plan', 2026, 2029, '2026.1', "
                                 "'concept', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"o": org_id})
        upgrade(directory=directory)
        with db.engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT required_signatures FROM organisation")) == 2
            assert conn.scalar(sa.text("SELECT version_number FROM plan")) == 1
        downgrade(directory=directory, revision="base")
        db.engine.dispose()
