"""Tell PostgreSQL's planner how many events an appeal has.

With tens of millions of events, ANALYZE's sample sees few repeats of each appeal_id and estimates
about 170 events per appeal instead of about 10. The detail page's timeline query (events with their
actors) then hashes the whole user table instead of looking up the few actors: 5 ms instead of 0.1 ms
at 3 million appeals. A fixed ratio (distinct appeals ≈ a tenth of the events) keeps the estimate
right at every size. PostgreSQL only; SQLite has no such statistics."""

from django.db import migrations


def set_ratio(apps, schema_editor, value: str) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE appeals_event ALTER COLUMN appeal_id SET (n_distinct = {value})")
    schema_editor.execute("ANALYZE appeals_event")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    set_ratio(apps, schema_editor, "-0.1")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    set_ratio(apps, schema_editor, "0")


class Migration(migrations.Migration):
    dependencies = [("appeals", "0005_inbox_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
