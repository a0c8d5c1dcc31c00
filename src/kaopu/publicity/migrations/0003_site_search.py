"""The public site's search over published articles on PostgreSQL (kaopu.publicity.site.search), as the
directory's name search: trigram GIN indexes for terms of three or more characters and GIN indexes on
the characters for one or two (pg_trgm finds no trigram in them), then LIKE rechecks. Partial: published
articles only, the only ones searched. Skipped on SQLite, which searches with LIKE."""

from django.db import migrations

from kaopu.core.migration_ops import RunSQLOn

PUBLISHED = "WHERE state = 'published'"


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_reference_data_and_search"),  # CREATE EXTENSION pg_trgm
        ("publicity", "0002_articles"),
    ]

    operations = [
        RunSQLOn(
            "postgresql",
            [
                f"CREATE INDEX publicity_article_title_trgm ON publicity_article USING gin (title gin_trgm_ops) "
                f"{PUBLISHED}",
                f"CREATE INDEX publicity_article_text_trgm ON publicity_article USING gin (body_text gin_trgm_ops) "
                f"{PUBLISHED}",
                f"CREATE INDEX publicity_article_title_chars ON publicity_article "
                f"USING gin (string_to_array(title, NULL)) {PUBLISHED}",
                f"CREATE INDEX publicity_article_text_chars ON publicity_article "
                f"USING gin (string_to_array(body_text, NULL)) {PUBLISHED}",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS publicity_article_title_trgm",
                "DROP INDEX IF EXISTS publicity_article_text_trgm",
                "DROP INDEX IF EXISTS publicity_article_title_chars",
                "DROP INDEX IF EXISTS publicity_article_text_chars",
            ],
        ),
    ]
