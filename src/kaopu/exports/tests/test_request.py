"""Asking for an export: the request stores and queues a job and returns at once, whatever the size of
the list; only those who may make the export can ask for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.core.testing import make_enterprise
from kaopu.exports.models import ExportJob
from kaopu.exports.testing import ask_for_export, queue_only, run_queued

KEY = "directory.enterprises"


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_the_request_only_queues_the_job_and_redirects_to_its_page(login, staff, world, settings):
    client = login(staff)
    with queue_only() as queued:
        response = ask_for_export(client, KEY, {"industry": "65", "member": "0", "after": "99"})

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:detail", args=[job.pk])
    assert (job.user, job.district, job.kind, job.status) == (staff, world.district, KEY, ExportJob.Status.QUEUED)
    assert job.parameters == {"industry": "65", "is_member": False}  # the page's filters, validated
    assert job.rows_done == 0 and job.rows_estimated == 0 and not job.file
    assert len(queued) == 1 and files_under(Path(settings.MEDIA_ROOT)) == []

    run_queued(queued)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows_done == 1


def _queries_of_one_request(client, filters) -> int:  # type: ignore[no-untyped-def]
    with queue_only(), CaptureQueriesContext(connection) as captured:
        assert ask_for_export(client, KEY, filters).status_code == 302
    return len(captured)


def test_the_request_runs_the_same_queries_for_no_enterprise_and_for_many(login, staff, world):
    client = login(staff)
    _queries_of_one_request(client, {})  # the process's reference data (subdistricts, industries) loaded once
    none = _queries_of_one_request(client, {"q": "没有这样的企业"})
    for _ in range(150):
        make_enterprise(world.district, subdistrict=world.subdistrict, industry_id="65")

    assert _queries_of_one_request(client, {}) == none
    # Nothing in the request reads the enterprises: no query names their table.
    with queue_only(), CaptureQueriesContext(connection) as captured:
        ask_for_export(client, KEY)
    assert not [q["sql"] for q in captured if "directory_enterprise" in q["sql"]]


def test_the_page_of_a_queued_job_shows_it_waiting_and_polls(login, staff, world):
    client = login(staff)
    with queue_only():
        response = ask_for_export(client, KEY)
    page = client.get(response["Location"])

    assert page.status_code == 200
    text = page.content.decode()
    assert "排队中" in text and 'hx-trigger="every 1s"' in text and "export-download" not in text


def test_the_job_page_names_the_filters_as_the_list_page_does(login, staff, world):
    client = login(staff)
    with queue_only():
        response = ask_for_export(client, KEY, {"subdistrict": str(world.subdistrict.pk), "industry": "65",
                                                "member": "0"})
    text = client.get(response["Location"]).content.decode()

    assert "所属街道：<strong>长寿路街道</strong>" in text
    assert "<strong>65 软件和信息技术服务业</strong>" in text
    assert "工商联会员：<strong>否</strong>" in text
    assert "is_member" not in text and f"subdistrict={world.subdistrict.pk}" not in text


@pytest.mark.parametrize("persona", ["ent_user", "handler", "bank_officer", "lawyer", "chamber_officer",
                                     "sysadmin", "auditadmin"])
def test_a_role_without_the_right_gets_404_and_no_job(login, world, persona):
    assert ask_for_export(login(world.users[persona]), KEY).status_code == 404
    assert not ExportJob.objects.exists()


def test_only_the_audit_administrator_exports_the_audit_log(login, world):
    assert ask_for_export(login(world.users["staff"]), "audit.entries").status_code == 404
    assert ask_for_export(login(world.users["auditadmin"]), "audit.entries").status_code == 302


def test_an_unknown_kind_is_404(login, staff):
    assert ask_for_export(login(staff), "directory.secrets").status_code == 404


def test_the_request_is_a_post_with_a_csrf_token(staff, world, login):
    login(staff)
    assert login(staff).get(reverse("exports:create", args=[KEY])).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff, backend="kaopu.accounts.backends.UserBackend")
    assert strict.post(reverse("exports:create", args=[KEY])).status_code == 403
    assert not ExportJob.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    response = client.post(reverse("exports:create", args=[KEY]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_queue_that_cannot_be_reached_fails_the_job_with_a_message(login, staff, world, monkeypatch):
    from huey.contrib.djhuey import HUEY

    def down(_task):  # type: ignore[no-untyped-def]
        raise ConnectionError("redis is down")

    monkeypatch.setattr(HUEY, "enqueue", down)
    client = login(staff)
    response = ask_for_export(client, KEY)

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "未能加入队列" in job.error_message
    assert "未能加入队列" in client.get(response["Location"]).content.decode()
