"""The tamper check (kaopu.publicity.tamper): pages fingerprinted when published, withdrawn when their row,
their template or what crawlers get changes, or when the rendered page holds spam; the security
administrators alerted, the diff audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.audit.models import AuditEntry
from kaopu.core.testing import make_user
from kaopu.notifications.models import Notification
from kaopu.publicity import actions, tamper
from kaopu.publicity.models import Article, Column, PageFingerprint, TamperIncident
from kaopu.publicity.tasks_tamper import check_published_pages, run_check
from kaopu.publicity.testing import editorial, published_article
from kaopu.publicity.tests.tamper_pages import frame_of, override, source_of, templates_of, with_added

pytestmark = pytest.mark.django_db
S = Article.State
Check = TamperIncident.Check
GAMBLING = "有哪些信誉好的足球投注网站"


@pytest.fixture
def alerted(world):  # type: ignore[no-untyped-def]
    """The district's security administrator (with an e-mail address), a city-wide one, and one of another
    district who must not be alerted."""
    secadmin = world.users["secadmin"]
    secadmin.email = "secadmin@example.org"
    secadmin.save(update_fields=["email"])
    city = Organisation.objects.create(kind=OrganisationKind.FIC, name="市工商联", district=None)
    city_admin = make_user("city_secadmin", Role.SECURITY_ADMIN, city, email="city@example.org")
    far_fic = world.users["far_staff"].organisation
    far_admin = make_user("far_secadmin", Role.SECURITY_ADMIN, far_fic, email="far@example.org")
    return secadmin, city_admin, far_admin


def check(**options):  # type: ignore[no-untyped-def]
    return tamper.check_pages(tamper.published_ids(), **options)


def problems(report):  # type: ignore[no-untyped-def]
    return {(problem.check, problem.agent) for result in report.results for problem in result.problems}


def test_publishing_fingerprints_the_approved_content_and_the_rendered_page(world):
    article = published_article(world, summary="座谈会听取企业意见", byline="张三")
    printed = PageFingerprint.objects.get(article=article, active=True)
    assert "title: 区工商联召开民营企业座谈会" in printed.content and "byline: 张三" in printed.content
    assert "column: 工作动态" in printed.content
    assert "区工商联召开民营企业座谈会" in printed.html and printed.path == article.get_absolute_url()
    rendered = tamper.PageRenderer().render(article.get_absolute_url(), tamper.BROWSER)
    assert rendered.status == 200 and rendered.hash == printed.html_hash  # the same page on every rendering
    assert (printed.version, printed.district_id, printed.made_by) == (article.version, world.district.pk, None)


def test_a_page_that_cannot_be_shown_is_not_published(world, settings, tmp_path):
    article = published_article(world)
    page_template = templates_of(article)[0]
    override(settings, tmp_path, page_template.name, "{% url 'no-such-page' %}")
    with pytest.raises(actions.PublicityError, match="500"):
        published_article(world, title="区工商联举办政策宣讲会")
    assert Article.objects.filter(state=S.PUBLISHED).count() == 1


def test_per_request_parts_are_blanked_before_hashing():
    page = ('<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form>'
            '<meta name="csrf-token" content="xyz"><script nonce="n0nce" src="/static/a.js"></script>'
            '<body hx-headers=\'{"X-CSRFToken": "tok42"}\'>\r\n  \n<!-- tamper:volatile --><p>最新 5 篇</p>'
            '<!-- /tamper:volatile -->')
    other = page.replace("abc123", "def456").replace("xyz", "uvw").replace("n0nce", "other").replace(
        "tok42", "tok43").replace("最新 5 篇", "最新 6 篇")
    assert tamper.normalise(page) == tamper.normalise(other)
    assert "abc123" not in tamper.normalise(page) and "tok42" not in tamper.normalise(page)


def test_an_untouched_site_passes_and_nothing_is_withdrawn(world, alerted, django_capture_on_commit_callbacks):
    articles = [published_article(world, title=f"区工商联工作动态第{n}期") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        report = run_check(budget_seconds=60)
    assert report.ok and report.checked == 3
    assert Article.objects.filter(pk__in=[a.pk for a in articles], state=S.PUBLISHED).count() == 3
    assert not TamperIncident.objects.exists() and not Notification.objects.exists() and mail.outbox == []
    assert PageFingerprint.objects.filter(active=True, checked_at__isnull=False).count() == 3


def test_a_body_updated_in_the_database_is_withdrawn_and_the_security_administrators_alerted(
        world, client, alerted, django_capture_on_commit_callbacks):
    article = published_article(world)
    other = published_article(world, title="区工商联举办政策宣讲会")
    Article.objects.filter(pk=article.pk).update(body="<p>区工商联召开座谈会，欢迎访问某某娱乐城。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        report = run_check(budget_seconds=60)
    assert [result.article_id for result in report.results] == [article.pk]
    everyone = "浏览器, Baiduspider, Googlebot"  # 娱乐城 is in the lexicon: the re-scan sees it too
    assert problems(report) == {(Check.CONTENT, ""), (Check.PAGE, everyone), (Check.SCAN, everyone)}
    article.refresh_from_db()
    assert (article.state, article.withdrawn_by) == (S.WITHDRAWN, Article.WithdrawnBy.GUARD)
    assert Article.objects.get(pk=other.pk).state == S.PUBLISHED
    response = client.get(article.get_absolute_url())
    assert response.status_code == 503 and "维护中" in response.content.decode()
    assert not PageFingerprint.objects.filter(article=article, active=True).exists()

    incident = TamperIncident.objects.get(article=article)
    assert incident.withdrawn and incident.checks == [Check.CONTENT, Check.PAGE, Check.SCAN]
    assert incident.agents == ["浏览器", "Baiduspider", "Googlebot"]
    entry = AuditEntry.objects.filter(object_type="publicity.article", object_id=str(article.pk)).latest("sequence")
    assert entry.actor_name == "system" and "防篡改" in entry.summary
    content_diff = entry.data["problems"][0]["diff"]
    assert "-<p>11月20日上午" in content_diff and "+<p>区工商联召开座谈会，欢迎访问某某娱乐城。</p>" in content_diff
    assert entry.data["problems"][1]["agent"] == "浏览器, Baiduspider, Googlebot"
    page_diff = entry.data["problems"][1]["diff"].splitlines()
    assert any(line.startswith("+") and "<p>区工商联召开座谈会" in line for line in page_diff)
    assert any(line.startswith("-") and "<p>11月20日上午" in line for line in page_diff)

    alerted_users = set(Notification.objects.filter(kind="publicity.tamper").values_list("user__username", flat=True))
    assert alerted_users == {"secadmin", "city_secadmin"}
    assert sorted(message.to[0] for message in mail.outbox) == ["city@example.org", "secadmin@example.org"]
    assert "区工商联召开民营企业座谈会" in mail.outbox[0].subject


def test_a_withdrawn_page_stays_withdrawn_until_revised_and_published_again(world, alerted):
    article = published_article(world)
    Article.objects.filter(pk=article.pk).update(title="区工商联召开民营企业座谈会（改）")
    assert not check().ok
    assert check().checked == 0  # withdrawn: no longer checked, no second incident
    assert TamperIncident.objects.count() == 1
    team = editorial(world)
    actions.revise(team.author, article.pk)
    actions.update_article(team.author, article.pk, title="区工商联召开民营企业座谈会")
    actions.submit(team.author, article.pk)
    actions.review(team.reviewer, article.pk, approve=True)
    actions.review(team.approver, article.pk, approve=True)
    actions.publish(team.author, article.pk)
    assert PageFingerprint.objects.filter(article=article).count() == 2
    assert check().ok


def test_a_changed_template_file_is_caught(world, settings, tmp_path, alerted):
    article = published_article(world)
    page_template = templates_of(article)[0]
    override(settings, tmp_path, page_template.name, with_added(source_of(page_template), "<p>本页已更新</p>"))
    report = check()
    assert problems(report) == {(Check.PAGE, "浏览器, Baiduspider, Googlebot")}
    assert "+<p>本页已更新</p>" in report.results[0].problems[0].diff.replace("  ", "")
    assert Article.objects.get(pk=article.pk).state == S.WITHDRAWN


CLOAK = ('{% if "Baiduspider" in request.META.HTTP_USER_AGENT %}'
         '<p><a href="https://bet.example.com/">' + GAMBLING + '</a></p>{% endif %}')


def test_content_shown_to_a_crawler_only_is_caught(world, settings, tmp_path, alerted):
    article = published_article(world)
    page_template = templates_of(article)[0]
    override(settings, tmp_path, page_template.name, with_added(source_of(page_template), CLOAK))
    report = check()
    assert problems(report) == {(Check.PAGE, "Baiduspider"), (Check.SCAN, "Baiduspider")}
    incident = TamperIncident.objects.get(article=article)
    assert incident.agents == ["Baiduspider"] and GAMBLING in incident.problems[0]["diff"]
    assert Article.objects.get(pk=article.pk).state == S.WITHDRAWN


def test_a_browser_alone_would_not_have_seen_the_cloaked_content(world, settings, tmp_path, monkeypatch):
    article = published_article(world)
    page_template = templates_of(article)[0]
    override(settings, tmp_path, page_template.name, with_added(source_of(page_template), CLOAK))
    monkeypatch.setattr(tamper, "AGENTS", (tamper.BROWSER,))
    assert check(withdraw=False).ok


def test_spam_in_the_shared_frame_is_caught_by_the_rescan_although_the_hashes_match(world, settings, tmp_path,
                                                                                     alerted):
    team = editorial(world)
    clean = published_article(world, title="区工商联召开民营企业座谈会")
    frame = frame_of(clean)
    source = source_of(frame)
    at = source.index(">", source.index("<body")) + 1
    override(settings, tmp_path, frame.name, source[:at] + f"<p>{GAMBLING}</p>" + source[at:])
    article = published_article(world, title="区工商联举办政策宣讲会", column=team.column)  # fingerprinted with it
    report = check(withdraw=False)
    found = {result.article_id: {(p.check, p.agent) for p in result.problems} for result in report.results}
    assert found[article.pk] == {(Check.SCAN, "浏览器, Baiduspider, Googlebot")}  # no hash differs
    assert (Check.SCAN, "浏览器, Baiduspider, Googlebot") in found[clean.pk]
    assert GAMBLING in report.results[0].problems[-1].diff


def test_a_published_row_without_a_fingerprint_is_withdrawn(world, alerted):
    article = published_article(world)
    PageFingerprint.objects.filter(article=article).delete()  # as if inserted behind the platform's back
    report = run_check(budget_seconds=60)
    assert problems(report) == {(Check.MISSING, "")}
    assert Article.objects.get(pk=article.pk).state == S.WITHDRAWN


def test_withdrawing_by_staff_retires_the_fingerprint(world):
    article = published_article(world)
    actions.withdraw(editorial(world).author, article.pk, reason="内容过时")
    assert not PageFingerprint.objects.filter(article=article, active=True).exists()
    assert check().checked == 0


def test_refresh_rebaselines_after_a_column_is_renamed_and_audits_the_reason(world, staff):
    article = published_article(world)
    Column.objects.filter(pk=article.column_id).update(name="工作要闻")
    assert problems(check(withdraw=False)) == {(Check.CONTENT, ""), (Check.PAGE, "浏览器, Baiduspider, Googlebot")}
    assert tamper.refresh([article], staff, "栏目“工作动态”更名为“工作要闻”") == 1
    assert check().ok
    entry = AuditEntry.objects.filter(object_id=str(article.pk), actor=staff).latest("sequence")
    assert "栏目“工作动态”更名为“工作要闻”" in entry.summary and entry.data["reason"].startswith("栏目")
    printed = PageFingerprint.objects.get(article=article, active=True)
    assert printed.made_by == staff and "column: 工作要闻" in printed.content
    with pytest.raises(actions.PublicityError):
        tamper.refresh([article], staff, "  ")


def test_the_periodic_check_takes_the_pages_checked_longest_ago_first(world, monkeypatch):
    first, second = published_article(world, title="甲"), published_article(world, title="乙")
    PageFingerprint.objects.filter(article=first).update(checked_at=timezone.now() - timedelta(days=1))
    third = published_article(world, title="丙")
    PageFingerprint.objects.filter(article=third).update(checked_at=timezone.now() - timedelta(days=2))
    assert list(tamper.due_ids(60)) == [[second.pk], [third.pk, first.pk]]  # never checked, then the oldest
    monkeypatch.setattr(tamper, "CHUNK", 1)
    assert list(tamper.due_ids(60)) == [[second.pk], [third.pk], [first.pk]]
    assert list(tamper.published_ids()) == [[first.pk], [second.pk], [third.pk]]
    assert list(tamper.due_ids(0)) == []  # no time left: nothing (only unfingerprinted pages come first)


def test_the_periodic_task_withdraws_a_tampered_page(world, alerted, django_capture_on_commit_callbacks):
    article = published_article(world)
    Article.objects.filter(pk=article.pk).update(summary="欢迎访问某某娱乐城")
    with django_capture_on_commit_callbacks(execute=True):
        check_published_pages()  # huey runs it at once in the tests (HUEY_IMMEDIATE)
    assert Article.objects.get(pk=article.pk).state == S.WITHDRAWN
    assert sorted(message.to[0] for message in mail.outbox) == ["city@example.org", "secadmin@example.org"]


def test_the_check_reads_a_fixed_number_of_queries_per_chunk_plus_the_pages_own(world):
    def count(n: int) -> int:
        Article.objects.all().delete()
        for i in range(n):
            published_article(world, title=f"第{i}篇")
        with CaptureQueriesContext(connection) as queries:
            assert check(withdraw=False).ok
        return len(queries)

    page = published_article(world, title="单页")
    tamper.PageRenderer().render(page.get_absolute_url(), tamper.BROWSER)  # the site's frame is cached now
    with CaptureQueriesContext(connection) as one_render:
        tamper.PageRenderer().render(page.get_absolute_url(), tamper.BROWSER)
    per_page = len(tamper.AGENTS) * len(one_render)
    assert count(6) - count(2) == 4 * per_page


def test_a_page_fingerprinted_again_after_the_check_read_it_is_left_alone(world, staff):
    article = published_article(world)
    Column.objects.filter(pk=article.column_id).update(name="工作要闻")
    report = check(withdraw=False)
    tamper.refresh([article], staff, "栏目更名")  # meanwhile, staff re-baselined the page
    tamper.respond(report.results[0])
    assert Article.objects.get(pk=article.pk).state == S.PUBLISHED and not TamperIncident.objects.exists()


def test_staff_changing_the_frame_re_baselines_the_districts_pages_so_the_check_stays_quiet(world, staff):
    """The header shows the site's name and its columns on every page: renaming a column, adding one or
    changing the site's name is a legitimate change of every published page, not tampering."""
    from kaopu.publicity import actions_settings

    article = published_article(world)
    assert check(withdraw=False).ok
    actions_settings.save_column(staff, article.column_id, name="工作要闻")
    actions_settings.save_column(staff, name="政策解读", slug="policy")
    actions_settings.save_site_settings(staff, site_name="上海市普陀区工商业联合会", phone="021-52564588")
    assert check().ok
    assert Article.objects.get(pk=article.pk).state == S.PUBLISHED
    summaries = list(AuditEntry.objects.filter(object_id=str(article.pk), summary__contains="重新生成").values_list(
        "summary", flat=True))
    assert len(summaries) == 3 and any("工作要闻" in summary for summary in summaries)
    # A change behind the platform's back is still caught.
    Column.objects.filter(pk=article.column_id).update(name="某某娱乐城")
    assert not check(withdraw=False).ok
