"""Every business write of every app leaves an audit entry in its own transaction, naming its object.

The walk finds the action modules of every kaopu app by itself (``actions*.py``, ``calendar_actions.py``
and the modules in ``audit_scenarios.EXTRA_ACTION_MODULES``) and every public function in them. Each
must have a scenario in ``audit_scenarios.py`` or an entry with a reason in its ``EXEMPT`` list, so an
action added later without either fails here. Each scenario runs its action while every SQL statement
is watched (``connection.execute_wrapper``): each transaction of the action that INSERTs, UPDATEs or
DELETEs rows of a business table must also append an audit entry, and every entry appended must name
its object in words.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from kaopu.audit.models import AuditEntry
from kaopu.core.tests.audit_scenarios import EXEMPT, EXTRA_ACTION_MODULES, Stage, all_scenarios

# Tables whose writes need no audit entry of their own, and why.
EXEMPT_TABLES = {
    "audit_auditentry": "the audit log itself",
    "audit_chainhead": "the audit chain's head, written with every entry",
    "django_session": "the login session",
    "django_admin_log": "Django admin's own history, next to the audit entry",
    "notifications_notification": "messages to people about an audited change (see EXEMPT in audit_scenarios)",
    "appeals_kpicell": "the measures' rollup, derived from the audited appeal change in the same transaction",
    "finance_demandmatch": "the stored product matches, derived from products and demands (a cache)",
    "twofactor_loginfailure": "the login throttle's counters; each failure is audited as it happens",
    "twofactor_knownaddress": "the login throttle's addresses of successful logins (the login is audited)",
    "reports_workreport": "a work report's queue state, progress and kept figures; what it is and who changes it is "
                          "audited: asking for it, the transaction that stores its document, each summary edit, "
                          "each download",
    "exports_exportjob": "an export job's queue state and progress; what leaves the platform is audited: the file's "
                         "generation (in the transaction that marks the job done), each download, and its deletion",
}
# One kind of statement on a table, exempt where the table is not: django-otp checks a code under its own
# row lock and transaction, advancing the authenticator's replay counter (last_t, drift) and deleting a
# recovery code as it is used; the action audits the check's outcome (success or a wrong code) right
# after. Enrolment, resets and new recovery codes write the same tables in audited transactions.
EXEMPT_STATEMENTS = {
    ("otp_totp_totpdevice", "UPDATE"): "django-otp's replay counter, advanced while a code is checked",
    ("otp_static_statictoken", "DELETE"): "a recovery code deleted by django-otp as it is used",
}
WRITE = re.compile(r'^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
CJK = re.compile(r"[\u4e00-\u9fff]")
BARE_LABEL = re.compile(r"\b[a-z_]+\.[a-z_]+#\d+")  # "appeals.appeal#12": an id, not words
TODAY = date(2026, 9, 28)  # a Monday, working days around it known to the holiday library
SCENARIOS = all_scenarios()


def action_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("kaopu."):
            continue
        for file in sorted(Path(config.path).glob("*.py")):
            if file.stem.startswith("actions") or file.stem == "calendar_actions":
                yield importlib.import_module(f"{config.name}.{file.stem}")
    for name in EXTRA_ACTION_MODULES:
        yield importlib.import_module(name)


def public_actions() -> list[str]:
    found = []
    for module in action_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found.append(f"{module.__name__}.{name}")
    return sorted(found)


class Watch:
    """Every write statement while installed, with the transaction it ran in: the savepoint of the
    outermost block opened below the test's own (in production that block is the transaction)."""

    def __init__(self) -> None:
        self.depth = len(connection.atomic_blocks)
        self.writes: list[tuple[str, str]] = []
        self._serial = 0
        self._marked: dict[Any, str] = {}

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        match = WRITE.match(sql)
        if match:
            blocks = context["connection"].atomic_blocks
            if len(blocks) > self.depth:
                # The savepoint's name is unique per block entered; an atomic(savepoint=False) (Django's
                # m2m writes) has none, so that block is marked instead.
                transaction = context["connection"].savepoint_ids[self.depth - 1]
                if transaction is None:
                    block = blocks[self.depth]
                    if block not in self._marked:
                        self._serial += 1
                        self._marked[block] = f"block-{self._serial}"
                    transaction = self._marked[block]
            else:  # autocommit: the statement is a transaction of its own
                self._serial += 1
                transaction = f"autocommit-{self._serial}"
            verb, table = match.group(1).split()[0].upper(), match.group(2).lower()
            if (table, verb) not in EXEMPT_STATEMENTS:
                self.writes.append((table, transaction))
        return execute(sql, params, many, context)

    def unaudited(self) -> dict[str, list[str]]:
        """Transactions that wrote business rows but no audit entry: transaction → tables."""
        audited = {tx for table, tx in self.writes if table == "audit_auditentry"}
        missing: dict[str, list[str]] = {}
        for table, tx in self.writes:
            if table not in EXEMPT_TABLES and tx not in audited:
                missing.setdefault(tx, []).append(table)
        return missing

    def business_tables(self) -> set[str]:
        return {table for table, _tx in self.writes if table not in EXEMPT_TABLES}


