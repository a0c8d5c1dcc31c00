"""The admin speaks Chinese throughout: Django's own help texts, axes' lockout records, every Kaopu model
and field name, and it wears the platform's name and colours.

The page walk reads every admin page the three administrators can open (index, lists, add and change
forms) and fails on any visible English word that is not data: a new Django or axes version with an
untranslated string, or a model field without a translated verbose_name, shows up here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from kaopu.audit.models import AuditEntry
from kaopu.core.tests.test_admin_forms import PERSONA_OF_ROLE, roles_for

# Latin words that are not English prose: names, codes and data of the test world, and acronyms.
NOT_PROSE = {"Kaopu", "API", "GET", "POST", "HTTP", "Accept", "SHA", "unknown", "example", "com", "test"}
WORD = re.compile(r"[A-Za-z]{3,}")
HEX = re.compile(r"\b[0-9a-f]{16,}\b")  # the audit log's hashes
CJK = re.compile(r"[\u4e00-\u9fff]")
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text outside scripts and styles, and the labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        self.parts.extend(value for key, value in attrs if key in SHOWN_ATTRIBUTES and value)
        if tag == "input" and dict(attrs).get("type") in {"submit", "button"}:
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def english_in(html: str, data: set[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return sorted({part for part in parser.parts
                   if any(word not in NOT_PROSE and word not in data for word in WORD.findall(HEX.sub("", part)))})


def admin_pages(world, login):  # type: ignore[no-untyped-def]
    """(client, url) for the index and every list, add and change page each administrator may open."""
    clients = {role: login(world.users[persona]) for role, persona in PERSONA_OF_ROLE.items()}
    for client in clients.values():
        yield client, reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        row = model._default_manager.order_by("pk").first()
        for role in roles_for(model_admin):
            yield clients[role], reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            if role in model_admin.edit_roles:
                yield clients[role], reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            if row is not None:
                yield clients[role], reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])


def test_no_admin_page_shows_english_to_a_chinese_reader(world, login, one_of_each) -> None:  # type: ignore[no-untyped-def]
    # Data shown as it is: user names and the audit log's object types ("accounts.user").
    data = {user.username for user in world.users.values()}
    data |= set(WORD.findall(" ".join(AuditEntry.objects.values_list("object_type", flat=True))))
    for client, url in admin_pages(world, login):
        response = client.get(url)
        if response.status_code != 200:  # e.g. the add page of a model its role may only read
            assert response.status_code == 403, url
            continue
        assert english_in(response.content.decode(), data) == [], url


def test_django_help_texts_of_the_user_forms_are_chinese(login, sysadmin, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(sysadmin)
    add = client.get(reverse("admin:accounts_user_add")).content.decode()
    for english in ("Required. 150 characters", "Your password can", "Enter the same password",
                    "After you’ve created a user"):
        assert english not in add
    assert "长度为150个字符或以下" in add and "你的密码不能与你的其他个人信息太相似" in add
    change = client.get(reverse("admin:accounts_user_change", args=[staff.pk])).content.decode()
    assert "Raw passwords are not stored" not in change and "个人信息" in change and "组织与角色" in change
    password = client.get(reverse("admin:auth_user_password_change", args=[staff.pk])).content.decode()
    assert "If disabled" not in password and "该用户当前的密码将会丢失" in password


def test_the_lockout_records_are_chinese(login, secadmin) -> None:  # type: ignore[no-untyped-def]
    client = login(secadmin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "登录安全" in index and "登录失败记录" in index and "Axes" not in index
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "尝试时间" in page and "Attempt Time" not in page


def test_every_model_and_field_in_the_admin_has_a_chinese_name() -> None:
    with translation.override("zh-hans"):
        for model in admin.site._registry:
            opts = model._meta
            assert CJK.search(str(opts.verbose_name)) and CJK.search(str(opts.verbose_name_plural)), opts.label
            assert CJK.search(str(opts.app_config.verbose_name)), opts.app_label
            for field in opts.get_fields():
                if field.concrete and not field.auto_created and field.name not in {"password", "last_login"}:
                    assert CJK.search(str(field.verbose_name)), f"{opts.label}.{field.name}"


def test_the_admin_carries_the_platforms_name_colours_and_icon(login, sysadmin) -> None:  # type: ignore[no-untyped-def]
    html = login(sysadmin).get(reverse("admin:accounts_user_add")).content.decode()
    assert "<title>增加 用户 | 靠谱 Kaopu</title>" in html
    assert '<span class="brand-mark">靠谱</span><span>Kaopu</span><span class="brand-sub">管理后台</span>' in html
    assert "kaopu/admin.css" in html and 'rel="icon"' in html
    assert "admin/css/dark_mode.css" not in html  # the platform has no dark theme


def test_the_admin_colours_are_the_platforms() -> None:
    from django.contrib.staticfiles import finders

    def colour(path: str, name: str) -> str:
        with open(finders.find(path), encoding="utf-8") as handle:  # type: ignore[arg-type]
            found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]+)", handle.read())
        assert found is not None, f"{path} has no --{name}"
        return found.group(1).lower()

    assert colour("kaopu/admin.css", "header-bg") == colour("kaopu/kaopu.css", "brand")
    assert colour("kaopu/admin.css", "secondary") == colour("kaopu/kaopu.css", "brand-dark")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_admin_login_page_is_in_the_readers_language(client, language) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ("用户名" in html) == (language == "zh-hans")
    assert '<span class="brand-mark">靠谱</span>' in html
