"""Alembic environment: migrations run on the connection handed over in config.attributes."""
from alembic import context

from casereview.history.models import VERSION_TABLE, Base
from casereview.history import workspace_models  # noqa: F401 - the workspace's tables join the metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, version_table=VERSION_TABLE,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
