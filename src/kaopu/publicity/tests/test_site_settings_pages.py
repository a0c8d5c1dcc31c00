"""The columns and site-settings pages (views_settings.py): staff edit their district's, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.publicity.models import Column, SiteSettings

pytestmark = pytest.mark.django_db


def test_staff_create_and_change_a_column(world, login):  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    response = client.post(reverse("publicity:column_new"), {
        "name": "民营经济在普陀", "slug": "private-economy", "position": 3, "on_home": "on", "active": "on",
        "update_interval_days": 14})
    assert response.status_code == 302
    column = Column.objects.get(slug="private-economy")
    assert column.district == world.district and column.update_interval_days == 14
    client.post(reverse("publicity:column_edit", args=[column.pk]), {
        "name": "民营经济在普陀", "slug": "private-economy", "position": 1, "active": "on"})
    column.refresh_from_db()
    assert column.position == 1 and not column.on_home and column.update_interval_days is None
    entries = AuditEntry.objects.filter(object_type="publicity.column", object_id=str(column.pk)).order_by("sequence")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries.last().data["changes"]["position"] == ["3", "1"]
    assert "民营经济在普陀" in client.get(reverse("publicity:columns")).content.decode()


def test_a_duplicate_column_is_a_form_error(world, login):  # type: ignore[no-untyped-def]
    Column.objects.create(district=world.district, name="工作动态", slug="news")
    client = login(world.users["staff"])
    response = client.post(reverse("publicity:column_new"), {"name": "工作动态", "slug": "news2", "position": 0})
    assert response.status_code == 200 and "已有栏目" in response.content.decode()
    assert Column.objects.count() == 1
    response = client.post(reverse("publicity:column_new"), {"name": "新栏目", "slug": "不是拉丁字母", "position": 0})
    assert response.status_code == 200 and Column.objects.count() == 1


def test_far_staff_cannot_edit_another_districts_column(world, login):  # type: ignore[no-untyped-def]
    column = Column.objects.create(district=world.district, name="工作动态", slug="news")
    client = login(world.users["far_staff"])
    assert client.get(reverse("publicity:column_edit", args=[column.pk])).status_code == 404
    assert client.post(reverse("publicity:column_edit", args=[column.pk]), {"name": "x", "slug": "x",
                                                                            "position": 0}).status_code == 404
    assert "工作动态" not in client.get(reverse("publicity:columns")).content.decode()


def test_staff_change_the_site_settings(world, login):  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    assert client.get(reverse("publicity:settings")).status_code == 200
    response = client.post(reverse("publicity:settings"), {
        "site_name": "普陀区工商联", "review_steps": 2, "phone": "021-12345678", "email": "fic@example.cn",
        "record_number": "沪ICP备12345678号"})
    assert response.status_code == 302
    row = SiteSettings.objects.get(district=world.district)
    assert (row.site_name, row.review_steps, row.record_number) == ("普陀区工商联", 2, "沪ICP备12345678号")
    entry = AuditEntry.objects.filter(object_type="publicity.sitesettings").latest("sequence")
    assert "审核步骤" in entry.summary or "review_steps" in entry.data["changes"]
    assert not SiteSettings.objects.filter(district=world.far_district).exists()
    response = client.post(reverse("publicity:settings"), {"site_name": "", "review_steps": 5})
    assert response.status_code == 200 and SiteSettings.objects.get(district=world.district).review_steps == 2
