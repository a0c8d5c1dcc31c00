"""District.abbreviation: the letters that begin the district's appeal numbers, derived from the name for
the districts that exist (kaopu.directory.abbreviations), then unique."""

import re

import django.core.validators
from django.db import migrations, models

from kaopu.directory import abbreviations


def fill_abbreviations(apps, schema_editor):
    District = apps.get_model("directory", "District")
    taken: set[str] = set()
    for district in District.objects.order_by("id"):
        district.abbreviation = abbreviations.derive(district.name, taken)
        taken.add(district.abbreviation)
        district.save(update_fields=["abbreviation"])


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0007_roster_quirks'),
    ]

    operations = [
        migrations.AddField(
            model_name='district',
            name='abbreviation',
            field=models.CharField(blank=True, default='', max_length=8, verbose_name='abbreviation'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_abbreviations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='district',
            name='abbreviation',
            field=models.CharField(blank=True, help_text='Begins the district\'s appeal numbers (PT-2026-000302). Left empty, the pinyin initials of the name. A change applies to new numbers only; never give a former abbreviation to another district.', max_length=8, unique=True, validators=[django.core.validators.RegexValidator(re.compile('^[A-Za-z][A-Za-z0-9]{0,7}$'), 'Abbreviation: 1 to 8 capital Latin letters or digits, starting with a letter (such as PT).')], verbose_name='abbreviation'),
        ),
    ]
