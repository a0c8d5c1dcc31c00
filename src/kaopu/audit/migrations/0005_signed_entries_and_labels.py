"""Signed entries, objects named in words, and triggers that also guard TRUNCATE and the chain head.

1. New columns: object_label (the object in words), key_id and mac (the entry's HMAC-SHA256).
2. Every entry written before is signed now, with the key the environment gives the migration
   (KAOPU_AUDIT_KEY; run `kaopu migrate` with the production environment). Signing trusts what is in
   the table at that moment, which is why `kaopu audit verify` should pass before migrating; an entry
   already altered stays reported, because its HMAC covers its stored hash, which no longer fits its
   content. Signing is the only UPDATE of entries ever made, with the triggers switched off for it in
   this one transaction.
3. Triggers. PostgreSQL: TRUNCATE refused on both tables (row triggers do not fire on TRUNCATE); the
   head row can be neither deleted nor moved other than one step forward to an entry that exists
   with that hash. SQLite: the same for the head; SQLite has no TRUNCATE. On SQLite, adding columns
   rebuilds the table and drops its triggers, so all of them are created again here.
"""

import hashlib
import hmac

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from kaopu.core.migration_ops import RunSQLOn

GENESIS_HASH = "0" * 64

SQLITE_ENTRY_TRIGGERS = [
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
]
SQLITE_HEAD_TRIGGERS = [
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead "
    "BEGIN SELECT RAISE(ABORT, 'audit_chainhead cannot be deleted'); END",
    "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead "
    "WHEN NEW.id != OLD.id OR NEW.sequence != OLD.sequence + 1 OR NOT EXISTS ("
    "SELECT 1 FROM audit_auditentry WHERE sequence = NEW.sequence AND entry_hash = NEW.last_hash) "
    "BEGIN SELECT RAISE(ABORT, 'audit_chainhead moves only one step forward, to an existing entry'); END",
    "CREATE TRIGGER audit_head_insert_empty BEFORE INSERT ON audit_chainhead "
    f"WHEN NEW.id != 1 OR NEW.sequence != 0 OR NEW.last_hash != '{GENESIS_HASH}' "
    "BEGIN SELECT RAISE(ABORT, 'audit_chainhead starts empty'); END",
]
SQLITE_TRIGGER_NAMES = ["audit_entry_no_update", "audit_entry_no_delete", "audit_head_no_delete",
                        "audit_head_forward_only", "audit_head_insert_empty"]

PG_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION audit_chain_head_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_chainhead cannot be deleted';
      ELSIF TG_OP = 'INSERT' THEN
        IF NEW.id <> 1 OR NEW.sequence <> 0 OR NEW.last_hash <> repeat('0', 64) THEN
          RAISE EXCEPTION 'audit_chainhead starts empty';
        END IF;
        RETURN NEW;
      END IF;
      IF NEW.id <> OLD.id OR NEW.sequence <> OLD.sequence + 1 OR NOT EXISTS (
          SELECT 1 FROM audit_auditentry WHERE sequence = NEW.sequence AND entry_hash = NEW.last_hash) THEN
        RAISE EXCEPTION 'audit_chainhead moves only one step forward, to an existing entry';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
]
PG_TRIGGERS = [
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()",
    "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_chainhead "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()",
    "CREATE TRIGGER audit_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chainhead "
    "FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()",
]
PG_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_head_guard ON audit_chainhead",
    "DROP FUNCTION IF EXISTS audit_refuse_truncate()",
    "DROP FUNCTION IF EXISTS audit_chain_head_guard()",
]


def _key_id(key: str) -> str:
    return hashlib.sha256(b"kaopu-audit-key-id:" + key.encode()).hexdigest()[:16]


def sign_existing_entries(apps, schema_editor):
    """The same HMAC as kaopu.audit.keys.sign("entry", entry_hash), frozen here as it is today."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    db = schema_editor.connection.alias
    unsigned = AuditEntry.objects.using(db).filter(mac="").order_by("pk")
    if not unsigned.exists():
        return
    key = settings.AUDIT_KEY
    key_id, key_bytes = _key_id(key), key.encode()
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update")
        elif vendor == "sqlite":
            for name in ("audit_entry_no_update", "audit_entry_no_delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    last_pk = 0
    while batch := list(unsigned.filter(pk__gt=last_pk).only("pk", "entry_hash")[:2000]):
        for entry in batch:
            entry.key_id = key_id
            entry.mac = hmac.new(key_bytes, f"entry:{entry.entry_hash}".encode(), hashlib.sha256).hexdigest()
        AuditEntry.objects.using(db).bulk_update(batch, ["key_id", "mac"])
        last_pk = batch[-1].pk
    if vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update")
    # SQLite: the triggers are created again below.


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_more_actions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='key_id',
            field=models.CharField(blank=True, max_length=16, verbose_name='key id'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='mac',
            field=models.CharField(blank=True, max_length=64, verbose_name='HMAC'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='object_label',
            field=models.CharField(blank=True, max_length=200, verbose_name='object'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.RunPython(sign_existing_entries, migrations.RunPython.noop),
        RunSQLOn(
            "sqlite",
            [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES]
            + SQLITE_ENTRY_TRIGGERS + SQLITE_HEAD_TRIGGERS,
            reverse_sql=[f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES]
            + SQLITE_ENTRY_TRIGGERS,
        ),
        RunSQLOn("postgresql", PG_FUNCTIONS + PG_TRIGGERS, reverse_sql=PG_REVERSE),
    ]
