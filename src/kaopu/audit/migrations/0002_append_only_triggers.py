"""Triggers that refuse UPDATE and DELETE on the audit log, on PostgreSQL and on SQLite."""

from django.db import migrations

from kaopu.core.migration_ops import RunSQLOn

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_auditentry is append-only';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        RunSQLOn(
            "postgresql",
            [
                PG_FUNCTION,
                "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_auditentry "
                "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
            ],
            reverse_sql=[
                "DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry",
                "DROP FUNCTION IF EXISTS audit_entry_append_only()",
            ],
        ),
        RunSQLOn(
            "sqlite",
            [
                "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
                "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
                "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
                "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
            ],
            reverse_sql=[
                "DROP TRIGGER IF EXISTS audit_entry_no_update",
                "DROP TRIGGER IF EXISTS audit_entry_no_delete",
            ],
        ),
    ]
