"""IdleTimeoutMiddleware: a session idle for longer than SESSION_IDLE_MINUTES is logged out."""

from __future__ import annotations

import time

from django.urls import reverse
from django.utils import translation

from kaopu.audit.models import Action, AuditEntry

LIST = reverse("directory:enterprise_list")
KEY = "kaopu_last_seen"


def set_last_seen(client, seconds_ago: float) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    session[KEY] = time.time() - seconds_ago
    session.save()


def test_the_first_request_records_when_the_user_was_last_seen(login, staff):
    client = login(staff)
    before = time.time()
    assert client.get(LIST).status_code == 200
    assert client.session[KEY] >= before


def test_a_session_idle_for_longer_than_the_limit_is_logged_out(login, staff, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = login(staff)
    client.get(LIST)
    set_last_seen(client, 30 * 60 + 5)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=Action.LOGOUT, actor_id=staff.pk).exists()


def test_the_login_page_says_why_the_user_was_logged_out(login, staff, settings):
    client = login(staff)
    client.get(LIST)
    set_last_seen(client, settings.SESSION_IDLE_MINUTES * 60 + 5)
    client.get(LIST)
    with translation.override("en"):
        response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert "inactivity" in messages[0] or "不活动" in messages[0] or "未操作" in messages[0]


def test_a_recently_active_session_stays_logged_in(login, staff, settings):
    client = login(staff)
    client.get(LIST)
    set_last_seen(client, settings.SESSION_IDLE_MINUTES * 60 - 30)
    assert client.get(LIST).status_code == 200
    assert "_auth_user_id" in client.session


def test_activity_moves_the_idle_limit_forward(login, staff, settings):
    client = login(staff)
    client.get(LIST)
    set_last_seen(client, settings.SESSION_IDLE_MINUTES * 60 - 30)
    client.get(LIST)  # older than a minute: refreshed now
    assert time.time() - client.session[KEY] < 5


def test_last_seen_is_not_rewritten_on_every_request(login, staff):
    client = login(staff)
    client.get(LIST)
    set_last_seen(client, 10)
    stamp = client.session[KEY]
    client.get(LIST)
    assert client.session[KEY] == stamp


def test_the_limit_is_read_from_the_settings(login, staff, settings):
    settings.SESSION_IDLE_MINUTES = 1
    client = login(staff)
    client.get(LIST)
    set_last_seen(client, 65)
    assert client.get(LIST).status_code == 302


def test_anonymous_requests_are_left_alone(client, db):
    assert client.get(reverse("accounts:login")).status_code == 200
    assert KEY not in client.session
