"""Every export leaves an EXPORT audit entry saying what left the platform, in words.

The walk reads the URL configuration: every route named ``…export…`` or ending in ``.xlsx`` must be
listed below with how to call it, or exempted with a reason, so an export added later is checked too.
The background exports (kaopu.exports) are walked through their registry (kaopu.core.exporting): each
kind registered is asked for through the page, and both its generation and its download are audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kaopu.audit.models import AuditEntry
from kaopu.core import exporting
from kaopu.core.tests.audit_scenarios import Stage
from kaopu.exports.testing import download, export

# URL name → the arguments of the export's URL, made on the stage (the persona is FIC staff unless
# PERSONA says otherwise).
EXPORTS: dict[str, Callable[[Stage], list[Any]]] = {
    "appeals:kpi_export": lambda s: [],
    "dialogues:report_export": lambda s: [s.meeting().pk],
    "dialogues:series_report_export": lambda s: [],
    "dialogues:year_report_export": lambda s: [],
    "finance:figures_export": lambda s: [],
    "fourgood:export": lambda s: [_fourgood_cycle(s)],
    "insights:chart_export": lambda s: ["appeals.monthly_trend"],
    "investment:figures_export": lambda s: [],
    "membership:statement_export": lambda s: [],
    "legal:figures_export": lambda s: [],
    "programs:figures_export": lambda s: [],
}


def _fourgood_cycle(s: Stage) -> int:
    from kaopu.chambers.testing_fourgood import make_cycle

    return make_cycle(s.user("staff"), [s.user("staff")]).pk


# Exports that FIC staff may not make, and the persona who does.
PERSONA: dict[str, str] = {}
# The background exports' routes: asking for one and downloading its file, walked for every kind below.
BACKGROUND = {"exports:create", "exports:download"}
# Kinds of background export that FIC staff may not make, and the persona who does.
KIND_PERSONA = {"audit.entries": "auditadmin"}
NOT_EXPORTS = {
    "exports:list": "the user's own export jobs: names, states and links, no exported data",
    "exports:detail": "one export job's page (progress and the download link), no exported data",
    "exports:progress": "the part of the job page that shows its progress, no exported data",
    "directory:import_errors": "gives back to the importing staff member the rows of their own upload that failed",
    "directory:import_template": "an empty workbook with the column heads and the district's subdistrict names",
}


def _routes(resolver: URLResolver, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from _routes(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}".strip(":"), prefix + str(pattern.pattern)


def export_routes() -> set[str]:
    return {name for name, route in _routes(get_resolver())
            if "export" in name or route.rstrip("$").endswith(".xlsx")}


def test_every_export_route_is_checked_or_exempted_with_a_reason() -> None:
    found = export_routes()
    assert "appeals:kpi_export" in found and "dialogues:report_export" in found  # the walk sees the routes
    listed = set(EXPORTS) | set(NOT_EXPORTS) | BACKGROUND
    assert not found - listed, f"unchecked exports: {found - listed}"
    assert not listed - found, "a listed export no longer exists"


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_the_export_is_audited(name: str, world, login, pin_clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    pin_clock(date(2026, 9, 28))
    args = EXPORTS[name](Stage(world))
    staff = world.users[PERSONA.get(name, "staff")]
    client = login(staff)
    before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    (entry,) = AuditEntry.objects.filter(sequence__gt=before, action="export")
    assert entry.actor_id == staff.pk and entry.object_type
    assert any("\u4e00" <= ch <= "\u9fff" for ch in entry.summary), entry.summary


def test_the_walk_sees_the_registered_background_exports() -> None:
    assert {"directory.enterprises", "directory.people", "appeals.staff_list", "audit.entries"} <= {
        kind.key for kind in exporting.kinds()}


@pytest.mark.parametrize("key", sorted(kind.key for kind in exporting.kinds()))
def test_the_background_export_is_audited_when_made_and_when_downloaded(  # type: ignore[no-untyped-def]
        key: str, world, login, pin_clock, settings, tmp_path) -> None:
    from datetime import date

    settings.MEDIA_ROOT = tmp_path
    pin_clock(date(2026, 9, 28))
    Stage(world).appeal()  # something to export in every list
    user = world.users[KIND_PERSONA.get(key, "staff")]
    client = login(user)
    before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    job = export(client, key)
    assert job.status == "done", job.error_message
    download(client, job)
    made, downloaded = AuditEntry.objects.filter(sequence__gt=before, action="export").order_by("sequence")
    for entry in (made, downloaded):
        assert entry.actor_id == user.pk and entry.object_type
        assert any("\u4e00" <= ch <= "\u9fff" for ch in entry.summary), entry.summary
    assert made.data["job"] == downloaded.data["job"] == job.pk and downloaded.data["download"] is True
