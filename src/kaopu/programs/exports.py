"""The training's alumni (学员校友) as a background export (kaopu.exports; registry: kaopu.core.exporting).

The rows are those of the alumni page (views_training_public.alumni) with its filters (year, cohort, the
beginning of the name), read through the same selector as the job's owner, so the access rule decides: staff
and leaders export their district's graduates. No mobile number is exported: the certificate's facts only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core.exporting import ExportKind, Progress, register
from kaopu.core.pagination import keyset_batches
from kaopu.core.spreadsheet import StreamingWorkbook
from kaopu.programs import selectors_training as selectors
from kaopu.programs.forms_training import AlumniFilterForm
from kaopu.programs.models import Certificate

HEADERS = ("证书编号", "姓名", "企业", "培训班", "年度", "结业日期")
WIDTHS = (24, 10, 36, 36, 8, 12)
FIELDS = ("pk", "number", "name", "enterprise_name", "cohort_name", "year", "issued_on")


def may_export(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER))


def filters_of(user: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    """The page's valid filters (the cohort is checked against the user's when the rows are read)."""
    form = AlumniFilterForm(query or None, cohorts=[])
    if not form.is_bound:
        return {}
    form.fields["cohort"].widget.choices = []
    if not form.is_valid():
        return {}
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}


def alumni(user: Any, parameters: dict[str, Any]) -> Any:
    return selectors.alumni(user, year=parameters.get("year"), cohort_id=parameters.get("cohort"),
                            name=str(parameters.get("name") or "").strip())


def _write(user: Any, parameters: dict[str, Any], book: StreamingWorkbook, progress: Progress) -> int:
    sheet = book.sheet("学员校友", HEADERS, widths=WIDTHS)
    for batch in keyset_batches(alumni(user, parameters), FIELDS):
        for _pk, *row in batch:
            sheet.append(row)
        progress(sheet.rows)
    return sheet.rows


ALUMNI = register(ExportKind(
    key="programs.alumni", label=pgettext_lazy("export kind", "Training alumni"), unit="人",
    object_type=Certificate._meta.label_lower, may_export=may_export, parameters=filters_of,
    count=lambda user, parameters: alumni(user, parameters).count(), write=_write,
    list_url="programs:training_alumni"))
