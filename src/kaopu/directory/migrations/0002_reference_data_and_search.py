"""GB/T 4754-2017 industries as data, and the PostgreSQL indexes of the enterprise name search."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from kaopu.core.migration_ops import RunSQLOn
from kaopu.directory.reference_data import load_industries as load


def load_industries(apps, schema_editor):
    load(apps.get_model("directory", "IndustrySection"), apps.get_model("directory", "IndustryDivision"),
         using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(load_industries, migrations.RunPython.noop),
        # CREATE EXTENSION needs a superuser once per database (README, "Deploying"); skipped on SQLite.
        TrigramExtension(),
        RunSQLOn(
            "postgresql",
            [
                # Name search of three or more characters: LIKE '%…%' through trigrams.
                "CREATE INDEX enterprise_name_trgm ON directory_enterprise USING gin (name gin_trgm_ops)",
                # Name search of one or two characters, which have no trigram: the name's characters.
                "CREATE INDEX enterprise_name_chars ON directory_enterprise "
                "USING gin (string_to_array(name, NULL))",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS enterprise_name_trgm",
                "DROP INDEX IF EXISTS enterprise_name_chars",
            ],
        ),
    ]
