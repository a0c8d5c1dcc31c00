"""Django's PostgreSQL backend, with a UTF-8 ctype for the databases it creates for tests.

pg_trgm decides what a "word character" is from the database's LC_CTYPE; under ``C`` it finds no
trigrams in Chinese text, and the enterprise name search would silently return nothing. Production
databases are created by hand (README, "Deploying"); the test database is created by Django, so we
name the ctype here.
"""

from __future__ import annotations

from django.db.backends.postgresql import base, creation


class DatabaseCreation(creation.DatabaseCreation):
    def sql_table_creation_suffix(self) -> str:
        suffix = super().sql_table_creation_suffix()
        return f"{suffix} LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
