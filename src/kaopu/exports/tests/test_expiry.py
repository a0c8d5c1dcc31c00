"""Files are kept KAOPU_EXPORT_KEEP_HOURS; the hourly sweep deletes them, audited, and the job page says so."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.exports import tasks
from kaopu.exports.models import ExportJob
from kaopu.exports.testing import export

KEY = "directory.enterprises"


def test_an_expired_file_is_deleted_and_the_page_says_so(login, staff, world, settings, pin_clock):
    settings.KAOPU_EXPORT_KEEP_HOURS = 24
    pin_clock(date(2026, 9, 28), hour=10)
    client = login(staff)
    job = export(client, KEY)
    path = Path(job.file.path)
    assert job.expires_at == job.finished_at + timedelta(hours=24)

    pin_clock(date(2026, 9, 29), hour=9)  # 23 hours later: still kept
    tasks.expire_exports.call_local()
    assert path.exists() and ExportJob.objects.get().status == ExportJob.Status.DONE

    pin_clock(date(2026, 9, 29), hour=11)
    client = login(staff)  # the idle timeout ended the session while the clock jumped
    tasks.expire_exports.call_local()

    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and not job.file and not path.exists()
    entry = AuditEntry.objects.get(action=Action.DELETE, object_type="exports.exportjob")
    assert job.file_name in entry.summary and entry.actor_name == "system"
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "已到期删除" in page and "export-download" not in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_the_sweep_leaves_running_and_failed_jobs_alone(login, staff, world, pin_clock):
    pin_clock(date(2026, 9, 28))
    ExportJob.objects.create(user=staff, kind=KEY, file_name="x.xlsx", status=ExportJob.Status.FAILED)
    ExportJob.objects.create(user=staff, kind=KEY, file_name="y.xlsx", status=ExportJob.Status.RUNNING)
    pin_clock(date(2026, 12, 28))
    tasks.expire_exports.call_local()
    assert set(ExportJob.objects.values_list("status", flat=True)) == {"failed", "running"}
