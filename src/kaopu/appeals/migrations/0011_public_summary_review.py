"""Public summaries are reviewed by staff before the board shows them (issue 11).

Existing summaries were written by FIC staff, so they count as reviewed and approved: by the author
of the last "edit_summary" event and at its time (else unknown, at the appeal's last change).
Appeals without one wait in the review queue: the board no longer shows a reply unreviewed.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def approve_existing_summaries(apps: Any, schema_editor: Any) -> None:
    Appeal = apps.get_model("appeals", "Appeal")
    Event = apps.get_model("appeals", "Event")
    written = Appeal.objects.exclude(public_summary="").values_list("pk", "updated_at")
    for pk, updated_at in written.iterator(chunk_size=2000):
        last_edit = Event.objects.filter(appeal_id=pk, action="edit_summary").order_by("-id").first()
        Appeal.objects.filter(pk=pk).update(
            summary_review="approved",
            summary_reviewed_by_id=last_edit.actor_id if last_edit else None,
            summary_reviewed_at=last_edit.at if last_edit else updated_at)


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0010_provisional_deadlines'),
        ('dialogues', '0002_requires_approval'),
        ('directory', '0006_department_head'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='appeal',
            name='appeal_public_board',
        ),
        migrations.AddField(
            model_name='appeal',
            name='summary_review',
            field=models.CharField(choices=[('pending', 'not reviewed yet'), ('approved', 'approved for the public board'), ('withheld', 'not published')], default='pending', max_length=10, verbose_name='review of the public summary'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='summary_reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='public summary reviewed at'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='summary_reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='public summary reviewed by'),
        ),
        migrations.AddField(
            model_name='appeal',
            name='summary_withheld_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='reason for not publishing'),
        ),
        migrations.RunPython(approve_existing_summaries, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='appeal',
            index=models.Index(condition=models.Q(('is_confidential', False), ('publish_consent', True), ('state', 'closed'), ('summary_review', 'approved')), fields=['district', '-closed_at'], name='appeal_public_board'),
        ),
        migrations.AddIndex(
            model_name='appeal',
            index=models.Index(condition=models.Q(('is_confidential', False), ('publish_consent', True), ('state', 'closed'), ('summary_review', 'pending')), fields=['district', '-id'], name='appeal_summary_queue'),
        ),
    ]
