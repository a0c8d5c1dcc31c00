"""``kaopu demo``: migrate, load the demo district once, start the task consumer and serve.

A newcomer runs ``make demo`` and gets a working platform with a believable district (普陀区, its
ten subdistricts, its departments and 2,000 enterprises) and one login per role, printed before
the server starts. A second run loads nothing again: the first demo enterprise and the demo
accounts mark the data as loaded.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.translation import gettext as _

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.directory import demo
from kaopu.directory.models import Department, District, Enterprise

# Passes every password validator (10+ characters, three classes of four); demo only.
DEMO_PASSWORD = "Kaopu@2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: str
    organisation: str  # a key of _organisations()
    hint: str


def demo_accounts() -> list[DemoAccount]:
    """One account per role, two enterprise users (to try isolation) and two department handlers."""
    return [
        DemoAccount("staff", "王慧敏", Role.FIC_STAFF, "fic",
                    _("triage and dispatch appeals; push a financing demand to banks; assign a lawyer to a "
                      "legal service request; follow an investment lead to 签约 and 落地; search 科技 in the "
                      "enterprise list, export to Excel, import a roster; 商会: the district's chambers, their "
                      "members and terms, the Four-Good evaluation (score as a reviewer, the ranking); 会员: the "
                      "FIC's members, applications and dues in arrears")),
        DemoAccount("reviewer", "刘晓燕", Role.FIC_STAFF, "fic",
                    _("the first review (初审) of the public site's articles: staff writes, you review, approver "
                      "gives the final approval; one article waits for you with a content-guard finding")),
        DemoAccount("approver", "赵永军", Role.FIC_STAFF, "fic",
                    _("the final approval (终审) of the public site's articles after the reviewer")),
        DemoAccount("leader", "陈建国", Role.DISTRICT_LEADER, "fic",
                    _("the appeals overview and instructions; the financing, legal and investment figures; "
                      "browse the directory read-only, phone numbers masked")),
        DemoAccount("scjg", "李志刚", Role.DEPARTMENT_HANDLER, "dept:区市场监管局",
                    _("(区市场监管局) the appeals inbox: sign for, reply, ask for an extension")),
        DemoAccount("rsj", "张丽娟", Role.DEPARTMENT_HANDLER, "dept:区人社局",
                    _("(区人社局) the appeals inbox, as a co-handling department")),
        DemoAccount("qiye1", "周晓东", Role.ENTERPRISE_USER, "enterprise:0",
                    _("submit an appeal and rate the reply; ask the alliance banks for a loan and follow each "
                      "bank's answer; request a lawyer and rate the service; your FIC membership and the dues "
                      "still owed; see only your own enterprise (another one's URL: 404)")),
        DemoAccount("qiye2", "吴佳怡", Role.ENTERPRISE_USER, "enterprise:1",
                    _("a second enterprise, isolated from the first")),
        DemoAccount("shanghui", "徐志文", Role.CHAMBER_OFFICER, "chamber",
                    _("(普陀区青年企业家商会) your chamber's page, members (add, change a role, record leaving, "
                      "import a roster), terms, brand projects and activities; apply for the Four-Good evaluation "
                      "with evidence and see the result; another chamber's URL answers 404")),
        DemoAccount("bank", "沈佳", Role.BANK_OFFICER, "bank",
                    _("(上海农商银行普陀支行) the demands pushed to your bank: claim, record the contact, grant "
                      "or decline; your bank's loan products. bank01 (工商银行) is another bank's officer and "
                      "sees none of them")),
        DemoAccount("lawyer", "顾明", Role.LAWYER, "law_firm",
                    _("(上海真如律师事务所) the legal service requests assigned to you: record a session, fill a "
                      "health check, complete; lawyer_chen of the same firm sees only hers")),
        DemoAccount("sysadmin", "蒋涛", Role.SYSTEM_ADMIN, "fic",
                    _("/admin/: accounts, organisations, reference data")),
        DemoAccount("secadmin", "曹敏", Role.SECURITY_ADMIN, "fic", _("/admin/: change roles, lift lockouts")),
        DemoAccount("auditor", "钱燕", Role.AUDIT_ADMIN, "fic", _("/audit/: the audit log")),
    ]


def demo_is_loaded() -> bool:
    """The marker: the first demo enterprise exists (its credit code is the same on every run)."""
    first_code, _row = next(demo.demo_enterprises(1))
    return Enterprise.objects.filter(credit_code=first_code).exists()


def load_demo() -> bool:
    """Load the demo district and its accounts unless they are there; True when something was loaded."""
    loaded_before = demo_is_loaded()
    if not loaded_before:
        demo.load_directory()
    district = District.objects.get(name=demo.DISTRICT_NAME)
    created = _load_accounts(district)
    if not loaded_before:
        for loader in feature_demo_loaders():
            with transaction.atomic():
                loader(district)
    return not loaded_before or created > 0


def feature_demo_loaders() -> list[Callable[[District], None]]:
    """``load_demo(district)`` of every installed app that has a ``demo`` module, in app order.

    How a feature app adds its demo data (appeals, meetings, …): a ``<app>/demo.py`` with a
    ``load_demo(district)`` that creates its rows for the demo district, once, with the demo
    accounts already there (``User.objects.get(username="staff")``). The directory and the accounts
    are loaded before, by this command itself.
    """
    loaders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kaopu.") or config.name == "kaopu.directory":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        if callable(loader := getattr(module, "load_demo", None)):
            loaders.append(loader)
    return loaders


def _organisations(district: District) -> dict[str, Organisation]:
    """The organisations the demo accounts belong to, created on first use."""
    def org(kind: str, name: str, **links: Any) -> Organisation:
        lookup = links or {"kind": kind, "name": name, "district": district}
        organisation, _created = Organisation.objects.get_or_create(
            **lookup, defaults={"kind": kind, "name": name, "district": district})
        return organisation

    result = {
        "fic": org(OrganisationKind.FIC, f"{district.name}工商联"),
        "chamber": org(OrganisationKind.CHAMBER, "普陀区青年企业家商会"),
        "bank": org(OrganisationKind.BANK, "上海农商银行普陀支行"),
        "law_firm": org(OrganisationKind.LAW_FIRM, "上海真如律师事务所"),
    }
    for name in ("区市场监管局", "区人社局"):
        department = Department.objects.get(district=district, name=name)
        result[f"dept:{name}"] = org(OrganisationKind.DEPARTMENT, name, department=department)
    # Two active members, the oldest rows of the demo: stable across runs.
    members = Enterprise.objects.filter(district=district, is_member=True, status=Enterprise.Status.ACTIVE)
    for index, enterprise in enumerate(members.order_by("id")[:2]):
        result[f"enterprise:{index}"] = org(OrganisationKind.ENTERPRISE, enterprise.name,
                                            enterprise=enterprise)
    return result


def _load_accounts(district: District) -> int:
    """Create the demo accounts that do not exist yet; the number created."""
    created = 0
    with transaction.atomic():
        organisations = _organisations(district)
        for account in demo_accounts():
            if User.objects.filter(username=account.username).exists():
                continue
            user = User(username=account.username, name=account.name, role=account.role,
                        organisation=organisations[account.organisation])
            user.full_clean(exclude=["password"])
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
    return created


def logins_table() -> str:
    """The demo logins as a plain-text table for the terminal."""
    rows = [(_("role"), _("user name"), _("password"), _("what to try"))]
    rows += [(str(Role(account.role).label), account.username, DEMO_PASSWORD, str(account.hint))
             for account in demo_accounts()]
    widths = [max(_display_width(row[column]) for row in rows) for column in range(3)]
    lines = ["  ".join(_pad(cell, width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]
             for row in rows]
    lines.insert(1, "-" * max(_display_width(line) for line in lines))
    return "\n".join(lines)


def _display_width(text: str) -> int:
    """Columns a terminal gives ``text``: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


