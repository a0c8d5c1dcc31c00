"""The import pages: who may import, who sees a job, the progress partial, the error workbook, the template."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.directory.models import Enterprise, ImportJob
from kaopu.directory.tests._xlsx import HEADERS, code, post_import, read_rows, row, workbook_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def job(login, staff, world) -> ImportJob:  # type: ignore[no-untyped-def]
    post_import(login(staff), workbook_bytes([row(1), row(2, 所属街道="火星街道", 法定代表人="=1+1"), row(3)]))
    return ImportJob.objects.latest("id")


@pytest.mark.parametrize("persona", ["leader", "ent_user", "handler", "bank_officer", "sysadmin"])
def test_only_fic_staff_may_import(login, world, persona):
    client = login(world.users[persona])

    assert client.get(reverse("directory:import_start")).status_code == 403
    assert client.post(reverse("directory:import_start"), {}).status_code == 403
    assert client.get(reverse("directory:import_template")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    response = client.get(reverse("directory:import_start"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_start_page_lists_the_users_own_jobs_only(login, staff, far_staff, job):
    mine = login(staff).get(reverse("directory:import_start")).content.decode()
    assert reverse("directory:import_detail", args=[job.pk]) in mine

    theirs = login(far_staff).get(reverse("directory:import_start")).content.decode()
    assert reverse("directory:import_detail", args=[job.pk]) not in theirs


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_errors"])
@pytest.mark.parametrize("persona", ["far_staff", "leader", "ent_user"])
def test_a_job_is_404_for_anyone_but_the_user_who_started_it(login, world, job, name, persona):
    from kaopu.core.testing import make_user

    other_staff = make_user("staff2", "fic_staff", world.users["staff"].organisation)
    for user in (world.users[persona], other_staff):
        assert login(user).get(reverse(f"directory:{name}", args=[job.pk])).status_code == 404


def test_the_job_page_shows_the_counts(login, staff, job):
    response = login(staff).get(reverse("directory:import_detail", args=[job.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="count-created">2<' in page
    assert 'id="count-errors">1<' in page
    assert "火星街道" in page


def test_the_progress_partial_polls_while_the_job_runs_and_stops_when_it_ends(login, staff, job):
    client = login(staff)
    url = reverse("directory:import_progress", args=[job.pk])

    finished = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in finished
    assert "<html" not in finished

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, rows_done=500, rows_estimated=1000)
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert f'hx-get="{url}"' in running
    assert 'value="50"' in running


def test_the_error_workbook_has_the_original_row_and_the_reason(login, staff, job):
    response = login(staff).get(reverse("directory:import_errors", args=[job.pk]))

    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    rows = read_rows(b"".join(response.streaming_content))
    assert rows[0] == (*HEADERS, "原行号", "导入结果", "错误说明", "警告说明")
    assert len(rows) == 2
    assert rows[1][:6] == (*row(2, 所属街道="火星街道", 法定代表人="=1+1")[:6],)
    assert rows[1][6:8] == (3, "未导入")
    assert "【所属街道】" in rows[1][8]
    assert rows[1][9] is None


def test_text_starting_with_equals_stays_text_in_the_error_workbook(login, staff, job):
    content = b"".join(login(staff).get(reverse("directory:import_errors", args=[job.pk])).streaming_content)
    cell = load_workbook(io.BytesIO(content)).worksheets[0]["E2"]

    assert cell.data_type == "s"
    assert cell.value == "=1+1"


def test_a_corrected_error_workbook_imports_as_it_is(login, staff, job):
    client = login(staff)
    content = b"".join(client.get(reverse("directory:import_errors", args=[job.pk])).streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    workbook.worksheets[0]["C2"] = "长寿路街道"
    buffer = io.BytesIO()
    workbook.save(buffer)

    post_import(client, buffer.getvalue())

    again = ImportJob.objects.latest("id")
    assert (again.created_count, again.error_count) == (1, 0)
    assert Enterprise.objects.filter(credit_code=code(2)).exists()


def test_a_job_without_rejected_rows_has_no_error_workbook(login, staff, world):
    client = login(staff)
    post_import(client, workbook_bytes([row(1)]))
    job = ImportJob.objects.latest("id")

    assert client.get(reverse("directory:import_errors", args=[job.pk])).status_code == 404


def test_the_template_has_the_headers_and_an_example_row_that_imports(login, staff, world):
    client = login(staff)
    response = client.get(reverse("directory:import_template"))

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = read_rows(content)
    assert rows[0][:6] == tuple(HEADERS)
    assert len(rows) == 2

    post_import(client, content, name="模板.xlsx")
    job = ImportJob.objects.latest("id")
    assert (job.status, job.created_count, job.error_count) == (ImportJob.Status.DONE, 1, 0)


def test_the_number_of_rows_is_estimated_when_the_sheet_does_not_declare_it(login, staff, world):
    # openpyxl's write-only mode (used by _xlsx.workbook_bytes) declares no sheet size.
    post_import(login(staff), workbook_bytes([row(n) for n in range(1, 41)]))

    job = ImportJob.objects.latest("id")
    assert job.rows_estimated == 40
    assert job.rows_done == 40


def test_a_queue_that_cannot_take_the_job_fails_it_with_a_message(login, staff, world, monkeypatch):
    from kaopu.directory import tasks

    def broken_queue(job_id):  # type: ignore[no-untyped-def]
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks, "import_enterprises", broken_queue)
    response = post_import(login(staff), workbook_bytes([row(1)]))

    job = ImportJob.objects.latest("id")
    assert response.status_code == 302
    assert job.status == ImportJob.Status.FAILED
    assert job.error_message
