"""Attachments: the limits (count, size, type by extension and by content), saving with the
submission, reply and opinion in one transaction (nothing left on disk when it rolls back), the
download view's access rules, and the lists on the three detail pages at a fixed number of queries."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kaopu.appeals import actions
from kaopu.appeals.attachments import MAX_BYTES, problem, problems
from kaopu.appeals.models import Appeal, Attachment, Category, Event
from kaopu.appeals.workflow import TransitionError

pytestmark = pytest.mark.django_db
ENGLISH = {"accept-language": "en"}

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 40
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100 + b"This program cannot be run"


def office(part: str) -> bytes:
    """A minimal Office 2007+ file: a ZIP with the content-types part and ``part``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_on_disk(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


# The limits --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content"), [
    ("通知.pdf", PDF), ("现场.PNG", PNG), ("照片.jpg", JPEG), ("照片.jpeg", JPEG), ("旧合同.doc", OLE2),
    ("旧报表.xls", OLE2), ("合同.docx", office("word/document.xml")), ("报表.xlsx", office("xl/workbook.xml")),
    ("说明.txt", "贷款到期，请求协调。".encode()), ("说明.txt", "贷款到期，请求协调。".encode("gb18030")),
])
def test_every_allowed_type_with_its_real_content_is_accepted(name, content) -> None:  # type: ignore[no-untyped-def]
    assert problem(upload(name, content)) is None


@pytest.mark.parametrize(("name", "content", "words"), [
    ("setup.exe", EXE, "is not of an allowed type"),
    ("合同.pdf", EXE, "is not really a PDF file"),  # a program renamed to .pdf
    ("说明.txt", EXE, "is not really a plain text file"),
    ("照片.png", JPEG, "is not really a PNG file"),
    ("报表.xlsx", office("word/document.xml"), "is not really a Excel file"),  # a zip, but not a workbook
    ("合同.docx", b"PK\x03\x04 not really a zip", "is not really a Word file"),
    ("脚本.js", b"alert(1)", "is not of an allowed type"),
    ("无扩展名", PDF, "is not of an allowed type"),
    ("空.pdf", b"", "is empty"),
])
def test_a_wrong_type_or_a_renamed_file_is_refused_naming_the_file(name, content, words) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        reason = problem(upload(name, content))
    assert reason is not None and words in reason and f"“{name}”" in reason


def test_a_file_over_10_mb_is_refused_and_10_mb_exactly_is_not() -> None:
    with translation.override("en"):
        too_big = problem(upload("大.pdf", PDF + b"0" * (MAX_BYTES + 1 - len(PDF))))
        assert problem(upload("刚好.pdf", PDF + b"0" * (MAX_BYTES - len(PDF)))) is None
    assert too_big is not None and "“大.pdf” is 10.0 MB; each file may be at most 10.0 MB" in too_big


def test_more_than_five_files_are_refused() -> None:
    with translation.override("en"):
        reasons = problems([upload(f"{n}.pdf", PDF) for n in range(6)])
        assert problems([upload(f"{n}.pdf", PDF) for n in range(5)]) == []
    assert reasons == ["At most 5 files may be attached at a time; 6 were chosen."]


def test_the_refusal_is_in_chinese_by_default() -> None:
    with translation.override("zh-hans"):
        assert problem(upload("x.exe", EXE)) == (
            "附件“x.exe”的类型不允许：只接受 PDF、图片（JPG、PNG）、Word、Excel 和文本文件。")


# Saving with the submission, the reply and the opinion ------------------------------------------

def test_an_enterprise_submits_with_attachments_saved_on_the_submission_event(world, login, ent_user, media):  # type: ignore[no-untyped-def]
    response = login(ent_user).post(reverse("appeals:my_new"), {
        "kind": Appeal.Kind.HELP, "category": Category.objects.get(name="融资").pk, "title": "续贷",
        "content": "请求协调续贷。", "attachments": [upload("贷款合同.pdf", PDF), upload("../../etc/现场.png", PNG)],
        "contact": "other", "contact_name": "王经理", "contact_phone": "13900001111",
    })
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    submit_event = appeal.events.get(action="submit")
    rows = list(Attachment.objects.order_by("id"))
    assert [(a.name, a.event_id, a.size, a.is_public, a.uploaded_by_id) for a in rows] == [
        ("贷款合同.pdf", submit_event.pk, len(PDF), True, ent_user.pk),
        ("现场.png", submit_event.pk, len(PNG), True, ent_user.pk)]  # no folders from the browser's name
    assert [a.content_type for a in rows] == ["application/pdf", "image/png"]
    for row in rows:  # stored under a random name in the appeal's folder
        assert row.file.name.startswith(f"appeals/{appeal.pk}/") and "贷款" not in row.file.name
    assert sorted(p.read_bytes() for p in files_on_disk(media)) == sorted([PDF, PNG])


