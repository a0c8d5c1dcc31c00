"""The subject categories of DESIGN.md section 4; staff may add and retire categories later."""

from django.db import migrations

CATEGORIES = ["融资", "法律", "用工", "政策咨询", "审批", "用地用房", "知识产权", "税费", "市场监管", "其他"]


def load(apps, schema_editor):
    Category = apps.get_model("appeals", "Category")
    for order, name in enumerate(CATEGORIES):
        Category.objects.using(schema_editor.connection.alias).get_or_create(
            name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
