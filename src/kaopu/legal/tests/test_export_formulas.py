"""The legal figures export writes a law firm's name that looks like a formula as text (core.spreadsheet)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.core.tests.formulas import check_export
from kaopu.legal.models import LawFirm

pytestmark = pytest.mark.django_db


def test_a_firm_name_starting_like_a_formula_is_exported_as_text(world, team, login, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)

    check_export(lambda: client.get(reverse("legal:figures_export"), {"year": 2026}),
                 lambda name: LawFirm.objects.filter(pk=team.firm.pk).update(name=name))
