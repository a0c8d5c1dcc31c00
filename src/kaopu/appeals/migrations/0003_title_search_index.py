"""A trigram index for the title search of the appeal lists (LIKE '%…%'), on PostgreSQL.

Without it the search read every appeal of the district (21 ms at 60,000 appeals). Like the
enterprise name search, one- and two-character queries have no trigram and fall back to the
district index with a recheck.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from kaopu.core.migration_ops import RunSQLOn


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_categories")]

    operations = [
        TrigramExtension(),
        RunSQLOn(
            "postgresql",
            "CREATE INDEX appeal_title_trgm ON appeals_appeal USING gin (title gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS appeal_title_trgm",
        ),
    ]
