"""The article workflow's rules: states, the two-person rule of review, the content guard at approval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kaopu.audit.models import AuditEntry
from kaopu.publicity import actions
from kaopu.publicity.actions import PublicityError
from kaopu.publicity.models import Article, Review, SiteSettings
from kaopu.publicity.testing import approved_article, draft_article, editorial, published_article

pytestmark = pytest.mark.django_db
S = Article.State


def test_a_three_step_review_needs_three_people(world):
    team = editorial(world)
    article = draft_article(world)
    actions.submit(team.author, article.pk)
    with pytest.raises(PublicityError, match="须由他人审核"):
        actions.review(team.author, article.pk, approve=True)
    actions.review(team.reviewer, article.pk, approve=True)
    article.refresh_from_db()
    assert (article.state, article.review_step) == (S.IN_REVIEW, 2)
    with pytest.raises(PublicityError, match="另一人"):
        actions.review(team.reviewer, article.pk, approve=True)
    actions.review(team.approver, article.pk, approve=True)
    article.refresh_from_db()
    assert article.state == S.APPROVED
    assert list(article.reviews.values_list("step", "reviewer__username", "decision")) == [
        (1, "reviewer", "approve"), (2, "approver", "approve")]


def test_two_steps_go_straight_to_the_final_approver(world):
    team = editorial(world)
    SiteSettings.objects.create(district=world.district, site_name="普陀区工商联",
                                review_steps=SiteSettings.Steps.TWO)
    article = draft_article(world)
    actions.submit(team.author, article.pk)
    actions.review(team.reviewer, article.pk, approve=True)
    article.refresh_from_db()
    assert article.state == S.APPROVED


def test_whoever_saved_a_version_is_an_author(world):
    team = editorial(world)
    article = draft_article(world)
    actions.update_article(team.reviewer, article.pk, summary="改了一句")
    actions.submit(team.author, article.pk)
    with pytest.raises(PublicityError, match="须由他人审核"):
        actions.review(team.reviewer, article.pk, approve=True)


def test_final_approval_needs_the_permission(world, leader):
    team = editorial(world)
    article = draft_article(world)
    actions.submit(team.author, article.pk)
    actions.review(team.reviewer, article.pk, approve=True)
    with pytest.raises(PublicityError, match="终审”权限"):
        actions.review(leader, article.pk, approve=True)
    leader.granted_permissions = ["final_approval"]
    actions.review(leader, article.pk, approve=True)
    assert Article.objects.get(pk=article.pk).state == S.APPROVED


def test_a_high_finding_blocks_approval_and_the_reviewer_sends_it_back(world):
    team = editorial(world)
    article = draft_article(world, body="<p>区工商联召开座谈会。有哪些信誉好的足球投注网站</p>")
    actions.submit(team.author, article.pk)
    with pytest.raises(PublicityError) as refused:
        actions.review(team.reviewer, article.pk, approve=True)
    assert refused.value.findings and refused.value.findings[0].part == "body"
    with pytest.raises(PublicityError, match="审核意见："):
        actions.review(team.reviewer, article.pk, approve=False)
    actions.review(team.reviewer, article.pk, approve=False, comment="正文末尾有赌博网站广告，请删除")
    article.refresh_from_db()
    assert article.state == S.DRAFT and article.review_step == 0
    assert Review.objects.get(article=article).decision == Review.Decision.RETURN


def test_a_medium_finding_needs_the_final_approvers_acknowledgement(world, settings):
    from kaopu.publicity.models import LexiconTerm

    LexiconTerm.objects.create(term="内部消息", category="political_rumour", severity="medium")
    team = editorial(world)
    article = draft_article(world, body="<p>据内部消息，座谈会将于下周召开。</p>")
    actions.submit(team.author, article.pk)
    actions.review(team.reviewer, article.pk, approve=True)  # the first step only sees it
    with pytest.raises(PublicityError, match="逐条确认") as refused:
        actions.review(team.approver, article.pk, approve=True)
    keys = [item.key for item in refused.value.findings]
    actions.review(team.approver, article.pk, approve=True, acknowledged=keys)
    entry = AuditEntry.objects.filter(object_type="publicity.article").order_by("-sequence").first()
    assert entry.data["acknowledged"][0]["term"] == "内部消息"
    assert Review.objects.filter(article=article, step=2).get().acknowledged[0]["key"] == keys[0]


def test_only_drafts_are_edited_and_every_save_is_a_version(world):
    team = editorial(world)
    article = draft_article(world)
    actions.update_article(team.author, article.pk, title="新标题", body="<p>新正文<script>x()</script></p>")
    article.refresh_from_db()
    assert article.version == 2 and article.body == "<p>新正文</p>"
    assert list(article.versions.values_list("number", "title")) == [(2, "新标题"), (1, "区工商联召开民营企业座谈会")]
    actions.submit(team.author, article.pk)
    with pytest.raises(PublicityError, match="只有草稿可以修改"):
        actions.update_article(team.author, article.pk, title="偷偷改")


def test_scheduled_publishing_happens_when_due(world):
    team = editorial(world)
    article = approved_article(world)
    later = timezone.now() + timedelta(hours=2)
    actions.publish(team.author, article.pk, at=later)
    assert actions.publish_due() == 0
    assert actions.publish_due(later + timedelta(seconds=1)) == 1
    article.refresh_from_db()
    assert article.state == S.PUBLISHED and article.published_at is not None


def test_withdraw_and_revise(world, far_staff):
    team = editorial(world)
    article = published_article(world)
    with pytest.raises(PublicityError, match="撤稿原因："):
        actions.withdraw(team.author, article.pk, reason=" ")
    from django.http import Http404

    with pytest.raises(Http404):
        actions.withdraw(far_staff, article.pk, reason="错误")
    actions.withdraw(team.author, article.pk, reason="数据有误")
    actions.revise(team.author, article.pk)
    assert Article.objects.get(pk=article.pk).state == S.DRAFT


def test_the_public_page_shows_only_published_articles(world, client):
    article = published_article(world)
    assert client.get(article.get_absolute_url()).status_code == 200
    draft = draft_article(world, title="草稿")
    assert client.get(draft.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(state=S.WITHDRAWN, withdrawn_by=Article.WithdrawnBy.GUARD)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 503 and "维护中" in response.content.decode()
