"""Create one of the three administrator accounts (三员) on a fresh installation.

Kaopu has no superuser; a new installation is opened by creating a system administrator (users,
organisations, reference data), a security administrator (roles, lockouts) and an audit
administrator (the audit log), three different people. It is the only way to make an administrator
without the two-person rule of the web (accounts.actions.request_admin_role): it needs the server's
command line. The password is typed by the administrator, so it need not be changed at first login.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kaopu.accounts.actions import role_words
from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import ADMIN_ROLES, OrganisationKind
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.directory.models import District


class Command(BaseCommand):
    help = "Create a system, security or audit administrator account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))
        parser.add_argument("--name", default="")
        parser.add_argument("--district", default="", help="district name; empty for a city-level FIC")
        parser.add_argument("--password", default="", help="read from the terminal when omitted")

    def handle(self, *args: Any, **options: Any) -> None:
        username, role = options["username"], options["role"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} exists already")
        if User.objects.filter(role=role, is_active=True).exists():
            self.stderr.write(f"note: an active {role} exists already; adding another")
        password = options["password"] or getpass.getpass("password: ")
        with transaction.atomic():
            district = None
            if options["district"]:
                district, _created = District.objects.get_or_create(name=options["district"])
            organisation, _created = Organisation.objects.get_or_create(
                kind=OrganisationKind.FIC, district=district,
                defaults={"name": f"{district.name if district else ''}工商联"})
            user = User(username=username, name=options["name"] or username, role=role, organisation=organisation)
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.set_password(password)
            user.full_clean()
            user.save()
            record(Action.CREATE, actor_name="manage.py", target=user,
                   summary=f"服务器命令行创建{role_words(role)} {user.in_words}", data={"role": role})
        self.stdout.write(self.style.SUCCESS(f"created {role} {username}"))