@pytest.fixture(autouse=True)
def _monday(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)


def test_every_public_action_has_a_scenario_or_a_reason() -> None:
    found = set(public_actions())
    missing = sorted(found - set(SCENARIOS) - set(EXEMPT))
    assert not missing, ("Actions without a scenario in core/tests/audit_scenarios.py (or an EXEMPT reason): "
                         + ", ".join(missing))
    stale = sorted((set(SCENARIOS) | set(EXEMPT)) - found)
    assert not stale, f"Scenarios or exemptions for functions that no longer exist: {stale}"
    assert all(len(reason) > 30 for reason in EXEMPT.values()), "an exemption says why"


def test_the_walk_finds_the_actions_of_every_app() -> None:
    """The discovery itself: it must see the known modules (a broken glob would pass every check)."""
    modules = {name.rsplit(".", 1)[0] for name in public_actions()}
    assert {"kaopu.appeals.actions", "kaopu.dialogues.actions", "kaopu.legal.actions", "kaopu.finance.actions",
            "kaopu.finance.alliance", "kaopu.investment.actions", "kaopu.directory.actions",
            "kaopu.notifications.actions", "kaopu.core.calendar_actions", "kaopu.accounts.actions"} <= modules


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_action_audits_each_transaction_that_writes(name: str, world) -> None:  # type: ignore[no-untyped-def]
    act = SCENARIOS[name](Stage(world))
    before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    watch = Watch()
    with connection.execute_wrapper(watch):
        act.call()
    entries = list(AuditEntry.objects.filter(sequence__gt=before).order_by("sequence"))
    if act.reads_only:
        assert not watch.writes and not entries, f"{name} should only read; it wrote {watch.writes}"
        return
    assert watch.business_tables() or entries, f"{name}: the scenario wrote nothing; it does not exercise the action"
    assert not watch.unaudited(), f"{name} wrote without an audit entry in the same transaction: {watch.unaudited()}"
    for entry in entries:
        assert CJK.search(entry.summary) and not BARE_LABEL.search(entry.summary), (
            f"{name}: the audit entry must name its object in words, not {entry.summary!r}")
        assert entry.object_type, f"{name}: the entry says which kind of object it is about"
    if act.words:
        assert any(act.words in entry.summary for entry in entries), (
            f"{name}: no audit entry names {act.words!r}: {[e.summary for e in entries]}")


def test_the_watch_catches_a_write_without_an_entry(world) -> None:  # type: ignore[no-untyped-def]
    """The check itself can fail: a raw save in a transaction without record() is reported."""
    from django.db import transaction

    from kaopu.audit.log import record
    from kaopu.audit.models import Action

    watch = Watch()
    with connection.execute_wrapper(watch):
        with transaction.atomic():
            world.enterprise_a.phone = "13900000000"
            world.enterprise_a.save(update_fields=["phone"])
        with transaction.atomic():  # audited, but in another transaction than the write below
            record(Action.UPDATE, summary="修改企业 上海甲科技有限公司")
        world.enterprise_b.save(update_fields=["name"])
    missing = watch.unaudited()
    assert len(missing) == 2 and all(tables == ["directory_enterprise"] for tables in missing.values())
