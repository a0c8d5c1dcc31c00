"""Reply review (审核): a category may want a department's reply reviewed by FIC staff before the
enterprise sees it. Staff approve it (the enterprise sees it and rates it) or send it back with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kaopu.appeals import actions, selectors
from kaopu.appeals.models import Appeal, Attachment, Category, Event
from kaopu.appeals.workflow import TransitionError
from kaopu.audit.models import AuditEntry
from kaopu.core import workdays
from kaopu.core.api_testing import API, bearer_client
from kaopu.notifications.models import Notification

S = Appeal.State
REPLY = "已协调合作银行，续贷材料补齐后 3 个工作日内完成审批。"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture
def reviewed_category(db) -> Category:  # type: ignore[no-untyped-def]
    category = Category.objects.get(name="融资")
    category.reply_review_required = True
    category.save()
    return category


@pytest.fixture
def reviewing(world, reviewed_category, in_progress, django_capture_on_commit_callbacks) -> Appeal:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return actions.reply(in_progress.pk, acting_user=world.users["handler"], text=REPLY)


def test_a_reply_in_a_reviewed_category_waits_for_staff_and_the_enterprise_does_not_see_it(  # type: ignore[no-untyped-def]
        world, reviewing):
    assert reviewing.state == S.REVIEWING
    submitted = Event.objects.get(appeal=reviewing, action="submit_reply")
    assert (submitted.is_public, submitted.text, submitted.to_state) == (False, REPLY, S.REVIEWING)
    assert not Event.objects.filter(appeal=reviewing, action="reply").exists()
    # The review has its own deadline (1 working day: Tuesday 29 September), and staff are told.
    assert reviewing.due_on == date(2026, 9, 29)
    assert Notification.objects.filter(kind="appeal.submit_reply", user=world.users["staff"]).exists()
    assert not Notification.objects.filter(user=world.users["ent_user"], kind="appeal.reply").exists()
    # The department's timeliness is counted at its reply, not at the approval.
    assert reviewing.first_reply_days == 0 and not reviewing.replied_late


def test_the_enterprise_page_and_api_never_show_the_reply_under_review(world, reviewing, login):  # type: ignore[no-untyped-def]
    page = login(world.users["ent_user"]).get(reverse("appeals:my_detail", args=[reviewing.pk])).content.decode()
    assert REPLY not in page
    body = bearer_client(world.users["ent_user"]).get(f"{API}/appeals/{reviewing.pk}").content.decode()
    assert REPLY not in body


def test_approving_shows_the_reply_to_the_enterprise_as_the_departments_answer(  # type: ignore[no-untyped-def]
        world, reviewing, django_capture_on_commit_callbacks, login):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = actions.approve_reply(reviewing.pk, acting_user=world.users["staff"], note="口径已核")

    assert appeal.state == S.REPLIED
    assert appeal.due_on == workdays.deadline(date(2026, 9, 28), 5).on  # 5 working days to rate from approval
    answer = Event.objects.get(appeal=appeal, action="reply")
    assert (answer.is_public, answer.text, answer.actor) == (True, REPLY, world.users["handler"])
    assert answer.data["reviewed_by"] == world.users["staff"].pk
    assert Event.objects.get(appeal=appeal, action="approve_reply").is_public is False
    assert Notification.objects.filter(kind="appeal.reply", user=world.users["ent_user"]).exists()
    assert Notification.objects.filter(kind="appeal.approve_reply", user=world.users["handler"]).exists()
    page = login(world.users["ent_user"]).get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode()
    assert REPLY in page and "口径已核" not in page
    assert AuditEntry.objects.filter(summary__startswith="审核通过答复：诉求").exists()
    # and the enterprise can rate it as any reply
    assert actions.rate(appeal.pk, acting_user=world.users["ent_user"], rating="5").state == S.CLOSED


def test_the_replys_attachments_become_public_only_when_approved(  # type: ignore[no-untyped-def]
        world, reviewed_category, in_progress, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    appeal = actions.reply(in_progress.pk, acting_user=world.users["handler"], text=REPLY,
                           attachments=[SimpleUploadedFile("答复函.pdf", PDF)])
    file = Attachment.objects.get(appeal=appeal)
    assert file.is_public is False

    actions.approve_reply(appeal.pk, acting_user=world.users["staff"])

    file.refresh_from_db()
    assert file.is_public is True and file.event.action == "reply"


def test_sending_back_needs_a_reason_and_returns_the_appeal_to_the_department(  # type: ignore[no-untyped-def]
        world, in_progress, reviewing, django_capture_on_commit_callbacks):
    with pytest.raises(TransitionError, match="退回答复的理由"):
        actions.return_reply(reviewing.pk, acting_user=world.users["staff"], reason="  ")
    assert Appeal.objects.get(pk=reviewing.pk).state == S.REVIEWING

    with django_capture_on_commit_callbacks(execute=True):
        appeal = actions.return_reply(reviewing.pk, acting_user=world.users["staff"], reason="请补充放款时间")

    assert appeal.state == S.IN_PROGRESS
    event = Event.objects.get(appeal=appeal, action="return_reply")
    assert (event.is_public, event.text) == (False, "请补充放款时间")
    told = Notification.objects.get(kind="appeal.return_reply", user=world.users["handler"])
    assert told.body == "请补充放款时间"
    # The department's own reply deadline (10 working days from signing, over National Day) holds again.
    assert appeal.due_on == in_progress.due_on == date(2026, 10, 16)
    # It replies again; the review comes round again, and the first reply's timeliness stays.
    again = actions.reply(appeal.pk, acting_user=world.users["handler"], text=REPLY + "放款时间为10月20日前。")
    assert again.state == S.REVIEWING and again.first_reply_days == 0


def test_a_reply_sent_back_after_its_deadline_is_due_within_one_working_day(  # type: ignore[no-untyped-def]
        world, reviewing, pin_clock):
    pin_clock(date(2026, 10, 20))  # after the department's deadline of 16 October
    appeal = actions.return_reply(reviewing.pk, acting_user=world.users["staff"], reason="请补充")
    assert appeal.due_on == date(2026, 10, 21)


@pytest.mark.parametrize("user", ["handler", "ent_user", "leader"])
def test_only_fic_staff_review_a_reply(world, reviewing, user):  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError):
        actions.approve_reply(reviewing.pk, acting_user=world.users[user])
    assert Appeal.objects.get(pk=reviewing.pk).state == S.REVIEWING


def test_staff_of_another_district_cannot_find_it(world, reviewing):  # type: ignore[no-untyped-def]
    from django.http import Http404
    with pytest.raises(Http404):
        actions.approve_reply(reviewing.pk, acting_user=world.users["far_staff"])


def test_a_category_without_review_replies_directly(world, in_progress):  # type: ignore[no-untyped-def]
    appeal = actions.reply(in_progress.pk, acting_user=world.users["handler"], text=REPLY)
    assert appeal.state == S.REPLIED
    assert Event.objects.get(appeal=appeal, action="reply").is_public


def test_the_staff_queue_page_and_form(world, reviewing, login):  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    queue = client.get(reverse("appeals:triage") + "?queue=review")
    assert [a.pk for a in queue.context["appeals"]] == [reviewing.pk] and queue.context["to_review"] == 1
    assert list(selectors.triage_list(world.users["staff"], "review")) == [reviewing]

    detail = client.get(reverse("appeals:staff_detail", args=[reviewing.pk])).content.decode()
    assert 'id="review-reply"' in detail and REPLY in detail

    refused = client.post(reverse("appeals:staff_review_reply", args=[reviewing.pk]),
                          {"decision": "return", "note": ""}, follow=True)
    assert [str(m) for m in refused.context["messages"]] == [
        "意见或理由：退回答复时，请说明部门需要修改的内容。"]
    assert Appeal.objects.get(pk=reviewing.pk).state == S.REVIEWING

    client.post(reverse("appeals:staff_review_reply", args=[reviewing.pk]), {"decision": "approve", "note": ""})
    assert Appeal.objects.get(pk=reviewing.pk).state == S.REPLIED


def test_the_department_page_says_the_reply_waits_for_review(world, reviewing, login):  # type: ignore[no-untyped-def]
    page = login(world.users["handler"]).get(reverse("appeals:inbox_detail", args=[reviewing.pk])).content.decode()
    assert 'id="reply-under-review"' in page and 'id="reply-form"' not in page


def test_the_api_reviews_with_the_same_rules(world, reviewing):  # type: ignore[no-untyped-def]
    client = bearer_client(world.users["staff"])
    url = f"{API}/appeals/{reviewing.pk}/transitions"
    refused = client.post(url, {"action": "return_reply"}, content_type="application/json")
    assert refused.status_code in (400, 422) and "reason" in refused.content.decode()
    done = client.post(url, {"action": "approve_reply"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert Appeal.objects.get(pk=reviewing.pk).state == S.REPLIED


def test_staff_turn_review_on_for_a_category_audited(world, login):  # type: ignore[no-untyped-def]
    category = Category.objects.get(name="法律")
    client = login(world.users["staff"])
    client.post(reverse("appeals:settings_category_edit", args=[category.pk]),
                {"name": "法律", "sort_order": category.sort_order, "reply_review_required": "on"})
    category.refresh_from_db()
    assert category.reply_review_required
    entry = AuditEntry.objects.filter(summary="修改诉求类别 法律").latest("id")
    assert entry.data["after"]["reply_review_required"] is True