class Command(BaseCommand):
    help = "Run Kaopu with demo data: migrate, load the demo district once, start the task consumer, serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--noreload", action="store_true", help="do not restart on code changes")
        parser.add_argument("--no-huey", action="store_true", help="do not start a task consumer")
        parser.add_argument("--load-only", action="store_true",
                            help="migrate and load the data, do not serve")

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The autoreloader's child process: the parent has set everything up already.
            self._serve(options)
            return
        self.stdout.write(_("Migrating the database…"))
        call_command("migrate", interactive=False, verbosity=0)
        if load_demo():
            self.stdout.write(_("Demo data loaded: the district of %(name)s.") % {"name": demo.DISTRICT_NAME})
        else:
            self.stdout.write(_("Demo data is there already; nothing loaded."))
        if options["load_only"]:
            return
        consumer = None if options["no_huey"] else self._start_consumer()
        # SIGTERM (a service manager, `kill`) unwinds like Ctrl-C, so the consumer is stopped too.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        try:
            self._print_welcome(options)
            self._serve(options)
        finally:
            if consumer is not None:
                consumer.terminate()
                try:
                    consumer.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    consumer.kill()

    def _start_consumer(self) -> subprocess.Popen[bytes]:
        """The huey consumer as a child process, stopped when the demo stops."""
        command = [sys.executable, "-m", "kaopu.cli", "run_huey", "--quiet"]
        return subprocess.Popen(command, env=os.environ.copy())

    def _print_welcome(self, options: dict[str, Any]) -> None:
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Kaopu demo: open %(address)s") % {"address": address}))
        self.stdout.write("")
        self.stdout.write(logins_table())
        self.stdout.write("")
        self.stdout.write(_("Stop with Ctrl-C."))

    def _serve(self, options: dict[str, Any]) -> None:
        call_command("runserver", f"{options['host']}:{options['port']}",
                     use_reloader=not options["noreload"], use_threading=True)
