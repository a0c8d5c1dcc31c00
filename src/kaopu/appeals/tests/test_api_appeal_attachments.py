"""GET /api/v1/appeals/{id} lists the appeal's attachments (name, size, upload time, download URL):
all of them for staff and departments, only the public ones for the enterprise, in a fixed number of
queries whatever their number."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Attachment, CoHandler
from kaopu.core.api_testing import API, bearer_client

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def with_files(world, in_progress, other_department, other_handler, media):  # type: ignore[no-untyped-def]
    """An appeal with a co-handler's internal file (its opinion) and two public files (the reply)."""
    CoHandler.objects.create(appeal=in_progress, department=other_department)
    actions.give_opinion(in_progress.pk, acting_user=other_handler, opinion="内部意见",
                         attachments=[pdf("内部核查.pdf")])
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已答复",
                  attachments=[pdf("答复函.pdf"), pdf("附表.pdf")])
    return in_progress


def names(body) -> list[str]:  # type: ignore[no-untyped-def]
    return [a["name"] for a in body["attachments"]]


def test_staff_see_every_attachment_with_its_facts_and_download_url(world, with_files, staff) -> None:  # type: ignore[no-untyped-def]
    body = bearer_client(staff).get(f"{API}/appeals/{with_files.pk}").json()
    assert names(body) == ["内部核查.pdf", "答复函.pdf", "附表.pdf"]
    reply = Attachment.objects.get(name="答复函.pdf")
    item = body["attachments"][1]
    assert item["id"] == reply.pk and item["size"] == len(PDF) and item["event"] == reply.event_id
    assert item["url"] == reverse("appeals:attachment_download", args=[reply.pk])
    assert abs(datetime.fromisoformat(item["uploaded_at"]) - reply.uploaded_at) < timedelta(milliseconds=1)
    assert set(item) == {"id", "name", "size", "uploaded_at", "event", "url"}


def test_the_enterprise_never_sees_an_internal_attachment(world, with_files, ent_user) -> None:  # type: ignore[no-untyped-def]
    body = bearer_client(ent_user).get(f"{API}/appeals/{with_files.pk}").json()
    assert names(body) == ["答复函.pdf", "附表.pdf"]
    internal = Attachment.objects.get(name="内部核查.pdf")
    assert "内部核查" not in str(body) and reverse("appeals:attachment_download", args=[internal.pk]) not in str(body)


def test_the_listed_url_downloads_the_file_for_the_same_user(world, with_files, login, ent_user) -> None:  # type: ignore[no-untyped-def]
    body = bearer_client(ent_user).get(f"{API}/appeals/{with_files.pk}").json()
    response = login(ent_user).get(body["attachments"][0]["url"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_another_enterprise_gets_404_not_the_files(world, with_files, other_ent_user) -> None:  # type: ignore[no-untyped-def]
    response = bearer_client(other_ent_user).get(f"{API}/appeals/{with_files.pk}")
    assert response.status_code == 404 and "答复函" not in response.content.decode()


def test_an_appeal_without_files_lists_none(world, in_progress, staff) -> None:  # type: ignore[no-untyped-def]
    assert bearer_client(staff).get(f"{API}/appeals/{in_progress.pk}").json()["attachments"] == []


def test_the_queries_do_not_grow_with_the_attachments(world, in_progress, staff, handler, media,  # type: ignore[no-untyped-def]
                                                      django_assert_num_queries):
    api = bearer_client(staff)
    api.get(f"{API}/appeals/{in_progress.pk}")
    with django_assert_num_queries(5) as few:
        api.get(f"{API}/appeals/{in_progress.pk}")
    actions.reply(in_progress.pk, acting_user=handler, text="答复", attachments=[pdf(f"{n}.pdf") for n in range(5)])
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(api.get(f"{API}/appeals/{in_progress.pk}").json()["attachments"]) == 5
