"""The exports pages: the user's recent exports, the job page and its progress part."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.exports.models import ExportJob
from kaopu.exports.testing import export, queue_only

KEY = "directory.enterprises"


def test_the_list_shows_the_users_own_exports_only(login, staff, far_staff, world):
    mine = export(login(staff), KEY)
    theirs = export(login(far_staff), KEY)

    page = login(staff).get(reverse("exports:list")).content.decode()
    assert reverse("exports:detail", args=[mine.pk]) in page
    assert reverse("exports:download", args=[mine.pk]) in page
    assert reverse("exports:detail", args=[theirs.pk]) not in page


def _queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("exports:list")).status_code == 200
    return len(captured)


def test_the_list_reads_the_same_number_of_queries_for_one_and_for_many_jobs(login, staff, world):
    client = login(staff)
    export(client, KEY)
    one = _queries(client)
    for _ in range(5):
        export(client, KEY)
    assert one > 0 and _queries(client) == one


def test_a_finished_job_page_offers_the_download_and_stops_polling(login, staff, world):
    client = login(staff)
    job = export(client, KEY)
    text = client.get(reverse("exports:detail", args=[job.pk])).content.decode()

    assert "已完成" in text and reverse("exports:download", args=[job.pk]) in text
    assert "export-progress" in text and "every 1s" not in text
    assert "企业名录" in text and reverse("directory:enterprise_list") in text  # the way back to the list


def test_the_progress_part_shows_rows_done_of_the_total_while_running(login, staff, world):
    client = login(staff)
    with queue_only():
        job = export(client, KEY)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_done=4000, rows_estimated=10000)

    text = client.get(reverse("exports:progress", args=[job.pk])).content.decode()
    assert "4000 / 10000 行" in text and 'value="40"' in text and 'hx-trigger="every 1s"' in text


def test_the_account_page_leads_to_the_user_s_exports(login, ent_user):
    page = login(ent_user).get(reverse("accounts:account")).content.decode()
    assert 'id="account-exports"' in page and reverse("exports:list") in page and "查看我的导出" in page
