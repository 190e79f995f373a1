"""Alembic's environment for the decision database.

Run by :class:`connectors.database.Database` on opening (it hands over its own connection
in ``config.attributes["connection"]``), or by an administrator with the ``alembic``
command and the ``alembic.ini`` beside this folder::

    alembic -c connectors/database/alembic.ini -x url=postgresql://user@host/db upgrade head

Without ``-x url=…`` the URL is ``$MEETINGRULES_DATABASE``, else the default SQLite file
(see docs/database.md).
"""

from __future__ import annotations

from alembic import context

from connectors.database.schema import metadata

config = context.config
if config.config_file_name and config.attributes.get("configure_logging", "connection" not in config.attributes):
    # The alembic command: its log lines say what ran. Opened by Database: the app's logging.
    from logging.config import fileConfig

    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def _offline() -> None:
    from connectors.database.database import engine_url

    context.configure(url=engine_url(context.get_x_argument(as_dictionary=True).get("url")),
                      target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from connectors.database.database import Database

    # Opening a Database runs the migrations to head; alembic's own commands (downgrade,
    # history, stamp) get a plain connection of the same engine.
    database = Database(context.get_x_argument(as_dictionary=True).get("url"), migrate=False)
    try:
        with database.engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        database.close()


if context.is_offline_mode():
    _offline()
else:
    _online()
