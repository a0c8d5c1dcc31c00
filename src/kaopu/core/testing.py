"""Personas for tests: one user per role, made once per test through the real models.

Every test module uses these through the fixtures in ``src/conftest.py``: ``staff``, ``leader``,
``handler``, ``ent_user`` (of ``enterprise_a``), ``other_ent_user`` (of ``enterprise_b``),
``chamber_officer``, ``bank_officer``, ``lawyer``, ``sysadmin``, ``secadmin``, ``auditadmin``,
and ``far_staff`` (FIC staff of another district, who must not see this district's enterprises).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections, transaction
from django.test import override_settings

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.directory import credit_code
from kaopu.directory.models import Department, District, Enterprise, Subdistrict

PASSWORD = "Kaopu-test-2026"

# Which of the world's enterprises (World attribute names) each persona may see: the one table of
# expectations that the permission tests of pages, exports and the API all check against.
ENTERPRISES_VISIBLE_TO: dict[str, frozenset[str]] = {
    "staff": frozenset({"enterprise_a", "enterprise_b"}),
    "leader": frozenset({"enterprise_a", "enterprise_b"}),
    "far_staff": frozenset({"far_enterprise"}),
    "ent_user": frozenset({"enterprise_a"}),
    "other_ent_user": frozenset({"enterprise_b"}),
    "handler": frozenset(),
    "chamber_officer": frozenset(),
    "bank_officer": frozenset(),
    "lawyer": frozenset(),
    "sysadmin": frozenset(),
    "secadmin": frozenset(),
    "auditadmin": frozenset(),
}
# What appending one audit entry costs in queries (kaopu.audit.log.record): a savepoint, the chain
# head locked, the entry inserted, the head updated, the savepoint released. Query-count tests of pages
# that record (viewing unmasked personal data) add it once: it does not grow with the rows.
AUDIT_APPEND_QUERIES = 5
_serial = count(1)


def make_credit_code(seed: int) -> str:
    """A valid, distinct credit code for each seed (registration authority 9, type 1: an enterprise)."""
    body = f"913101{seed:011d}"
    digits = "".join(credit_code.ALPHABET[int(ch)] for ch in body)
    return credit_code.complete(digits)


def make_enterprise(district: District, *, name: str | None = None, **fields: Any) -> Enterprise:
    n = next(_serial)
    return Enterprise.objects.create(
        district=district, name=name or f"上海测试{n}号科技有限公司",
        credit_code=fields.pop("credit_code", make_credit_code(10_000 + n)), **fields)


def make_user(username: str, role: str, organisation: Organisation, **fields: Any) -> User:
    user = User(username=username, name=fields.pop("name", username), role=role, organisation=organisation,
                **fields)
    user.set_password(PASSWORD)
    # No password date: the expiry (accounts.passwords.max_age) never applies to test personas, so
    # that a test pinning its clock months away from the day it runs is not sent to the change page.
    # must_change_password stays False too. Tests of the expiry set the date themselves.
    user.password_changed_at = None
    user.save()
    return user


@dataclass
class World:
    district: District
    far_district: District
    subdistrict: Subdistrict
    department: Department
    enterprise_a: Enterprise
    enterprise_b: Enterprise
    far_enterprise: Enterprise
    users: dict[str, User]


def build_world() -> World:
    district = District.objects.create(name="普陀区")
    far = District.objects.create(name="静安区")
    subdistrict = Subdistrict.objects.create(district=district, name="长寿路街道")
    department = Department.objects.create(district=district, name="区市场监管局")
    enterprise_a = make_enterprise(district, name="上海甲科技有限公司", subdistrict=subdistrict, industry_id="65",
                                   phone="13812345678")
    enterprise_b = make_enterprise(district, name="上海乙餐饮管理有限公司", industry_id="62")
    far_enterprise = make_enterprise(far, name="上海静安丙贸易有限公司", industry_id="51")

    fic = Organisation.objects.create(kind=OrganisationKind.FIC, name="普陀区工商联", district=district)
    far_fic = Organisation.objects.create(kind=OrganisationKind.FIC, name="静安区工商联", district=far)
    dept_org = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=department.name,
                                           district=district, department=department)
    org_a = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise_a.name,
                                        district=district, enterprise=enterprise_a)
    org_b = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise_b.name,
                                        district=district, enterprise=enterprise_b)
    bank = Organisation.objects.create(kind=OrganisationKind.BANK, name="上海农商银行普陀支行", district=district)
    firm = Organisation.objects.create(kind=OrganisationKind.LAW_FIRM, name="上海普法律师事务所", district=district)
    chamber = Organisation.objects.create(kind=OrganisationKind.CHAMBER, name="普陀区青年商会", district=district)

    users = {
        "staff": make_user("staff", Role.FIC_STAFF, fic),
        "far_staff": make_user("far_staff", Role.FIC_STAFF, far_fic),
        "leader": make_user("leader", Role.DISTRICT_LEADER, fic),
        "handler": make_user("handler", Role.DEPARTMENT_HANDLER, dept_org),
        "ent_user": make_user("ent_user", Role.ENTERPRISE_USER, org_a),
        "other_ent_user": make_user("other_ent_user", Role.ENTERPRISE_USER, org_b),
        "chamber_officer": make_user("chamber_officer", Role.CHAMBER_OFFICER, chamber),
        "bank_officer": make_user("bank_officer", Role.BANK_OFFICER, bank),
        "lawyer": make_user("lawyer", Role.LAWYER, firm),
        "sysadmin": make_user("sysadmin", Role.SYSTEM_ADMIN, fic),
        "secadmin": make_user("secadmin", Role.SECURITY_ADMIN, fic),
        "auditadmin": make_user("auditadmin", Role.AUDIT_ADMIN, fic),
    }
    return World(district, far, subdistrict, department, enterprise_a, enterprise_b, far_enterprise, users)


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together (concurrency tests on PostgreSQL); each outcome is
    the call's result or the exception it raised, in the calls' order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcomes[i] = calls[i]()
        except Exception as error:  # the test inspects every outcome
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# --- The clock and the calendar ------------------------------------------------------------------
# No test may depend on the day it runs: a test about dates pins the whole clock (``pin_clock`` in
# src/conftest.py, time-machine: timezone.now(), date.today() and the database rows' auto_now all
# follow) and, when it needs to know which years have a calendar, says so (``library_until``).

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_moment(day: date | datetime, hour: int = 10, minute: int = 0) -> datetime:
    """An aware moment in Asia/Shanghai: ``day`` at ``hour``:``minute`` (a datetime is taken as it is,
    naive ones as Shanghai time)."""
    if isinstance(day, datetime):
        return day if day.tzinfo is not None else day.replace(tzinfo=SHANGHAI)
    return datetime.combine(day, time(hour, minute), SHANGHAI)


# --- Data loaded once for a test module -----------------------------------------------------------

@contextmanager
def loaded_once(django_db_blocker: Any, media_root: Any, load: Callable[[], Any]) -> Iterator[Any]:
    """For a module-scoped fixture: ``load()`` run once in a transaction that is rolled back when the module's
    tests are done. Each test's own transaction (the ``db`` fixture) is a savepoint inside it, so a test's
    changes still vanish after it, and the module's data stays for the next. For read-mostly data that is
    slow to make, such as the demo (a few seconds per test otherwise)."""
    # The test settings of src/conftest.py's autouse fixtures, which a module-scoped fixture runs before.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media_root), PASSWORD_HASHERS=fast),
          transaction.atomic()):
        yield load()
        transaction.set_rollback(True)

