"""Deadlines that can be counted again: the day they are counted from and how many working days, and
whether a year without a calendar made them provisional (kaopu.appeals.deadlines)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def count_existing_deadlines_from_themselves(apps, schema_editor):
    # Deadlines set before this migration were counted over known calendars; zero working days after
    # themselves keeps them where they are if their year is ever entered again.
    apps.get_model("appeals", "Appeal").objects.filter(due_on__isnull=False).update(
        due_from=F("due_on"), due_working_days=0)


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0009_appeal_source_legal'),
        ('dialogues', '0002_requires_approval'),
        ('directory', '0006_department_head'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='appeal',
            name='due_from',
            field=models.DateField(blank=True, null=True, verbose_name='deadline counted from'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='due_provisional',
            field=models.BooleanField(default=False, verbose_name='deadline is provisional'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='due_working_days',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='working days to the deadline'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='first_reply_provisional',
            field=models.BooleanField(default=False, verbose_name='working days to the first reply are provisional'),
        ),
        migrations.AddIndex(
            model_name='appeal',
            index=models.Index(condition=models.Q(('first_reply_provisional', True)), fields=['id'], name='appeal_first_reply_provisional'),
        ),
        migrations.RunPython(count_existing_deadlines_from_themselves, migrations.RunPython.noop),
    ]
