"""``kaopu resettwofactor <username>``: remove a user's second factors, on the server's command line.

The only way to reset an administrator's second factor (三员: no administrator resets another's
through the web). Recorded in the audit log with the actor "命令行" (command line).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaopu.accounts.models import User
from kaopu.twofactor import actions


class Command(BaseCommand):
    help = "Reset a user's second factor (authenticator and recovery codes); the only way for an administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        removed = actions.reset_from_command_line(user)
        self.stdout.write(self.style.SUCCESS(
            f"reset the second factor of {user.username}: {removed} device(s) removed; "
            "they enrol again at the next login if their role requires it"))
