"""Give an account a one-time password from the server's command line.

The way back for an administrator who forgot their password: under 三员分立 no administrator may
reset another's in the web admin, so whoever operates the server (and can read its configuration
anyway) does it here. Works for any account. The one-time password must be changed at the next
login, the account's API tokens are revoked, and the reset is recorded in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaopu.accounts.actions import reset_password_from_command_line
from kaopu.accounts.models import User


class Command(BaseCommand):
    help = "Print a one-time password for USERNAME, to be changed at the next login (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, raw = reset_password_from_command_line(options["username"])
        except User.DoesNotExist:
            raise CommandError(f"no user {options['username']!r}") from None
        if not user.is_active:
            self.stderr.write(f"note: {user.username} is deactivated; the password works once it is activated again")
        self.stdout.write(f"one-time password for {user.username}: {raw}")
        self.stdout.write("it must be changed at the next login; the account's API tokens were revoked")