@pytest.mark.parametrize(("files", "words"), [
    ([("合同.pdf", EXE)], "Attachment “合同.pdf” is not really a PDF file"),
    ([("setup.exe", EXE)], "Attachment “setup.exe” is not of an allowed type"),
    ([(f"{n}.pdf", PDF) for n in range(6)], "At most 5 files may be attached at a time; 6 were chosen."),
    ([("大.pdf", PDF + b"0" * MAX_BYTES)], "each file may be at most 10.0 MB"),
])
def test_the_submit_page_refuses_bad_files_and_writes_nothing(world, login, ent_user, media, files, words):  # type: ignore[no-untyped-def]
    response = login(ent_user).post(reverse("appeals:my_new"), {
        "kind": Appeal.Kind.HELP, "category": Category.objects.get(name="融资").pk, "title": "续贷",
        "content": "请求协调续贷。", "attachments": [upload(name, content) for name, content in files],
        "contact": "other", "contact_name": "王经理", "contact_phone": "13900001111",
    }, headers=ENGLISH)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Appeal.objects.exists() and not Attachment.objects.exists()
    assert files_on_disk(media) == []


def test_the_action_checks_the_files_too(world, ent_user, media) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(TransitionError, match="not really a PDF"):
        actions.submit_appeal(enterprise=world.enterprise_a, acting_user=ent_user, kind=Appeal.Kind.HELP,
                              category=Category.objects.first(), title="t", content="c",
                              attachments=[upload("合同.pdf", EXE)])
    assert not Appeal.objects.exists() and files_on_disk(media) == []


