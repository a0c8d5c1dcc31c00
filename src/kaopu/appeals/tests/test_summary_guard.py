"""The content guard on the public board's summaries: approving a summary scans it as it will be
published (masked); a high-severity term refuses, naming the field, the text, the term and its category;
a medium one needs acknowledging (the confirmation page's checkbox), recorded in the review's audit entry.
Keeping an appeal off the board is never screened."""

from __future__ import annotations

import pytest

from kaopu.appeals import actions
from kaopu.appeals.actions import SummaryRefused
from kaopu.appeals.models import Appeal
from kaopu.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
HIGH = "经协调已解决。另推荐有哪些信誉好的足球投注网站。"
MEDIUM = "经协调，企业反映的下注类营销骚扰已由市场监管部门处理。"


@pytest.fixture
def closed(world, in_progress) -> Appeal:  # type: ignore[no-untyped-def]
    Appeal.objects.filter(pk=in_progress.pk).update(publish_consent=True)
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已协调解决。")
    return actions.rate(in_progress.pk, acting_user=world.users["ent_user"], rating="5")


def _reviews(appeal: Appeal):  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(object_id=str(appeal.pk), summary__startswith="审核公开答复摘要")


def test_a_high_finding_refuses_the_approval(staff, closed):  # type: ignore[no-untyped-def]
    with pytest.raises(SummaryRefused) as refused:
        actions.review_public_summary(closed.pk, acting_user=staff, publish=True, text=HIGH)
    message = str(refused.value)
    assert "答复公开摘要" in message and "有哪些信誉好的足球投注网站" in message and "赌博" in message
    stored = Appeal.objects.get(pk=closed.pk)
    assert stored.summary_review == Appeal.SummaryReview.PENDING and stored.public_summary == ""
    assert not _reviews(closed).exists()


def test_a_medium_finding_needs_acknowledging_recorded_in_the_audit(staff, closed):  # type: ignore[no-untyped-def]
    with pytest.raises(SummaryRefused) as refused:
        actions.review_public_summary(closed.pk, acting_user=staff, publish=True, text=MEDIUM)
    assert refused.value.refused.needs_acknowledgement
    keys = [item.key for item in refused.value.refused.findings]
    appeal = actions.review_public_summary(closed.pk, acting_user=staff, publish=True, text=MEDIUM, acknowledged=keys)
    assert appeal.summary_review == Appeal.SummaryReview.APPROVED
    [entry] = _reviews(closed)
    assert [(item["text"], item["severity"]) for item in entry.data["acknowledged"]] == [("下注", "medium")]


def test_withholding_is_not_screened(staff, closed):  # type: ignore[no-untyped-def]
    appeal = actions.review_public_summary(closed.pk, acting_user=staff, publish=False,
                                           reason="涉及足球投注网站举报线索")
    assert appeal.summary_review == Appeal.SummaryReview.WITHHELD


def test_the_queue_asks_to_acknowledge_then_approves(login, staff, closed):  # type: ignore[no-untyped-def]
    client = login(staff)
    data = {"from": "queue", f"a{closed.pk}-decision": "publish", f"a{closed.pk}-public_summary": MEDIUM,
            f"a{closed.pk}-reason": ""}
    page = client.post(f"/appeals/{closed.pk}/public-summary/", data)
    assert page.status_code == 200 and "下注" in page.content.decode()
    assert page.context["back"] == "/appeals/summaries/"
    resent = dict(page.context["hidden"]) | {"acknowledge": page.context["findings"][0]["key"]}
    response = client.post(f"/appeals/{closed.pk}/public-summary/", resent)
    assert response.status_code == 302 and response.url == "/appeals/summaries/"
    assert Appeal.objects.get(pk=closed.pk).summary_review == Appeal.SummaryReview.APPROVED


def test_the_appeal_page_refuses_a_high_finding_with_a_message(login, staff, closed):  # type: ignore[no-untyped-def]
    data = {"decision": "publish", "public_summary": HIGH, "reason": ""}
    response = login(staff).post(f"/appeals/{closed.pk}/public-summary/", data, follow=True)
    assert any("足球投注" in str(m) for m in response.context["messages"])
    assert Appeal.objects.get(pk=closed.pk).summary_review == Appeal.SummaryReview.PENDING
