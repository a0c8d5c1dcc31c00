"""API tokens: a scope (read-only tokens get 403 on writes), an expiry, revocation on a password reset
or a deactivation, a tokens page that says what happened, and an audit entry for every event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaopu.accounts import actions
from kaopu.accounts.models import ApiToken, User
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.api_testing import API

TOKENS = reverse("accounts:tokens")


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


# --- scope ---------------------------------------------------------------------------------------

def test_a_read_only_token_reads(world, staff):
    _token, raw = actions.issue_token(staff, name="看板", scope=ApiToken.Scope.READ)
    assert bearer(raw).get(f"{API}/enterprises").status_code == 200
    assert bearer(raw).get(f"{API}/enterprises/{world.enterprise_a.pk}").status_code == 200


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/enterprises"), ("patch", "/enterprises/1"), ("post", "/appeals"),
    ("post", "/appeals/1/transitions"), ("post", "/dialogues/meetings"), ("post", "/finance/demands"),
    ("post", "/legal/requests")])
def test_a_read_only_token_gets_403_in_chinese_on_any_write(world, staff, method, path):
    _token, raw = actions.issue_token(staff, name="看板", scope=ApiToken.Scope.READ)
    before = AuditEntry.objects.count()
    response = getattr(bearer(raw), method)(f"{API}{path}", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    body = response.json()
    assert body == {"detail": "该 API 令牌为只读令牌，只能读取（GET）。如需修改数据，请在“API 令牌”页面创建读写令牌。",
                    "errors": []}
    assert AuditEntry.objects.count() == before


def test_a_read_write_token_writes(world, staff):
    _token, raw = actions.issue_token(staff, name="同步", scope=ApiToken.Scope.READ_WRITE)
    response = bearer(raw).patch(f"{API}/enterprises/{world.enterprise_a.pk}", {"employees": 12},
                                 content_type="application/json")
    assert response.status_code == 200


def test_every_write_operation_documents_the_403():
    """A read-only token's 403 may come from any write: the schema must declare it (the fuzz test
    fails on an undeclared status)."""
    from kaopu.api import api

    schema = api.get_openapi_schema()
    writes = [(path, method, operation) for path, methods in schema["paths"].items()
              for method, operation in methods.items() if method in {"post", "put", "patch", "delete"}]
    assert writes
    for path, method, operation in writes:
        assert 403 in operation["responses"] or "403" in operation["responses"], \
            f"{method.upper()} {path} does not declare 403"


# --- expiry --------------------------------------------------------------------------------------

def test_a_token_stops_working_when_it_expires(world, staff, pin_clock):
    pin_clock(date(2026, 6, 1))
    _token, raw = actions.issue_token(staff, name="短期", days=7)
    assert bearer(raw).get(f"{API}/enterprises").status_code == 200
    pin_clock(date(2026, 6, 8), hour=9)
    assert bearer(raw).get(f"{API}/enterprises").status_code == 200
    pin_clock(date(2026, 6, 8), hour=11)
    assert bearer(raw).get(f"{API}/enterprises").status_code == 401


def test_the_default_lifetime_is_90_days_and_longer_is_refused(staff, pin_clock):
    from django.core.exceptions import ValidationError

    pin_clock(date(2026, 6, 1))
    token, _raw = actions.issue_token(staff, name="默认")
    assert token.expires_at - timezone.now() == pytest.approx(timedelta(days=90), abs=timedelta(seconds=5))
    with pytest.raises(ValidationError) as refused:
        actions.issue_token(staff, name="太长", days=91)
    assert "1 至 90 天" in refused.value.message_dict["days"][0]


def test_the_longest_lifetime_is_configurable(staff, settings):
    settings.KAOPU_TOKEN_MAX_DAYS = 30
    token, _raw = actions.issue_token(staff, name="默认")
    assert token.expires_at - token.created_at < timedelta(days=30, minutes=1)
    from kaopu.accounts.forms import TokenForm

    assert [days for days, _label in TokenForm().fields["days"].choices] == [7, 30]


# --- revocation ----------------------------------------------------------------------------------

def test_an_admin_reset_revokes_every_working_token(world, staff, sysadmin):
    _one, raw_one = actions.issue_token(staff, name="甲")
    _two, raw_two = actions.issue_token(staff, name="乙", scope=ApiToken.Scope.READ_WRITE)
    actions.reset_password(staff, new_password="Kaopu-reset-2026", acting_user=sysadmin)
    assert bearer(raw_one).get(f"{API}/enterprises").status_code == 401
    assert bearer(raw_two).get(f"{API}/enterprises").status_code == 401
    assert set(ApiToken.objects.values_list("revoked_because", flat=True)) == {"password_reset"}
    entry = AuditEntry.objects.filter(action=Action.TOKEN).latest("sequence")
    assert entry.summary == "因密码被重置，吊销 staff（staff） 的 2 个 API 令牌：「甲」「乙」"
    assert entry.actor_id == sysadmin.pk


def test_a_deactivation_anywhere_revokes_the_tokens_for_good(world, staff):
    _token, raw = actions.issue_token(staff, name="甲")
    staff.is_active = False
    staff.save(update_fields=["is_active"])  # not through the action: the signal still revokes
    staff.is_active = True
    staff.save(update_fields=["is_active"])
    assert bearer(raw).get(f"{API}/enterprises").status_code == 401
    assert ApiToken.objects.get().revoked_because == ApiToken.RevokedBecause.DEACTIVATED
    assert AuditEntry.objects.filter(action=Action.TOKEN, summary__startswith="因账号被停用").exists()


def test_the_owner_revokes_a_token_on_the_page(world, login, staff):
    token, raw = actions.issue_token(staff, name="甲")
    response = login(staff).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 302
    assert bearer(raw).get(f"{API}/enterprises").status_code == 401
    entry = AuditEntry.objects.filter(action=Action.TOKEN).latest("sequence")
    assert entry.summary == "staff（staff） 吊销了自己的 API 令牌「甲」"


def test_no_one_revokes_someone_elses_token(world, login, staff, leader):
    token, raw = actions.issue_token(staff, name="甲")
    login(leader).post(reverse("accounts:revoke_token", args=[token.pk]))
    assert bearer(raw).get(f"{API}/enterprises").status_code == 200
    assert not AuditEntry.objects.filter(summary__contains="吊销").exists()


def test_an_expired_token_is_left_as_expired_by_a_reset(staff, sysadmin, pin_clock):
    pin_clock(date(2026, 6, 1))
    actions.issue_token(staff, name="旧", days=1)
    pin_clock(date(2026, 6, 5))
    actions.reset_password(staff, new_password="Kaopu-reset-2026", acting_user=sysadmin)
    assert ApiToken.objects.get().revoked_at is None
    assert not AuditEntry.objects.filter(action=Action.TOKEN, summary__startswith="因密码被重置").exists()


# --- the page ------------------------------------------------------------------------------------

def test_the_page_makes_a_read_only_token_by_default_and_audits_it(login, staff, pin_clock):
    pin_clock(date(2026, 6, 1))
    client = login(staff)
    form = client.get(TOKENS).context["form"]
    assert form["scope"].initial == ApiToken.Scope.READ and form["days"].initial == 90
    response = client.post(TOKENS, {"name": "数据同步", "scope": "read", "days": "30"})
    raw = response.context["new_token"]
    assert raw.startswith("kp_")
    token = ApiToken.objects.get()
    assert token.scope == "read" and timezone.localtime(token.expires_at).date() == date(2026, 7, 1)
    assert AuditEntry.objects.get(action=Action.TOKEN).summary == \
        "staff（staff） 创建 API 令牌「数据同步」（只读，有效至 2026-07-01 10:00）"


def test_the_page_refuses_a_lifetime_that_is_not_offered(login, staff):
    response = login(staff).post(TOKENS, {"name": "x", "scope": "read", "days": "3650"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "有效期" in response.content.decode()


def test_the_page_says_what_happened_to_each_token(world, login, staff, sysadmin, pin_clock):
    pin_clock(date(2026, 6, 1))
    mine, _raw = actions.issue_token(staff, name="本人吊销")
    actions.revoke_token(staff, mine.pk)
    actions.issue_token(staff, name="会过期", days=1)
    pin_clock(date(2026, 6, 3))
    actions.issue_token(staff, name="被重置", scope=ApiToken.Scope.READ_WRITE)
    pin_clock(date(2026, 6, 4))
    actions.reset_password(staff, new_password="Kaopu-reset-2026", acting_user=sysadmin)
    User.objects.filter(pk=staff.pk).update(must_change_password=False)
    staff.refresh_from_db()  # the session is tied to the new password
    actions.issue_token(staff, name="还有效", scope=ApiToken.Scope.READ_WRITE)
    page = login(staff).get(TOKENS).content.decode()
    active, past = page.split('id="active-tokens"')[1].split('id="past-tokens"')
    assert "还有效" in active and "读写" in active and "2026-09-02" in active
    assert "本人吊销" not in active and "被重置" not in active
    assert "由本人于 2026-06-01 10:00 吊销" in past
    assert "已于 2026-06-02 10:00 过期" in past
    assert "因密码被重置于 2026-06-04 10:00 吊销" in past


def test_the_tokens_page_and_the_account_page_take_a_fixed_number_of_queries(login, staff,
                                                                             django_assert_max_num_queries):
    for n in range(5):
        actions.issue_token(staff, name=f"令牌{n}")
    client = login(staff)
    with django_assert_max_num_queries(12):
        client.get(TOKENS)
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:account"))
