"""The donation categories of the seed practice (光彩事业), in their customary order; staff add, rename,
reorder and retire them afterwards (kaopu.giving.actions.save_category)."""

from django.db import migrations

CATEGORIES = ("对口支援", "乡村振兴", "抗疫", "抗洪救灾", "助学", "公益", "其他")


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Category = apps.get_model("giving", "Category")
    for order, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"sort_order": (order + 1) * 10})


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("giving", "Category").objects.filter(name__in=CATEGORIES, donations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("giving", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
