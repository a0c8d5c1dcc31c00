"""actions.review_public_summary and the staff's queue (待审核公开摘要): only a summary FIC staff approved
reaches the public board; it is stored masked, with who approved it and when; a withheld appeal needs a
reason; every review is audited and in the internal timeline; the queue's suggestion is the last answer,
masked; the queue takes the same number of queries for 2 or 20 appeals."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category, Event
from kaopu.appeals.testing import number_fields
from kaopu.appeals.tests.conftest import TODAY
from kaopu.appeals.workflow import TransitionError
from kaopu.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db
QUEUE = "/appeals/summaries/"
BOARD = "/board/"
REPLY = ("经协调，上海甲科技有限公司的续贷已获批。请王小明先生（手机13812345678，邮箱 wang.xm@example.com）"
         "携身份证310107199001011234到长寿路123弄4号502室办理，放款至卡号6222021234567890123。")
MASKED = "经协调，该企业的续贷已获批。请王某先生（手机***，邮箱 ***）携身份证***到长寿路***办理，放款至卡号***。"


@pytest.fixture
def closed(world, in_progress) -> Appeal:  # type: ignore[no-untyped-def]
    in_progress.__class__.objects.filter(pk=in_progress.pk).update(publish_consent=True)
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text=REPLY)
    return actions.rate(in_progress.pk, acting_user=world.users["ent_user"], rating="5")


REVIEW_AUDITED = "审核公开答复摘要"


def reviews_audited(appeal: Appeal):  # type: ignore[no-untyped-def]
    """The audit entries of the reviews of ``appeal`` (other actions on it may be audited too)."""
    return AuditEntry.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk),
                                     summary__startswith=REVIEW_AUDITED)


def review(appeal: Appeal, user, **kwargs) -> Appeal:  # type: ignore[no-untyped-def]
    return actions.review_public_summary(appeal.pk, acting_user=user, **kwargs)


def test_approval_stores_the_masked_text_who_and_when_audited_and_in_the_timeline(world, staff, closed):  # type: ignore[no-untyped-def]
    appeal = review(closed, staff, publish=True, text=REPLY)
    assert (appeal.summary_review, appeal.public_summary) == (Appeal.SummaryReview.APPROVED, MASKED)
    assert appeal.summary_reviewed_by_id == staff.pk
    assert timezone.now() - appeal.summary_reviewed_at < timedelta(seconds=5)
    stored = Appeal.objects.get(pk=closed.pk)
    assert stored.public_summary == MASKED and stored.summary_review == "approved"
    event = Event.objects.get(appeal=closed, action="review_summary")
    assert (event.actor_id, event.text, event.is_public, event.data) == (
        staff.pk, MASKED, False, {"decision": "approved", "old_decision": "pending", "old": ""})
    entry = reviews_audited(closed).get()
    assert entry.action == Action.UPDATE
    assert entry.summary == (f"审核公开答复摘要：批准公开，诉求 {closed.number}「贷款续贷困难」"
                             f"（{world.enterprise_a.name}）")
    assert entry.data["summary_review"] == {"old": "pending", "new": "approved"}
    assert entry.data["public_summary"] == {"old": "", "new": MASKED} and entry.data["masked"] is True
    assert entry.actor_id == staff.pk


def test_the_people_who_acted_on_the_appeal_are_masked_by_name(world, staff, closed) -> None:  # type: ignore[no-untyped-def]
    handler, submitter = world.users["handler"].name, world.users["ent_user"].name
    appeal = review(closed, staff, publish=True, text=f"{handler}已答复，{submitter}确认。")
    assert appeal.public_summary == "某某已答复，某某确认。"


def test_withholding_needs_a_reason_and_clears_the_summary(world, staff, closed) -> None:  # type: ignore[no-untyped-def]
    review(closed, staff, publish=True, text="经协调，已续贷。")
    with pytest.raises(TransitionError, match="不公开的理由"):
        review(closed, staff, publish=False, reason="  ")
    appeal = review(closed, staff, publish=False, reason="答复涉及个人隐私")
    stored = Appeal.objects.get(pk=closed.pk)
    assert (stored.summary_review, stored.public_summary, stored.summary_withheld_reason) == (
        "withheld", "", "答复涉及个人隐私")
    assert appeal.summary_reviewed_by_id == staff.pk
    entry = reviews_audited(closed).order_by("-sequence")[0]
    assert entry.summary.startswith("审核公开答复摘要：不公开（理由：答复涉及个人隐私）")


def test_editing_an_approved_summary_is_a_new_review_and_the_same_again_changes_nothing(  # type: ignore[no-untyped-def]
        world, staff, closed, pin_clock):
    other = world.users["staff"].__class__.objects.create(username="staff2", name="另一位工作人员", role="fic_staff",
                                                          organisation=staff.organisation)
    first = review(closed, staff, publish=True, text="第一稿。").summary_reviewed_at
    pin_clock(TODAY, 12)  # two hours after the appeals tests' pinned 10:00
    appeal = review(closed, other, publish=True, text="第二稿。")
    assert (appeal.public_summary, appeal.summary_reviewed_by_id) == ("第二稿。", other.pk)
    assert appeal.summary_reviewed_at - first > timedelta(hours=1)
    review(closed, other, publish=True, text=" 第二稿。 ")
    assert Event.objects.filter(appeal=closed, action="review_summary").count() == 2
    assert reviews_audited(closed).count() == 2


def test_empty_and_long_texts_are_refused_naming_the_field(world, staff, closed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError, match="答复公开摘要"):
        review(closed, staff, publish=True, text=" ")
    review(closed, staff, publish=True, text="答" * 500)
    with pytest.raises(TransitionError, match=r"答复公开摘要：.*500"):
        review(closed, staff, publish=True, text="复" * 501)
    assert Appeal.objects.get(pk=closed.pk).public_summary == "答" * 500


def test_an_open_or_unconsented_appeal_is_refused_and_nothing_is_written(world, staff, in_progress, submit):  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError):
        review(in_progress, staff, publish=True, text="摘要")
    Appeal.objects.filter(pk=in_progress.pk).update(state=Appeal.State.CLOSED, publish_consent=False)
    with pytest.raises(TransitionError, match=r"不同意公开|did not agree"):
        review(in_progress, staff, publish=True, text="摘要")
    assert not Event.objects.filter(action="review_summary").exists()
    assert not AuditEntry.objects.filter(summary__startswith=REVIEW_AUDITED).exists()


@pytest.mark.parametrize("persona", ["leader", "handler", "ent_user"])
def test_other_roles_are_refused(world, closed, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError):
        review(closed, world.users[persona], publish=True, text="摘要")
    assert Appeal.objects.get(pk=closed.pk).summary_review == "pending"


def test_staff_of_another_district_get_404(world, closed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        review(closed, world.users["far_staff"], publish=True, text="摘要")


# The queue page ------------------------------------------------------------------------------------

def pending(world, n: int, **fields) -> Appeal:  # type: ignore[no-untyped-def]
    """A closed, consented appeal waiting for review, made directly (the queue only reads it)."""
    values = {"district": world.district, "enterprise": world.enterprise_a, "created_by": world.users["ent_user"],
              "kind": Appeal.Kind.CONSULTATION, "category": Category.objects.get(name="法律"), "title": f"诉求{n}",
              "content": "内容", "state": Appeal.State.CLOSED, "publish_consent": True,
              "closed_at": timezone.now()}
    values.update(fields)
    appeal = Appeal.objects.create(**values, **number_fields(values["district"]))
    Event.objects.create(appeal=appeal, action="reply", from_state="in_progress", to_state="replied",
                         actor=world.users["handler"], text=f"第{n}号答复，电话021-62541234。")
    return appeal


def test_the_queue_lists_only_pending_consented_closed_appeals_of_the_district_with_a_masked_suggestion(  # type: ignore[no-untyped-def]
        world, login, staff, closed):
    review(pending(world, 1), staff, publish=True, text="已批准。")
    pending(world, 2, publish_consent=False)
    pending(world, 3, is_confidential=True)
    pending(world, 4, state=Appeal.State.REPLIED, closed_at=None)
    response = login(staff).get(QUEUE)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [appeal.pk for appeal, _form in rows] == [closed.pk]
    (appeal, form), = rows
    assert appeal.suggestion == MASKED and form.initial["public_summary"] == MASKED
    html = response.content.decode()
    assert f'id="review-{closed.pk}"' in html and "13812345678" not in html and "wang.xm@example.com" not in html
    assert "待审核公开摘要" in html


def test_approving_from_the_queue_puts_it_on_the_board_and_off_the_queue(world, login, staff, closed, client):  # type: ignore[no-untyped-def]
    prefix = f"a{closed.pk}"
    response = login(staff).post(reverse("appeals:staff_public_summary", args=[closed.pk]), {
        "from": "queue", f"{prefix}-decision": "publish", f"{prefix}-public_summary": REPLY}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert any("已批准" in str(m) and MASKED in str(m) for m in response.context["messages"])
    assert response.context["rows"] == []
    client.logout()
    assert MASKED in client.get(BOARD).content.decode()


def test_withholding_from_the_queue_without_a_reason_is_a_message_naming_the_field(world, login, staff, closed):  # type: ignore[no-untyped-def]
    prefix = f"a{closed.pk}"
    url = reverse("appeals:staff_public_summary", args=[closed.pk])
    response = login(staff).post(url, {"from": "queue", f"{prefix}-decision": "withhold"}, follow=True)
    assert any(str(m).startswith("不公开的理由") for m in response.context["messages"])
    assert Appeal.objects.get(pk=closed.pk).summary_review == "pending"
    login(staff).post(url, {"from": "queue", f"{prefix}-decision": "withhold", f"{prefix}-reason": "涉及隐私"})
    assert Appeal.objects.get(pk=closed.pk).summary_review == "withheld"


def test_the_appeal_page_offers_the_review_and_saving_again_re_reviews(world, login, staff, closed):  # type: ignore[no-untyped-def]
    page = login(staff).get(reverse("appeals:staff_detail", args=[closed.pk]))
    assert page.context["summary_form"].initial["public_summary"] == MASKED
    assert 'id="public-summary"' in page.content.decode() and "尚未审核" in page.content.decode()
    login(staff).post(reverse("appeals:staff_public_summary", args=[closed.pk]),
                      {"decision": "publish", "public_summary": "经协调，已续贷。"})
    page = login(staff).get(reverse("appeals:staff_detail", args=[closed.pk])).content.decode()
    assert "经协调，已续贷。" in page and staff.name in page
    event = Event.objects.get(appeal=closed, action="review_summary")
    assert f'id="event-{event.pk}"' in page and "审核了公开摘要" in page
    enterprise_page = login(world.users["ent_user"]).get(reverse("appeals:my_detail", args=[closed.pk]))
    assert f'id="event-{event.pk}"' not in enterprise_page.content.decode()


@pytest.mark.parametrize("persona", ["leader", "handler", "ent_user", "far_staff", "bank_officer"])
def test_only_the_districts_staff_see_the_queue_and_may_review(world, login, closed, persona) -> None:  # type: ignore[no-untyped-def]
    user = world.users[persona]
    if persona == "far_staff":
        assert login(user).get(QUEUE).context["rows"] == []
    else:
        assert login(user).get(QUEUE).status_code == 404
    response = login(user).post(reverse("appeals:staff_public_summary", args=[closed.pk]),
                                {"decision": "publish", "public_summary": "x"})
    assert response.status_code in (302, 404)
    assert Appeal.objects.get(pk=closed.pk).summary_review == "pending"


def test_the_queue_takes_the_same_queries_for_2_or_20_appeals(world, login, staff, django_assert_num_queries):  # type: ignore[no-untyped-def]
    for n in range(2):
        pending(world, n)
    client = login(staff)
    client.get(QUEUE)
    with django_assert_num_queries(2):  # the user, the rows with their last answer and its author
        assert len(client.get(QUEUE).context["rows"]) == 2
    for n in range(2, 22):
        pending(world, n, enterprise=world.enterprise_b if n % 2 else world.enterprise_a)
    with django_assert_num_queries(2):
        assert len(client.get(QUEUE).context["rows"]) == 20


def test_the_queue_is_in_the_staff_navigation_only(world, login, staff, leader) -> None:  # type: ignore[no-untyped-def]
    assert ("待审核公开摘要", QUEUE, True) in login(staff).get(QUEUE).context["nav_items"]
    assert all(url != QUEUE for _t, url, _a in login(leader).get(reverse("appeals:overview")).context["nav_items"])


def test_the_migration_counts_staff_written_summaries_as_reviewed_and_nothing_else(world, staff, closed) -> None:  # type: ignore[no-untyped-def]
    migration = importlib.import_module("kaopu.appeals.migrations.0011_public_summary_review")
    written = pending(world, 1, public_summary="工作人员写的摘要")
    Event.objects.create(appeal=written, action="edit_summary", from_state="closed", to_state="closed", actor=staff,
                         text="工作人员写的摘要")
    without_event = pending(world, 2, public_summary="更早写的摘要")
    migration.approve_existing_summaries(apps, None)
    rows = {a.pk: a for a in Appeal.objects.filter(pk__in=[written.pk, without_event.pk, closed.pk])}
    assert (rows[written.pk].summary_review, rows[written.pk].summary_reviewed_by_id) == ("approved", staff.pk)
    assert rows[without_event.pk].summary_review == "approved"
    assert rows[without_event.pk].summary_reviewed_at == rows[without_event.pk].updated_at
    assert rows[closed.pk].summary_review == "pending"
