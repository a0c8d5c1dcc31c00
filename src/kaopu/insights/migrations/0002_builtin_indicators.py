"""The four built-in private-economy indicators (kaopu.insights.builtins): shares of market entities, of
high-tech enterprises, of new jobs and of the district's tax revenue."""

from django.db import migrations

from kaopu.insights import builtins


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    builtins.seed(apps.get_model("insights", "Indicator"))


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("insights", "Indicator").objects.filter(
        key__in=[b.key for b in builtins.BUILTINS], values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_indicators")]
    operations = [migrations.RunPython(seed, unseed)]
