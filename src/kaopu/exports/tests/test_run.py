"""Running an export job: the file, its audit entry and the owner's notification, or a failure that
leaves a message and no file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.core import exporting
from kaopu.core.testing import make_enterprise
from kaopu.exports import actions
from kaopu.exports.models import ExportJob
from kaopu.exports.testing import download, export, queue_only, read_rows, run_queued
from kaopu.notifications.models import Notification

KEY = "directory.enterprises"


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_the_job_writes_the_file_with_the_filtered_rows(login, staff, world, settings, pin_clock):
    pin_clock(date(2026, 9, 28))
    job = export(login(staff), KEY, {"industry": "65"})

    assert job.status == ExportJob.Status.DONE and job.error_message == ""
    assert (job.rows_estimated, job.rows_done) == (1, 1)
    assert job.file_name == "企业名录-20260928.xlsx"
    path = Path(job.file.path)
    assert path.parent == Path(settings.MEDIA_ROOT) / "exports" and path.suffix == ".xlsx"
    assert path.stem != job.file_name and len(path.stem) == 32  # a uuid, never the user's words
    assert job.size == path.stat().st_size > 0
    assert job.expires_at == job.finished_at + actions.keep_for()
    assert files_under(Path(settings.MEDIA_ROOT)) == [path]  # nothing left in the partial folder
    rows = read_rows(path.read_bytes())
    assert [row[:4] for row in rows[1:]] == [("上海甲科技有限公司", world.enterprise_a.credit_code, "长寿路街道",
                                              "65 软件和信息技术服务业")]


def test_generation_is_audited_with_the_filters_and_the_row_count(login, leader, world):
    job = export(login(leader), KEY, {"industry": "65", "member": "0"})

    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor_id == leader.pk and entry.object_type == "directory.enterprise"
    assert entry.summary == "导出企业名录 1 家"
    assert entry.object_label == f"导出文件「{job.file_name}」"
    assert entry.data["filters"] == {"industry": "65", "is_member": False}
    assert entry.data["rows"] == 1 and entry.data["phones_masked"] is True and entry.data["job"] == job.pk


def test_the_owner_is_notified_with_a_link_to_the_job_page(login, staff, world):
    client = login(staff)
    job = export(client, KEY)

    note = Notification.objects.get(user=staff)
    assert note.kind == "exports.done" and note.url == reverse("exports:detail", args=[job.pk])
    assert job.file_name in note.title and "2 行" in note.body
    assert not Notification.objects.exclude(user=staff).exists()
    client.get(note.url)  # opening the job page reads the notification
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_job_writes_its_progress_as_it_goes(login, staff, world, monkeypatch):
    for _ in range(30):
        make_enterprise(world.district, subdistrict=world.subdistrict, industry_id="65")
    monkeypatch.setattr(actions, "PROGRESS_SECONDS", 0)
    monkeypatch.setattr("kaopu.directory.exporter.BATCH", 10)
    seen: list[tuple[int, int]] = []
    original = actions._Run._save

    def watch(self, **fields):  # type: ignore[no-untyped-def]
        original(self, **fields)
        seen.append(ExportJob.objects.values_list("rows_done", "rows_estimated").get(pk=self.job.pk))

    monkeypatch.setattr(actions._Run, "_save", watch)
    export(login(staff), KEY)

    assert seen[0] == (0, 32)  # the total first, then batch by batch
    assert [done for done, _total in seen[1:]] == [10, 20, 30, 32]


def test_a_failing_writer_fails_the_job_with_a_message_and_leaves_no_file(login, staff, world, settings,
                                                                           monkeypatch):
    kind = exporting.get(KEY)

    def broken(user, parameters, book, progress):  # type: ignore[no-untyped-def]
        sheet = book.sheet("企业名录", ["企业名称"])
        sheet.append(["上海甲科技有限公司"])
        progress(1)
        raise RuntimeError("disk full")

    monkeypatch.setitem(exporting._KINDS, KEY, kind.__class__(**{**kind.__dict__, "write": broken}))
    client = login(staff)
    job = export(client, KEY)

    assert job.status == ExportJob.Status.FAILED and not job.file
    assert "意外错误" in job.error_message and "1 行" in job.error_message
    assert files_under(Path(settings.MEDIA_ROOT)) == []
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
    assert not Notification.objects.filter(user=staff).exists()
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "意外错误" in page and "export-download" not in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_a_user_who_lost_the_right_before_the_job_ran_gets_no_file(login, staff, world):
    client = login(staff)
    with queue_only() as queued:
        export(client, KEY)
    type(staff).objects.filter(pk=staff.pk).update(role="enterprise_user")
    run_queued(queued)

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "无权" in job.error_message and not job.file


def test_a_job_taken_twice_runs_once(login, staff, world):
    job = export(login(staff), KEY)
    with CaptureQueriesContext(connection) as captured:
        actions.run_export(job.pk)  # a doubled task finds the job no longer queued
    assert len(captured) == 1
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == 1


def test_the_english_page_is_in_english_but_the_file_in_chinese(client, staff, world):
    client.force_login(staff, backend="kaopu.accounts.backends.UserBackend")
    response = client.post(reverse("exports:create", args=[KEY]), HTTP_ACCEPT_LANGUAGE="en")
    job = ExportJob.objects.get()
    assert job.language == "en" and job.file_name.startswith("企业名录-")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Download" in page and "Enterprise directory" in page
    assert read_rows(download(client, job))[0][0] == "企业名称"
    assert "Your export is ready" in Notification.objects.get(user=staff).title
