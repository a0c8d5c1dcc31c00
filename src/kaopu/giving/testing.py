"""Donations and honours for tests (of this app and of the integration tests: audit scenarios, navigation)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kaopu.giving import actions
from kaopu.giving.models import Category, Donation, Honour

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


SEEDED = ("对口支援", "乡村振兴", "抗疫", "抗洪救灾", "助学", "公益", "其他")  # migrations/0002_categories


def categories() -> dict[str, Category]:
    """The categories the data migration seeds, by name (made again after a transactional test flushed them)."""
    for order, name in enumerate(SEEDED):
        Category.objects.get_or_create(name=name, defaults={"sort_order": (order + 1) * 10})
    return {c.name: c for c in Category.objects.all()}


def receipt(name: str = "捐赠收据.pdf") -> SimpleUploadedFile:
    """A small file that passes the platform's checks (a PDF by its first bytes)."""
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_donation(user: Any, *, category: str = "公益", donated_on: date = date(2026, 5, 20),
                  **values: Any) -> Donation:
    """A donation through the real action: staff's is confirmed at once (an enterprise by default:
    ``enterprise`` must be given), an enterprise user's or officer's waits for confirmation."""
    fields: dict[str, Any] = {"recipient": "普陀区慈善基金会", "money": "10000", "kind": "enterprise"}
    fields.update(values)
    return actions.record_donation(acting_user=user, category=categories()[category], donated_on=donated_on,
                                   **fields)


def make_honour(user: Any, **values: Any) -> Honour:
    """An honour of the FIC itself by default, recorded by staff through the real action."""
    fields: dict[str, Any] = {"title": "全国“五好”县级工商联", "level": Honour.Level.NATIONAL, "year": 2024,
                              "awarded_by": "全国工商联", "kind": "fic"}
    fields.update(values)
    return actions.save_honour(acting_user=user, **fields)
