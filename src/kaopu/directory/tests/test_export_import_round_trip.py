"""An export imported again changes nothing: for any enterprises, the workbook the list exports is read
back by the import as exactly the values it was written from (every row "unchanged")."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.core.testing import make_credit_code
from kaopu.directory import exporter, importer, selectors
from kaopu.directory.models import Enterprise, ImportJob, IndustryDivision, IndustrySection

# Text as people type it into a roster: CJK, Latin letters, digits, punctuation and single inner spaces
# (the import folds runs of spaces, as a person reading the cell would).
_CHARS = st.sampled_from(list("上海普陀科技贸易有限公司餐饮管理张王李赵（）()·-&ABCxyz0123456789号路弄"))
_WORDS = st.lists(st.text(_CHARS, min_size=1, max_size=12), min_size=1, max_size=3).map(" ".join)
_PHONES = st.one_of(st.just(""), st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
                    st.from_regex(r"0(21|571)-[2-8]\d{7}", fullmatch=True))
_CAPITAL = st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("999999999"), places=4,
                                            allow_nan=False, allow_infinity=False))
_DATES = st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2099, 12, 31)))


@st.composite
def enterprises(draw: Any) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    serials = draw(st.lists(st.integers(0, 10**6), min_size=count, max_size=count, unique=True))
    rows = []
    for serial in serials:
        is_member = draw(st.booleans())
        industry = draw(st.sampled_from(["65", "31", "83", "section:I", "section:C", None]))
        rows.append({
            "name": draw(_WORDS.filter(lambda name: len(name) >= 2)),
            "credit_code": make_credit_code(900_000 + serial),
            "legal_representative": draw(st.one_of(st.just(""), _WORDS)),
            "phone": draw(_PHONES),
            "established_on": draw(_DATES),
            "registered_capital": draw(_CAPITAL),
            "industry_id": industry if industry and not industry.startswith("section:") else None,
            "industry_section_id": industry.removeprefix("section:") if industry and "section:" in industry else None,
            "size": draw(st.sampled_from(["", "large", "medium", "small", "micro"])),
            "employees": draw(st.one_of(st.none(), st.integers(0, 2_000_000))),
            "is_high_tech": draw(st.booleans()),
            "is_specialised": draw(st.booleans()),
            "is_member": is_member,
            "member_since": draw(_DATES) if is_member else None,
            "address": draw(st.one_of(st.just(""), _WORDS)),
            "status": draw(st.sampled_from(["active", "deregistered"])),
            "subdistrict": draw(st.booleans()),
        })
    return rows


FIELDS = ["name", "credit_code", "legal_representative", "phone", "established_on", "registered_capital",
          "subdistrict_id", "industry_id", "industry_section_id", "size", "employees", "is_high_tech",
          "is_specialised", "is_member", "member_since", "address", "status", "updated_at"]


class _Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=False)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=enterprises())
def test_an_exported_list_imports_again_unchanged(staff, world, settings, tmp_path, rows):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    assert IndustryDivision.objects.filter(code__in=["65", "31", "83"]).count() == 3
    assert IndustrySection.objects.filter(code__in=["I", "C"]).count() == 2
    try:
        with transaction.atomic():
            made = [Enterprise.objects.create(
                district=world.district, **{k: v for k, v in row.items() if k != "subdistrict"},
                subdistrict=world.subdistrict if row["subdistrict"] else None) for row in rows]
            codes = [e.credit_code for e in made]
            before = list(Enterprise.objects.filter(credit_code__in=codes).order_by("pk").values(*FIELDS))

            workbook = io.BytesIO()
            queryset = selectors.enterprise_list(staff, selectors.EnterpriseFilters()).filter(credit_code__in=codes)
            exporter.write_enterprises(queryset, staff, workbook)
            job = importer.create_job(upload=SimpleUploadedFile("导出.xlsx", workbook.getvalue()), user=staff)
            importer.run_import(job.pk)

            job.refresh_from_db()
            assert job.status == ImportJob.Status.DONE, job.error_message
            assert (job.unchanged_count, job.created_count, job.updated_count, job.error_count,
                    job.warning_count) == (len(rows), 0, 0, 0, 0), (job.row_errors, job.row_warnings)
            after = list(Enterprise.objects.filter(credit_code__in=codes).order_by("pk").values(*FIELDS))
            assert after == before
            raise _Rollback
    except _Rollback:
        pass
