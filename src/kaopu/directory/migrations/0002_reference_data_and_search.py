"""GB/T 4754-2017 industries as data, and the PostgreSQL indexes of the enterprise name search."""

import csv
from pathlib import Path

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from kaopu.core.migration_ops import RunSQLOn

DATA = Path(__file__).resolve().parent.parent / "data" / "gbt4754_2017.csv"


def load_industries(apps, schema_editor):
    Section = apps.get_model("directory", "IndustrySection")
    Division = apps.get_model("directory", "IndustryDivision")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["level"] == "section":
            Section.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    for row in rows:
        if row["level"] == "division":
            Division.objects.update_or_create(code=row["code"],
                                              defaults={"name": row["name"], "section_id": row["section"]})


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
