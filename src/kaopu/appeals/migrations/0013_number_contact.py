"""Appeal numbers (PT-2026-000302) and the enterprise's contact on an appeal.

The appeals that exist are numbered by district, year of submission (Asia/Shanghai) and id, and the
counters set after them (kaopu.appeals.numbering.number_existing); their contact is the enterprise user who
submitted them (the account's name and phone), else the enterprise's contact in the directory, else none.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from kaopu.appeals import numbering
from kaopu.core.phones import normalise_phone


def number_appeals(apps, schema_editor):
    numbering.number_existing(apps.get_model("appeals", "Appeal"), apps.get_model("directory", "District"),
                              apps.get_model("appeals", "NumberCounter"))


def _phone(value):
    try:
        return normalise_phone(value, "")
    except Exception:  # noqa: BLE001 - a phone nobody checked before: left out
        return ""


def fill_contacts(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    EnterprisePerson = apps.get_model("directory", "EnterprisePerson")
    fill_contacts_of(Appeal, EnterprisePerson)


def fill_contacts_of(Appeal, EnterprisePerson, batch=2000):
    """The contact of every appeal that has none: its submitter when an enterprise user with a phone,
    else the first of the enterprise's people in the directory with a phone (its contacts first)."""
    directory = {}
    links = (EnterprisePerson.objects.exclude(person__phone="").order_by("id")
             .values_list("enterprise_id", "role", "person__name", "person__phone"))
    for enterprise_id, role, name, phone in sorted(links, key=lambda link: link[1] != "contact"):
        if enterprise_id not in directory and _phone(phone):
            directory[enterprise_id] = (name[:50], _phone(phone))
    pending = []
    rows = (Appeal.objects.filter(contact_name="", contact_phone="").order_by("id")
            .values_list("id", "enterprise_id", "created_by__role", "created_by__name", "created_by__phone"))
    for pk, enterprise_id, role, name, phone in rows.iterator(chunk_size=batch):
        own = (name[:50], _phone(phone)) if role == "enterprise_user" and _phone(phone) and name else None
        person = own or directory.get(enterprise_id)
        if person:
            pending.append(Appeal(pk=pk, contact_name=person[0], contact_phone=person[1]))
        if len(pending) >= batch:
            Appeal.objects.bulk_update(pending, ["contact_name", "contact_phone"])
            pending = []
    Appeal.objects.bulk_update(pending, ["contact_name", "contact_phone"])


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0012_deadline_rule_dispatch'),
        ('directory', '0008_district_abbreviation'),
    ]

    operations = [
        migrations.CreateModel(
            name='NumberCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('last', models.PositiveIntegerField(default=0, verbose_name='last sequence given')),
                ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.district', verbose_name='district')),
            ],
            options={
                'verbose_name': 'appeal number counter',
                'verbose_name_plural': 'appeal number counters',
                'constraints': [models.UniqueConstraint(fields=('district', 'year'), name='number_counter_unique')],
            },
        ),
        migrations.AddField(
            model_name='appeal',
            name='contact_name',
            field=models.CharField(blank=True, max_length=50, verbose_name='contact person'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='contact_phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='contact phone'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='number',
            field=models.CharField(editable=False, max_length=24, null=True, verbose_name='appeal number'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='number_year',
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name='year of the number'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='number_sequence',
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name='sequence of the number'),
        ),
        migrations.AlterField(
            model_name='appeal',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at'),
        ),
        migrations.RunPython(number_appeals, migrations.RunPython.noop),
        migrations.RunPython(fill_contacts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='appeal',
            name='number',
            field=models.CharField(editable=False, max_length=24, unique=True, verbose_name='appeal number'),
        ),
        migrations.AlterField(
            model_name='appeal',
            name='number_year',
            field=models.PositiveSmallIntegerField(editable=False, verbose_name='year of the number'),
        ),
        migrations.AlterField(
            model_name='appeal',
            name='number_sequence',
            field=models.PositiveIntegerField(editable=False, verbose_name='sequence of the number'),
        ),
        migrations.AddConstraint(
            model_name='appeal',
            constraint=models.UniqueConstraint(fields=('district', 'number_sequence', 'number_year'), name='appeal_number_sequence_unique'),
        ),
        migrations.AddConstraint(
            model_name='appeal',
            constraint=models.CheckConstraint(condition=models.Q(('number_sequence__gte', 1)), name='appeal_number_sequence_positive'),
        ),
    ]
