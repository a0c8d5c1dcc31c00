"""Every export leaves an EXPORT audit entry saying what left the platform, in words.

The walk reads the URL configuration: every route named ``…export…`` or ending in ``.xlsx`` must be
listed below with how to call it, or exempted with a reason, so an export added later is checked too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kaopu.audit.models import AuditEntry
from kaopu.core.tests.audit_scenarios import Stage

# URL name → the arguments of the export's URL, made on the stage (the persona is FIC staff unless
# PERSONA says otherwise).
EXPORTS: dict[str, Callable[[Stage], list[Any]]] = {
    "directory:enterprise_export": lambda s: [],
    "appeals:kpi_export": lambda s: [],
    "dialogues:report_export": lambda s: [s.meeting().pk],
    "dialogues:series_report_export": lambda s: [],
    "dialogues:year_report_export": lambda s: [],
    "finance:figures_export": lambda s: [],
    "investment:figures_export": lambda s: [],
    "legal:figures_export": lambda s: [],
    "audit:entry_export": lambda s: [],
}
# Exports that FIC staff may not make, and the persona who does.
PERSONA = {"audit:entry_export": "auditadmin"}
NOT_EXPORTS = {
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
    assert not found - set(EXPORTS) - set(NOT_EXPORTS), f"unchecked exports: {found - set(EXPORTS) - set(NOT_EXPORTS)}"
    assert not (set(EXPORTS) | set(NOT_EXPORTS)) - found, "a listed export no longer exists"


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