def _fail_on_second_row(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Attachment rows fail from the second one on, after the first file and row were written."""
    saved = Attachment.save

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Attachment.objects.exists():
            raise RuntimeError("database gone")
        return saved(self, *args, **kwargs)
    monkeypatch.setattr(Attachment, "save", save)


def test_a_failed_submission_leaves_no_appeal_no_row_and_no_file(world, ent_user, media, monkeypatch):  # type: ignore[no-untyped-def]
    _fail_on_second_row(monkeypatch)
    with pytest.raises(RuntimeError):
        actions.submit_appeal(enterprise=world.enterprise_a, acting_user=ent_user, kind=Appeal.Kind.HELP,
                              category=Category.objects.first(), title="t", content="c",
                              attachments=[upload("一.pdf", PDF), upload("二.pdf", PDF)])
    assert not Appeal.objects.exists() and not Event.objects.exists() and not Attachment.objects.exists()
    assert files_on_disk(media) == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_submission_as_the_outermost_transaction_leaves_nothing(world, ent_user, media, monkeypatch):  # type: ignore[no-untyped-def]
    _fail_on_second_row(monkeypatch)
    with pytest.raises(RuntimeError):
        actions.submit_appeal(enterprise=world.enterprise_a, acting_user=ent_user, kind=Appeal.Kind.HELP,
                              category=Category.objects.first(), title="t", content="c",
                              attachments=[upload("一.pdf", PDF), upload("二.pdf", PDF)])
    assert not Appeal.objects.exists() and not Attachment.objects.exists()
    assert files_on_disk(media) == []


def test_a_failed_reply_leaves_the_appeal_as_it_was_and_no_file(world, in_progress, handler, media, monkeypatch):  # type: ignore[no-untyped-def]
    _fail_on_second_row(monkeypatch)
    with pytest.raises(RuntimeError):
        actions.reply(in_progress.pk, acting_user=handler, text="已协调。",
                      attachments=[upload("一.pdf", PDF), upload("二.pdf", PDF)])
    assert Appeal.objects.get(pk=in_progress.pk).state == Appeal.State.IN_PROGRESS
    assert not in_progress.events.filter(action="reply").exists() and not Attachment.objects.exists()
    assert files_on_disk(media) == []


def test_a_refused_reply_writes_no_file(world, in_progress, other_handler, media) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception):  # noqa: B017 - 404 or a refusal: another department's appeal
        actions.reply(in_progress.pk, acting_user=other_handler, text="x", attachments=[upload("一.pdf", PDF)])
    assert files_on_disk(media) == [] and not Attachment.objects.exists()


def test_the_department_replies_with_an_attachment_the_enterprise_sees_and_downloads(  # type: ignore[no-untyped-def]
        world, login, in_progress, handler, ent_user):
    response = login(handler).post(reverse("appeals:inbox_reply", args=[in_progress.pk]),
                                   {"text": "已协调银行。", "attachments": [upload("答复函.pdf", PDF)]}, follow=True)
    assert response.status_code == 200
    reply_event = in_progress.events.get(action="reply")
    attachment = Attachment.objects.get()
    assert (attachment.event_id, attachment.is_public, attachment.uploaded_by_id) == (reply_event.pk, True, handler.pk)
    page = login(ent_user).get(reverse("appeals:my_detail", args=[in_progress.pk])).content.decode()
    assert "答复函.pdf" in page and reverse("appeals:attachment_download", args=[attachment.pk]) in page
    download = login(ent_user).get(reverse("appeals:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%AD%94%E5%A4%8D%E5%87%BD.pdf" in download["Content-Disposition"]


def test_the_reply_page_refuses_a_renamed_program_and_keeps_the_appeal_in_progress(  # type: ignore[no-untyped-def]
        world, login, in_progress, handler, media):
    response = login(handler).post(reverse("appeals:inbox_reply", args=[in_progress.pk]),
                                   {"text": "已协调。", "attachments": [upload("答复函.pdf", EXE)]}, follow=True,
                                   headers=ENGLISH)
    assert any("“答复函.pdf” is not really a PDF file" in m for m in messages_of(response))
    assert Appeal.objects.get(pk=in_progress.pk).state == Appeal.State.IN_PROGRESS
    assert files_on_disk(media) == []


def test_a_co_handlers_opinion_attachment_is_internal(  # type: ignore[no-untyped-def]
        world, login, submit, staff, handler, other_department, other_handler, ent_user):
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department, co_handlers=[other_department])
    response = login(other_handler).post(reverse("appeals:inbox_give_opinion", args=[appeal.pk]),
                                         {"opinion": "可按政策办理。", "attachments": [upload("政策.pdf", PDF)]})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.is_public is False and attachment.event.action == "give_opinion"
    url = reverse("appeals:attachment_download", args=[attachment.pk])
    assert login(ent_user).get(url).status_code == 404
    assert "政策.pdf" not in login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode()
    for user in (handler, other_handler, staff):  # the lead department, the co-handler, FIC staff
        assert login(user).get(url).status_code == 200
    assert "政策.pdf" in login(handler).get(reverse("appeals:inbox_detail", args=[appeal.pk])).content.decode()
    assert "政策.pdf" in login(staff).get(reverse("appeals:staff_detail", args=[appeal.pk])).content.decode()


def test_staff_record_an_appeal_with_attachments(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:staff_new"), {
        "enterprise": world.enterprise_a.name, "source": Appeal.Source.HOTLINE, "kind": Appeal.Kind.HELP,
        "category": Category.objects.first().pk, "title": "电话反映", "content": "企业来电反映用工问题。",
        "attachments": [upload("来电记录.docx", office("word/document.xml"))], "contact_name": "赵六",
        "contact_phone": "13900004444"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.appeal_id, attachment.event.action, attachment.uploaded_by_id, attachment.is_public) == (
        appeal.pk, "submit", staff.pk, True)
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_the_staff_form_refuses_a_bad_file(world, login, staff, media) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:staff_new"), {
        "enterprise": world.enterprise_a.name, "source": Appeal.Source.HOTLINE, "kind": Appeal.Kind.HELP,
        "category": Category.objects.first().pk, "title": "电话反映", "content": "内容",
        "attachments": [upload("来电记录.exe", EXE)]}, headers=ENGLISH)
    assert response.status_code == 200 and "“来电记录.exe” is not of an allowed type" in response.content.decode()
    assert not Appeal.objects.exists() and files_on_disk(media) == []


# Downloading: who may -------------------------------------------------------------------------

@pytest.fixture
def attached(world, ent_user) -> Attachment:  # type: ignore[no-untyped-def]
    actions.submit_appeal(enterprise=world.enterprise_a, acting_user=ent_user, kind=Appeal.Kind.HELP,
                          category=Category.objects.first(), title="t", content="c",
                          attachments=[upload("营业执照.pdf", PDF)])
    return Attachment.objects.get()


@pytest.mark.parametrize("persona", ["other_ent_user", "far_staff", "handler", "bank_officer", "lawyer", "sysadmin"])
def test_guessing_an_attachment_id_of_another_enterprise_is_404(world, login, attached, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[persona])
    assert client.get(reverse("appeals:attachment_download", args=[attached.pk])).status_code == 404
    assert client.get(reverse("appeals:attachment_download", args=[attached.pk + 1000])).status_code == 404


def test_the_enterprise_its_staff_and_the_leader_may_download(world, login, attached) -> None:  # type: ignore[no-untyped-def]
    for persona in ("ent_user", "staff", "leader"):
        assert login(world.users[persona]).get(
            reverse("appeals:attachment_download", args=[attached.pk])).status_code == 200, persona


def test_anonymous_visitors_are_sent_to_log_in(client, attached) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("appeals:attachment_download", args=[attached.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_confidential_appeals_attachment_is_404_for_staff_not_assigned_to_it(world, login, ent_user, staff):  # type: ignore[no-untyped-def]
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=ent_user, kind=Appeal.Kind.HELP,
                                   category=Category.objects.first(), title="t", content="c",
                                   is_confidential=True, attachments=[upload("机密.pdf", PDF)])
    actions.accept(appeal.pk, acting_user=staff)
    url = reverse("appeals:attachment_download", args=[Attachment.objects.get().pk])
    assert login(world.users["leader"]).get(url).status_code == 404
    assert login(staff).get(url).status_code == 200


def test_a_file_missing_on_disk_is_404_not_500(login, ent_user, attached) -> None:  # type: ignore[no-untyped-def]
    attached.file.storage.delete(attached.file.name)
    assert login(ent_user).get(reverse("appeals:attachment_download", args=[attached.pk])).status_code == 404


# The lists on the detail pages ----------------------------------------------------------------

def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _replied(world, *, files: int, with_opinion: bool = False) -> Appeal:  # type: ignore[no-untyped-def]
    users = world.users
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=users["ent_user"],
                                   kind=Appeal.Kind.HELP, category=Category.objects.first(), title="t",
                                   content="c", attachments=[upload(f"s{n}.pdf", PDF) for n in range(files)])
    actions.accept(appeal.pk, acting_user=users["staff"])
    actions.dispatch(appeal.pk, acting_user=users["staff"], lead=world.department)
    actions.sign_for(appeal.pk, acting_user=users["handler"])
    return actions.reply(appeal.pk, acting_user=users["handler"], text="答复",
                         attachments=[upload(f"r{n}.png", PNG) for n in range(files)])


@pytest.mark.parametrize(("persona", "page"), [
    ("ent_user", "appeals:my_detail"), ("handler", "appeals:inbox_detail"), ("staff", "appeals:staff_detail")])
def test_detail_pages_list_attachments_at_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
        world, login, persona, page, django_assert_num_queries):
    client = login(world.users[persona])
    few, many = _replied(world, files=1), _replied(world, files=5)
    client.get(reverse(page, args=[few.pk]))  # the first request after logging in also saves the session
    with_few = _queries(client, reverse(page, args=[few.pk]))
    with django_assert_num_queries(with_few):
        response = client.get(reverse(page, args=[many.pk]))
    html = response.content.decode()
    assert all(f"s{n}.pdf" in html and f"r{n}.png" in html for n in range(5))
    assert "KB" in html or "字节" in html or "bytes" in html  # the size is shown
