"""404, 403, 400, 500 and the CSRF refusal: the platform's frame, the request's language and a way back
to the start page; below /api/ the same errors stay JSON. (The test client runs with DEBUG off.)"""

from __future__ import annotations

import json

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaopu.core.views_errors import PAGES

HOME_LINK = f'<a class="btn primary" href="{reverse("core:home")}">'


def assert_platform_page(response, status: int, *texts: str, language: str = "zh-hans") -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "kaopu/kaopu.css" in html and 'rel="icon"' in html
    assert '<span class="brand-mark">靠谱</span>' in html
    assert HOME_LINK in html
    for text in texts:
        assert text in html
    return html


def test_a_missing_page_is_chinese_with_a_way_back(client) -> None:  # type: ignore[no-untyped-def]
    html = assert_platform_page(client.get("/no-such-page/"), 404, "页面没有找到", "该页面不存在，或您无权查看",
                                "返回工作台")
    assert "Not Found" not in html and "The requested resource" not in html


def test_a_missing_page_is_english_for_an_english_reader(client) -> None:  # type: ignore[no-untyped-def]
    assert_platform_page(client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en"), 404, "Page not found",
                         "Back to the start page", language="en")


def test_a_logged_in_user_keeps_the_menu_on_a_missing_page(login, staff) -> None:  # type: ignore[no-untyped-def]
    html = assert_platform_page(login(staff).get("/no-such-page/"), 404)
    assert 'class="mainnav"' in html and "notifications/bell" in html


def test_a_page_the_role_may_not_open_is_chinese(login, auditadmin) -> None:  # type: ignore[no-untyped-def]
    response = login(auditadmin).get(reverse("admin:accounts_user_changelist"))
    assert_platform_page(response, 403, "无权访问", "您的角色无权打开此页面")


def test_a_page_the_role_may_not_open_is_english_for_an_english_reader(login, auditadmin) -> None:  # type: ignore[no-untyped-def]
    response = login(auditadmin).get(reverse("admin:accounts_user_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert_platform_page(response, 403, "Access denied", language="en")


def test_a_bad_request_is_chinese(client) -> None:  # type: ignore[no-untyped-def]
    # A Host header the site does not serve is Django's commonest 400 (SuspiciousOperation).
    html = assert_platform_page(client.get("/", HTTP_HOST="evil.example"), 400, "请求无效")
    assert 'class="mainnav"' not in html  # the bare frame: no user, no menu


def test_a_bad_request_is_english_for_an_english_reader(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="en")
    assert_platform_page(response, 400, "Bad request", language="en")


def test_a_refused_csrf_check_is_chinese_and_says_what_to_do(db) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": "x"})
    html = assert_platform_page(response, 403, "页面已过期", "请返回并刷新页面后重新提交")
    assert "CSRF verification failed" not in html


def test_a_refused_csrf_check_is_english_for_an_english_reader(db) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "staff"}, HTTP_ACCEPT_LANGUAGE="en")
    assert_platform_page(response, 403, "The form has expired", language="en")


@pytest.mark.urls("kaopu.core.tests.error_urls")
def test_a_failing_page_answers_the_500_page_without_touching_the_database(db, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/fails/")
    html = assert_platform_page(response, 500, "服务器错误", "错误已被记录")
    assert "a bug in a page" not in html and "Traceback" not in html


@pytest.mark.urls("kaopu.core.tests.error_urls")
def test_the_500_page_shows_no_user_and_no_menu(login, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    client.raise_request_exception = False
    html = assert_platform_page(client.get("/fails/", HTTP_ACCEPT_LANGUAGE="en"), 500, "Server error", language="en")
    assert 'class="mainnav"' not in html and staff.username not in html


def test_the_500_template_renders_without_a_request() -> None:
    # As Django would when everything else failed: no request, no context processors, no database.
    status, title, message = PAGES["500"]
    with translation.override("zh-hans"):
        html = render_to_string("core/error.html", {"status": status, "code": "500", "title": title,
                                                    "message": message, "frame": "core/skeleton.html"})
    assert "服务器错误" in html and HOME_LINK in html


def test_the_api_keeps_json_for_a_missing_address(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "未找到。", "errors": []}


def test_the_api_keeps_json_for_a_missing_row(login, staff) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).get("/api/v1/enterprises/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_the_api_answers_a_bug_with_json(login, staff, world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kaopu.directory import api

    def broken(*args: object) -> None:
        raise RuntimeError("a bug in a selector")

    monkeypatch.setattr(api.selectors, "enterprise_detail", broken)
    client = login(staff)
    client.raise_request_exception = False
    response = client.get(f"/api/v1/enterprises/{world.enterprise_a.pk}")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "服务器错误：错误已被记录，请稍后重试。", "errors": []}
