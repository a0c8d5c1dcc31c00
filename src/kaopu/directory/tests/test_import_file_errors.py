"""A file that cannot be imported gets one clear message, never a server error."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from kaopu.audit.models import Action, AuditEntry
from kaopu.directory.models import Enterprise, ImportJob
from kaopu.directory.tests._xlsx import HEADERS, post_import, row, workbook_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def failed_job(client, content: bytes) -> ImportJob:  # type: ignore[no-untyped-def]
    response = post_import(client, content)
    assert response.status_code == 302
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.FAILED
    assert client.get(reverse("directory:import_detail", args=[job.pk])).status_code == 200
    return job


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(login, staff, world):
    response = post_import(login(staff), "企业名称,统一社会信用代码\n".encode(), name="名录.xlsx")

    assert response.status_code == 200
    assert "Excel" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_a_file_without_the_xlsx_extension_is_refused(login, staff, world):
    response = post_import(login(staff), workbook_bytes([row(1)]), name="名录.xls")

    assert response.status_code == 200
    assert ".xlsx" in response.context["form"].errors["file"][0]


def test_a_file_over_the_size_limit_is_refused(login, staff, world, settings):
    settings.KAOPU_IMPORT_MAX_BYTES = 1000
    response = post_import(login(staff), workbook_bytes([row(n) for n in range(200)]))

    assert response.status_code == 200
    assert "MB" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_a_corrupt_zip_fails_the_job_with_a_clear_message(login, staff, world):
    content = workbook_bytes([row(1)])
    job = failed_job(login(staff), content[: len(content) // 2])

    assert "xlsx" in job.error_message
    assert AuditEntry.objects.filter(action=Action.IMPORT, object_id=str(job.pk)).count() == 1


def test_a_zip_that_is_not_a_workbook_fails_the_job(login, staff, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    job = failed_job(login(staff), buffer.getvalue())

    assert "xlsx" in job.error_message


def test_an_empty_sheet_fails_the_job(login, staff, world):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    job = failed_job(login(staff), buffer.getvalue())

    assert job.error_message
    assert job.rows_done == 0


def test_a_sheet_without_a_header_row_fails_the_job_naming_the_columns(login, staff, world):
    job = failed_job(login(staff), workbook_bytes([row(n) for n in range(1, 4)], headers=None))

    assert "企业名称" in job.error_message
    assert not Enterprise.objects.filter(name__startswith="上海导入").exists()


def test_a_missing_required_column_fails_the_job_naming_it(login, staff, world):
    headers = [h for h in HEADERS if h != "联系电话"]
    job = failed_job(login(staff), workbook_bytes([row(1)[:5]], headers))

    assert "联系电话" in job.error_message
    assert not Enterprise.objects.filter(name__startswith="上海导入").exists()


def test_two_columns_for_the_same_field_fail_the_job(login, staff, world):
    job = failed_job(login(staff), workbook_bytes([[*row(1), "021-1"]], [*HEADERS, "电话"]))

    assert "电话" in job.error_message
