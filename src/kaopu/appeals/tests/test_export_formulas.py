"""The measures export writes a department's name that looks like a formula as text (core.spreadsheet)."""

from __future__ import annotations

import pytest

from kaopu.core.tests.formulas import check_export
from kaopu.directory.models import Department

pytestmark = pytest.mark.django_db


def test_a_department_name_starting_like_a_formula_is_exported_as_text(world, in_progress, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])

    check_export(lambda: client.get("/appeals/measures/export.xlsx", {"first": "2026-09", "last": "2026-09"}),
                 lambda name: Department.objects.filter(pk=world.department.pk).update(name=name))
