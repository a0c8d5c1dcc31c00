"""The demo's public site (kaopu.publicity.demo): settings, four columns, published articles dated over the
last months, each with its versions, reviews and audit entries; one article in review with a finding and
one draft, none of them public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kaopu.accounts.roles import Role
from kaopu.audit.models import AuditEntry
from kaopu.core.testing import make_user
from kaopu.publicity import demo, screening
from kaopu.publicity.models import Article, Column, Review, SiteSettings

pytestmark = pytest.mark.django_db
S = Article.State


def test_the_demo_site_is_published_through_the_workflow_and_dated_over_the_last_months(world, client, settings,
                                                                                         tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fic = world.users["staff"].organisation
    make_user("reviewer", Role.FIC_STAFF, fic, name="刘晓燕")  # as the demo accounts
    make_user("approver", Role.FIC_STAFF, fic, name="赵永军")
    demo.load_demo(world.district)
    settings = SiteSettings.objects.get(district=world.district)
    assert settings.site_name == "普陀区工商联" and settings.phone and settings.record_number
    assert list(Column.objects.filter(district=world.district).values_list("name", "update_interval_days")) == [
        ("工作动态", 14), ("通知公告", None), ("政策解读", None), ("民营经济在普陀", 30)]
    published = Article.objects.filter(district=world.district, state=S.PUBLISHED)
    assert published.count() == len(demo.ARTICLES) >= 25
    today = timezone.localdate()
    dates = sorted(timezone.localdate(a.published_at) for a in published)
    assert dates[-1] < today and dates[0] > today - timedelta(days=200)
    newest = published.order_by("-published_at").first()
    assert Review.objects.filter(article=newest).count() == 2 and newest.versions.count() == 1
    assert AuditEntry.objects.filter(summary__contains="发布").count() >= len(demo.ARTICLES)
    waiting = Article.objects.get(state=S.IN_REVIEW)
    assert screening.blocking(screening.screen(waiting))  # the planted finding blocks its approval
    draft = Article.objects.get(state=S.DRAFT)
    page = client.get("/").content.decode()
    assert newest.title in page and waiting.title not in page and draft.title not in page
    assert client.get(reverse("site:article", args=[waiting.pk])).status_code == 404
    notice = published.get(title=demo.FORM_FOR)
    page = client.get(reverse("site:article", args=[notice.pk])).content.decode()
    assert demo.FORM_NAME in page and "KB" in page
    assert notice.versions.count() == 2  # created, then the form attached
