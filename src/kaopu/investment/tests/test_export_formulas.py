"""The investment figures export writes a partner's name that looks like a formula as text (core.spreadsheet)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.core.tests.formulas import check_export
from kaopu.investment.models import Partner
from kaopu.investment.testing import make_lead, make_partner

pytestmark = pytest.mark.django_db


def test_a_partner_name_starting_like_a_formula_is_exported_as_text(world, staff, login, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 6, 15))
    partner = make_partner(staff, name="温州市工商业联合会")
    make_lead(staff, source_partner=partner, industry="C", intended_amount="100")
    client = login(staff)

    check_export(lambda: client.get(reverse("investment:figures_export")),
                 lambda name: Partner.objects.filter(pk=partner.pk).update(name=name))
