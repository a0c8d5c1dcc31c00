"""The directory's exports, run as background jobs by kaopu.exports (registry: kaopu.core.exporting).

Both start from the enterprise list page's filters and its selector, as the job's owner: the rows are
those the list shows that user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from kaopu.core.exporting import ExportKind, Progress, described_by, register
from kaopu.core.spreadsheet import StreamingWorkbook
from kaopu.directory import exporter, permissions, selectors
from kaopu.directory.forms import EnterpriseFilterForm
from kaopu.directory.models import Enterprise


def filters_of(user: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    """The list page's filters as the job keeps them (only those given; an invalid one is dropped)."""
    form = EnterpriseFilterForm(query or None, district_id=user.district_id)
    filters = form.filters() if form.is_bound else selectors.EnterpriseFilters()
    return {name: value for name, value in asdict(filters).items() if name != "extra" and value not in (None, "")}


_described = described_by(lambda user: EnterpriseFilterForm(district_id=user.district_id),
                         {"is_member": "member", "is_high_tech": "high_tech"})


def enterprises(user: Any, parameters: dict[str, Any]) -> QuerySet[Enterprise]:
    return selectors.enterprise_list(user, selectors.EnterpriseFilters(**parameters))


def _phones(user: Any, _parameters: dict[str, Any]) -> dict[str, Any]:
    return {"phones_masked": not permissions.sees_personal_data(user)}


def _write_enterprises(user: Any, parameters: dict[str, Any], book: StreamingWorkbook, progress: Progress) -> int:
    return exporter.write_enterprise_sheet(enterprises(user, parameters), user, book, progress)


def _write_people(user: Any, parameters: dict[str, Any], book: StreamingWorkbook, progress: Progress) -> int:
    return exporter.write_people_sheet(enterprises(user, parameters), user, book, progress)


ENTERPRISES = register(ExportKind(
    key="directory.enterprises", label=pgettext_lazy("export kind", "Enterprise directory"), unit="家",
    object_type=Enterprise._meta.label_lower, may_export=permissions.can_export, parameters=filters_of,
    count=lambda user, parameters: enterprises(user, parameters).count(),
    write=_write_enterprises, audit_data=_phones, list_url="directory:enterprise_list", describe=_described))

PEOPLE = register(ExportKind(
    key="directory.people", label=pgettext_lazy("export kind", "People of the enterprises"), unit="条",
    object_type="directory.person", may_export=permissions.can_export, parameters=filters_of,
    count=lambda user, parameters: exporter.count_people(user, enterprises(user, parameters)),
    write=_write_people, audit_data=_phones, list_url="directory:enterprise_list", describe=_described))
