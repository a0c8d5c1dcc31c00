"""The staff's editorial pages (views_staff.py): each page and action for staff, the refusals of other
districts and roles, the review with the content guard's findings, files, versions, fixed query counts."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.core.registry import registry
from kaopu.notifications.models import Notification
from kaopu.publicity import actions
from kaopu.publicity.models import Article, ArticleImage, Column, LexiconTerm, Review
from kaopu.publicity.testing import approved_article, draft_article, editorial, published_article
from kaopu.publicity.tests.editorial_helpers import media, png_bytes, upload  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
S = Article.State


def url(name: str, *args: object) -> str:
    return reverse(f"publicity:{name}", args=args)


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- who may come --------------------------------------------------------------------------------

def test_every_page_answers_the_districts_staff(world, login):  # type: ignore[no-untyped-def]
    article = draft_article(world)
    client = login(world.users["staff"])
    for address in (url("article_list"), url("article_new"), url("article_detail", article.pk),
                    url("article_edit", article.pk), url("versions", article.pk), url("columns"),
                    url("column_new"), url("column_edit", article.column_id), url("settings")):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "style=" not in response.content.decode(), address  # the CSP allows no inline style


def test_far_staff_get_404_for_an_article_of_another_district(world, login):  # type: ignore[no-untyped-def]
    article = draft_article(world)
    client = login(world.users["far_staff"])
    for address in (url("article_detail", article.pk), url("article_edit", article.pk),
                    url("versions", article.pk), url("column_edit", article.column_id)):
        assert client.get(address).status_code == 404, address
    for name in ("submit", "review", "publish", "withdraw", "revise", "image_upload", "attachment_add"):
        assert client.post(url(name, article.pk), {"decision": "approve", "reason": "x"}).status_code == 404, name
    assert article.pk not in {a.pk for a in client.get(url("article_list")).context["page"].items}


@pytest.mark.parametrize("persona", ["ent_user", "bank_officer", "handler", "lawyer", "secadmin"])
def test_other_roles_are_refused(world, login, persona):  # type: ignore[no-untyped-def]
    article = draft_article(world)
    client = login(world.users[persona])
    for address in (url("article_list"), url("article_new"), url("article_detail", article.pk),
                    url("columns"), url("settings"), url("versions", article.pk)):
        assert client.get(address).status_code == 404, address
    assert client.post(url("submit", article.pk)).status_code == 404


def test_anonymous_is_sent_to_login(client, world):  # type: ignore[no-untyped-def]
    response = client.get(url("article_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_leader_reads_but_does_not_write(world, login):  # type: ignore[no-untyped-def]
    article = draft_article(world)
    client = login(world.users["leader"])
    assert client.get(url("article_list")).status_code == 200
    page = client.get(url("article_detail", article.pk))
    assert page.status_code == 200 and 'id="edit-article"' not in page.content.decode()
    assert client.get(url("article_new")).status_code == 404
    assert client.get(url("columns")).status_code == 404
    assert client.post(url("submit", article.pk)).status_code == 404


# --- the list ------------------------------------------------------------------------------------

def test_the_list_filters_by_tab_column_and_title(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    other_column = Column.objects.create(district=world.district, name="通知公告", slug="notices")
    draft = draft_article(world, title="民营经济座谈会")
    notice = draft_article(world, title="关于年检的通知", column=other_column)
    in_review = draft_article(world, title="民营经济在普陀")
    actions.submit(team.author, in_review.pk)
    client = login(team.author)

    def shown(**query: object) -> list[int]:
        return [a.pk for a in client.get(url("article_list"), query).context["page"].items]

    assert shown() == [in_review.pk, notice.pk, draft.pk]
    assert shown(tab="draft") == [notice.pk, draft.pk]
    assert shown(tab="in_review") == [in_review.pk]
    assert shown(column=other_column.pk) == [notice.pk]
    assert shown(q="民营经济") == [in_review.pk, draft.pk]
    assert shown(tab="draft", q="民营") == [draft.pk]
    assert shown(tab="nonsense") == shown()
    assert login(team.reviewer).get(url("article_list"), {"tab": "to_review"}).context["page"].items == [in_review]


@pytest.mark.parametrize("tab", ["all", "to_review", "draft"])
def test_the_list_reads_a_fixed_number_of_queries(world, login, tab):  # type: ignore[no-untyped-def]
    team = editorial(world)
    client = login(team.reviewer)

    def make(count: int) -> None:
        for i in range(count):
            article = draft_article(world, title=f"文章{i}")
            if i % 2:
                actions.submit(team.author, article.pk)

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("article_list"), {"tab": tab})
        assert response.status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    make(2)
    queries()  # warm the session
    small = queries()
    make(64)
    large = queries()
    assert len(large) == len(small) <= 3, "\n".join(large)  # the user, the columns, the page
    assert len(client.get(url("article_list"), {"tab": tab}).context["page"].items) == 30


# --- writing -------------------------------------------------------------------------------------

def test_staff_write_a_draft_and_the_body_is_cleaned(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    client = login(team.author)
    response = client.post(url("article_new"), {
        "title": "区工商联走访企业", "column": team.column.pk, "summary": "走访三家企业。",
        "body": '<p class="align-center">正文<span style="display:none">澳门博彩</span></p><script>x()</script>',
        "source": "区工商联", "byline": "宣传科"}, follow=True)
    article = Article.objects.get(title="区工商联走访企业")
    assert response.redirect_chain[-1][0] == url("article_edit", article.pk)
    assert article.body == '<p class="align-center">正文<span>澳门博彩</span></p>'
    assert any("内容安全检查标记" in m for m in messages_of(response))  # the hidden span and the script were noticed
    assert AuditEntry.objects.filter(object_type="publicity.article", object_id=str(article.pk)).exists()


def test_a_bad_form_is_shown_with_its_errors_not_a_500(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    client = login(team.author)
    response = client.post(url("article_new"), {"title": "", "column": "", "body": "<p>x</p>"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"] and response.context["form"].errors["column"]
    article = approved_article(world)
    response = client.get(url("article_edit", article.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("article_detail", article.pk)
    assert any("只有草稿可以修改" in m for m in messages_of(response))


def test_edit_saves_a_version_and_can_submit(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world)
    client = login(team.author)
    form = client.get(url("article_edit", article.pk)).context["form"]
    data = {name: (value.pk if hasattr(value, "pk") else value or "") for name, value in form.initial.items()}
    data.update(title="区工商联召开民营企业座谈会（修改）", then="submit")
    response = client.post(url("article_edit", article.pk), data, follow=True)
    article.refresh_from_db()
    assert article.version == 2 and article.state == S.IN_REVIEW
    assert response.redirect_chain[-1][0] == url("article_detail", article.pk)
    assert Notification.objects.filter(user=team.reviewer, kind="publicity.review").exists()
    assert not Notification.objects.filter(user=team.author, kind="publicity.review").exists()


# --- review --------------------------------------------------------------------------------------

def test_the_whole_review_through_the_pages(world, login, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world)
    login(team.author).post(url("submit", article.pk))
    assert Notification.objects.filter(user=team.reviewer, kind="publicity.review").count() == 1

    client = login(team.reviewer)
    page = client.get(url("article_detail", article.pk))
    assert page.context["may_decide"] and 'id="review"' in page.content.decode()
    client.post(url("review", article.pk), {"decision": "approve"})
    # The approver may decide either step: told at submission and again for the final approval.
    assert Notification.objects.filter(user=team.approver, kind="publicity.review").count() == 2
    assert Notification.objects.filter(user=team.reviewer, kind="publicity.review").count() == 1

    client = login(team.approver)
    client.post(url("review", article.pk), {"decision": "approve", "comment": "同意"})
    article.refresh_from_db()
    assert article.state == S.APPROVED
    assert Notification.objects.filter(user=team.author, kind="publicity.approved").count() == 1

    client = login(team.author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("publish", article.pk), {"at": ""}, follow=True)
    article.refresh_from_db()
    assert article.state == S.PUBLISHED
    assert Notification.objects.filter(user=team.author, kind="publicity.published").count() == 1
    assert "发布" in " ".join(messages_of(response))
    history = response.content.decode()
    assert "审核人" in history and "终审人" in history and "同意" in history


def test_sending_back_needs_a_comment_and_tells_the_author(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world)
    actions.submit(team.author, article.pk)
    client = login(team.reviewer)
    response = client.post(url("review", article.pk), {"decision": "return", "comment": ""}, follow=True)
    assert response.status_code == 200 and any("审核意见" in m for m in messages_of(response))
    client.post(url("review", article.pk), {"decision": "return", "comment": "请补充会议时间"})
    article.refresh_from_db()
    assert article.state == S.DRAFT
    note = Notification.objects.get(user=team.author, kind="publicity.returned")
    assert note.body == "请补充会议时间" and note.url == url("article_detail", article.pk)


def test_findings_are_shown_in_context_and_a_high_one_blocks(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world, body="<p>区工商联召开座谈会。有哪些信誉好的足球投注网站</p>")
    actions.submit(team.author, article.pk)
    client = login(team.reviewer)
    page = client.get(url("article_detail", article.pk)).content.decode()
    assert re.search(r"<mark>[^<]*投注[^<]*</mark>", page)
    assert "赌博" in page and "阻止审核通过" in page
    response = client.post(url("review", article.pk), {"decision": "approve"}, follow=True)
    assert response.status_code == 200
    assert any("高风险" in m for m in messages_of(response))
    assert Article.objects.get(pk=article.pk).state == S.IN_REVIEW


def test_medium_findings_need_their_checkboxes_at_the_final_step(world, login):  # type: ignore[no-untyped-def]
    LexiconTerm.objects.create(term="内部消息", category="political_rumour", severity="medium")
    team = editorial(world)
    article = draft_article(world, body="<p>据内部消息，座谈会将于下周召开。</p>")
    actions.submit(team.author, article.pk)
    assert 'name="acknowledged"' not in login(team.reviewer).get(url("article_detail", article.pk)).content.decode()
    actions.review(team.reviewer, article.pk, approve=True)
    client = login(team.approver)
    page = client.get(url("article_detail", article.pk))
    keys = re.findall(r'name="acknowledged" value="([^"]+)"', page.content.decode())
    assert len(keys) == 1
    response = client.post(url("review", article.pk), {"decision": "approve"}, follow=True)
    assert any("逐条确认" in m for m in messages_of(response))
    client.post(url("review", article.pk), {"decision": "approve", "acknowledged": [k.replace("&quot;", '"')
                                                                                    for k in keys]})
    assert Article.objects.get(pk=article.pk).state == S.APPROVED
    assert Review.objects.get(article=article, step=2).acknowledged[0]["term"] == "内部消息"


def test_scheduled_publishing_withdraw_and_revise(world, login, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 11, 23), 9)
    team = editorial(world)
    article = approved_article(world)
    client = login(team.author)
    client.post(url("publish", article.pk), {"at": "2026-11-23T15:00"})
    article.refresh_from_db()
    assert article.state == S.APPROVED and article.publish_at.hour == 7  # 15:00 in Shanghai
    assert client.post(url("withdraw", article.pk), {"reason": ""}, follow=True).status_code == 200
    client.post(url("withdraw", article.pk), {"reason": "日期有误"})
    article.refresh_from_db()
    assert article.state == S.WITHDRAWN and article.withdrawn_reason == "日期有误"
    response = client.post(url("revise", article.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("article_edit", article.pk)
    assert Article.objects.get(pk=article.pk).state == S.DRAFT


# --- files ---------------------------------------------------------------------------------------

def test_an_image_from_the_editor_is_reencoded_and_previewed_by_staff_only(world, login, client):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world)
    staff = login(team.author)
    response = staff.post(url("image_upload", article.pk), {"image": upload("会场.png", png_bytes() + b"TRAILER")},
                          HTTP_ACCEPT="application/json")
    answer = json.loads(response.content)
    image = ArticleImage.objects.get(pk=answer["id"])
    assert answer["url"] == f"/news/images/{image.pk}/" and image.content_type == "image/jpeg"
    stored = image.file.read()
    assert b"TRAILER" not in stored and image.sha256 == hashlib.sha256(stored).hexdigest()
    article.refresh_from_db()
    assert article.version == 2 and article.versions.get(number=2).note.startswith("图片")
    assert AuditEntry.objects.filter(object_type="publicity.article", data__image=image.pk).exists()

    preview = staff.get(answer["url"])
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"
    staff.logout()
    assert client.get(answer["url"]).status_code == 404  # the public sees only published articles' images
    assert login(world.users["far_staff"]).get(answer["url"]).status_code == 404


def test_a_refused_image_answers_in_chinese(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world)
    client = login(team.author)
    response = client.post(url("image_upload", article.pk), {"image": upload("a.jpg", b"not an image" * 50)},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "不是可读取的图片" in json.loads(response.content)["error"]
    response = client.post(url("image_upload", article.pk), {"image": upload("a.jpg", b"not an image" * 50)},
                           follow=True)
    assert any("不是可读取的图片" in m for m in messages_of(response))
    assert not ArticleImage.objects.exists()


def test_a_cover_image_is_uploaded_and_chosen(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world)
    login(team.author).post(url("image_upload", article.pk), {"image": upload("封面.png", png_bytes()),
                                                              "alt": "会场", "as_cover": "on"})
    article.refresh_from_db()
    assert article.cover is not None and article.cover.alt == "会场"


def test_attachments_are_checked_added_and_removed(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world)
    client = login(team.author)
    response = client.post(url("attachment_add", article.pk), {"files": [upload("通知.pdf", b"MZ program")]},
                           follow=True)
    assert any("通知.pdf" in m for m in messages_of(response)) and not article.attachments.exists()
    client.post(url("attachment_add", article.pk), {"files": [upload("通知.pdf", b"%PDF-1.4 hello")]})
    attachment = article.attachments.get()
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.4 hello").hexdigest()
    assert Article.objects.get(pk=article.pk).versions.get(number=2).attachment_names == ["通知.pdf"]
    assert client.get(reverse("site:attachment", args=[attachment.pk])).status_code == 200  # staff preview
    client.post(url("attachment_remove", article.pk, attachment.pk))
    assert not article.attachments.exists()
    assert Article.objects.get(pk=article.pk).version == 3


def test_files_change_only_on_drafts(world, login):  # type: ignore[no-untyped-def]
    article = published_article(world)
    client = login(editorial(world).author)
    response = client.post(url("image_upload", article.pk), {"image": upload("a.png", png_bytes())}, follow=True)
    assert any("草稿" in m for m in messages_of(response)) and not ArticleImage.objects.exists()


# --- versions ------------------------------------------------------------------------------------

def test_versions_page_shows_the_diff_of_two_versions(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    article = draft_article(world, body="<p>会上，12家企业代表发言。</p><p>现场交办诉求8件。</p>")
    actions.update_article(team.author, article.pk, body="<p>会上，15家企业代表发言。</p><p>现场交办诉求8件。</p>",
                           title="区工商联召开民营企业座谈会（二）")
    client = login(team.reviewer)
    response = client.get(url("versions", article.pk), {"a": 1, "b": 2})
    html = response.content.decode()
    assert "<del>2</del><ins>5</ins>" in html
    assert "<ins>（二）</ins>" in html
    assert [v.number for v in response.context["versions"]] == [2, 1]
    swapped = client.get(url("versions", article.pk), {"a": 2, "b": 1}).content.decode()
    assert "<del>5</del><ins>2</ins>" in swapped
    assert client.get(url("versions", article.pk), {"a": "x", "b": 99}).status_code == 200


def test_a_leader_with_final_approval_reviews_on_the_page(world, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    leader = world.users["leader"]
    article = draft_article(world)
    actions.submit(team.author, article.pk)
    actions.review(team.reviewer, article.pk, approve=True)
    client = login(leader)
    assert not client.get(url("article_detail", article.pk)).context["may_decide"]
    assert "publicity.to_review" in {t.key for t in registry.todos_for(leader)}
    leader.granted_permissions = ["final_approval"]
    leader.save()
    client = login(leader)
    assert client.get(url("article_detail", article.pk)).context["may_decide"]
    client.post(url("review", article.pk), {"decision": "approve"})
    assert Article.objects.get(pk=article.pk).state == S.APPROVED
    assert client.post(url("publish", article.pk)).status_code == 404  # publishing stays with staff
