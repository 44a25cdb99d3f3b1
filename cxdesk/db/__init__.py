"""The only package that speaks SQLAlchemy and Alembic: models, engine, repositories, migrations."""
