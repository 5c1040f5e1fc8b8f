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
