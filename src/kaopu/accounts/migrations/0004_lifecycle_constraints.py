"""The token's expiry is required from now on; the lifecycle's check constraints."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_date_existing_rows'),
    ]

    operations = [
        migrations.AlterField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(verbose_name='expires at'),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(('scope__in', ['read', 'read_write'])), name='apitoken_scope_known'),
        ),
        migrations.AddConstraint(
            model_name='apitoken',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('revoked_at__isnull', True), ('revoked_because', '')), models.Q(('revoked_at__isnull', False), models.Q(('revoked_because', ''), _negated=True)), _connector='OR'), name='apitoken_revoked_with_reason'),
        ),
        migrations.AddConstraint(
            model_name='adminrolerequest',
            constraint=models.UniqueConstraint(condition=models.Q(('decision', 'pending')), fields=('target',), name='adminrolerequest_one_pending_per_user'),
        ),
        migrations.AddConstraint(
            model_name='adminrolerequest',
            constraint=models.CheckConstraint(condition=models.Q(('old_role__in', ['audit_admin', 'security_admin', 'system_admin']), ('new_role__in', ['audit_admin', 'security_admin', 'system_admin']), _connector='OR'), name='adminrolerequest_concerns_an_admin_role'),
        ),
        migrations.AddConstraint(
            model_name='adminrolerequest',
            constraint=models.CheckConstraint(condition=models.Q(('requested_by', models.F('target')), _negated=True), name='adminrolerequest_not_for_oneself'),
        ),
        migrations.AddConstraint(
            model_name='adminrolerequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('decided_at__isnull', True), ('decided_by__isnull', True), ('decision', 'pending')), models.Q(models.Q(('decision', 'pending'), _negated=True), ('decided_at__isnull', False), ('decided_by__isnull', False), models.Q(('decided_by', models.F('requested_by')), _negated=True), models.Q(('decided_by', models.F('target')), _negated=True)), _connector='OR'), name='adminrolerequest_decided_by_another'),
        ),
    ]
