"""Password and token lifecycle, and requests for administrator roles (issue 11): new columns and
tables. 0003 dates the existing rows, 0004 makes the token's expiry required (three migrations, so
that no ALTER TABLE runs in the transaction that updated the rows: PostgreSQL refuses that when
deferred constraint checks are pending)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='AdminRoleRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_role', models.CharField(choices=[('fic_staff', 'FIC staff'), ('department_handler', 'department handler'), ('enterprise_user', 'enterprise user'), ('chamber_officer', 'chamber officer'), ('bank_officer', 'bank officer'), ('lawyer', 'lawyer'), ('district_leader', 'district leader'), ('system_admin', 'system administrator'), ('security_admin', 'security administrator'), ('audit_admin', 'audit administrator')], max_length=20, verbose_name='current role')),
                ('new_role', models.CharField(choices=[('fic_staff', 'FIC staff'), ('department_handler', 'department handler'), ('enterprise_user', 'enterprise user'), ('chamber_officer', 'chamber officer'), ('bank_officer', 'bank officer'), ('lawyer', 'lawyer'), ('district_leader', 'district leader'), ('system_admin', 'system administrator'), ('security_admin', 'security administrator'), ('audit_admin', 'audit administrator')], max_length=20, verbose_name='requested role')),
                ('reason', models.CharField(max_length=500, verbose_name='reason')),
                ('requested_at', models.DateTimeField(verbose_name='requested at')),
                ('decision', models.CharField(choices=[('pending', 'pending'), ('approved', 'approved'), ('refused', 'refused')], default='pending', max_length=10, verbose_name='decision')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('decision_note', models.CharField(blank=True, max_length=500, verbose_name='note on the decision')),
            ],
            options={
                'verbose_name': 'administrator role request',
                'verbose_name_plural': 'administrator role requests',
                'ordering': ['-id'],
            },
        ),
        migrations.CreateModel(
            name='PasswordHistory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('replaced_at', models.DateTimeField(verbose_name='replaced at')),
            ],
            options={
                'verbose_name': 'previous password',
                'verbose_name_plural': 'previous passwords',
                'ordering': ['-id'],
            },
        ),
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(null=True, verbose_name='expires at'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='revoked_because',
            field=models.CharField(blank=True, choices=[('owner', 'revoked by its owner'), ('password_reset', 'the password was reset'), ('password_change', 'the owner changed the password'), ('deactivated', 'the account was deactivated')], max_length=20, verbose_name='revoked because'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='scope',
            field=models.CharField(choices=[('read', 'read only'), ('read_write', 'read and write')], default='read', max_length=10, verbose_name='scope'),
        ),
        migrations.AddField(
            model_name='user',
            name='must_change_password',
            field=models.BooleanField(default=False, verbose_name='must change the password at the next login'),
        ),
        migrations.AddField(
            model_name='user',
            name='password_changed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='password changed at'),
        ),
        migrations.AddField(
            model_name='adminrolerequest',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
        ),
        migrations.AddField(
            model_name='adminrolerequest',
            name='requested_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by'),
        ),
        migrations.AddField(
            model_name='adminrolerequest',
            name='target',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='admin_role_requests', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AddField(
            model_name='passwordhistory',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='password_history', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
    ]
