"""The file of an export is downloaded by its owner only, and every download is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import make_user
from kaopu.exports.models import ExportJob
from kaopu.exports.testing import download, export, queue_only

KEY = "directory.enterprises"


@pytest.fixture
def job(login, staff, world) -> ExportJob:  # type: ignore[no-untyped-def]
    return export(login(staff), KEY)


def test_the_owner_downloads_the_file_under_its_dated_name(login, staff, job):
    response = login(staff).get(reverse("exports:download", args=[job.pk]))

    assert response.status_code == 200
    assert "filename*=utf-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95-" in response["Content-Disposition"]  # 企业名录-
    assert b"".join(response.streaming_content) == Path(job.file.path).read_bytes()


def test_each_download_is_audited(login, staff, job):
    client = login(staff)
    download(client, job)
    download(client, job)

    entries = AuditEntry.objects.filter(action=Action.EXPORT, data__download=True)
    assert entries.count() == 2
    entry = entries.first()
    assert entry.actor_id == staff.pk and entry.summary == "下载导出的企业名录 2 家"
    assert entry.data["job"] == job.pk and entry.object_label == f"导出文件「{job.file_name}」"


@pytest.mark.parametrize("name", ["detail", "progress", "download"])
@pytest.mark.parametrize("persona", ["far_staff", "leader", "ent_user", "auditadmin"])
def test_a_job_is_404_for_anyone_but_its_owner(login, world, job, name, persona):
    colleague = make_user("staff2", "fic_staff", world.users["staff"].organisation)  # same district, same rights
    for user in (world.users[persona], colleague):
        assert login(user).get(reverse(f"exports:{name}", args=[job.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.EXPORT, data__download=True).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(job):
    response = Client().get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_job_without_its_file_yet_has_nothing_to_download(login, staff, world):
    client = login(staff)
    with queue_only():
        queued = export(client, KEY)
    assert client.get(reverse("exports:download", args=[queued.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[queued.pk + 100])).status_code == 404
