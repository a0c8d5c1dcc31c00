"""Migration operations that run on one database vendor only.

PostgreSQL gets indexes SQLite has no equivalent for (trigram and array GIN indexes); the SQL
stays in the migration beside the models it serves, and is skipped on SQLite.
"""

from __future__ import annotations

from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL that runs only when the connection's vendor is ``vendor``."""

    def __init__(self, vendor: str, sql: str | list[str], reverse_sql: str | list[str] | None = None) -> None:
        self.vendor = vendor
        super().__init__(sql, reverse_sql=reverse_sql or migrations.RunSQL.noop)

    def deconstruct(self):  # type: ignore[no-untyped-def]
        name, args, kwargs = super().deconstruct()
        kwargs["vendor"] = self.vendor
        return name, args, kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)
