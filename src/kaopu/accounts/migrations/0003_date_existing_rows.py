"""Existing users get today as the date of their password, so that the expiry gives everyone a full
period after the upgrade instead of forcing every account to change at once; existing tokens (which
never expired) get the longest lifetime from today and keep writing (read and write), so that scripts
keep working until their owners replace them."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

TOKEN_DAYS_FOR_EXISTING = 90


def date_existing_passwords_and_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    now = timezone.now()
    apps.get_model("accounts", "User").objects.filter(password_changed_at__isnull=True).update(
        password_changed_at=now)
    tokens = apps.get_model("accounts", "ApiToken").objects
    tokens.filter(expires_at__isnull=True).update(expires_at=now + timedelta(days=TOKEN_DAYS_FOR_EXISTING),
                                                  scope="read_write")
    tokens.filter(revoked_at__isnull=False, revoked_because="").update(revoked_because="owner")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_lifecycle'),
    ]

    operations = [
        migrations.RunPython(date_existing_passwords_and_tokens, migrations.RunPython.noop),
    ]
