"""The consent to share a demand with the banks: asked in plain words when the enterprise submits (what goes
to which banks, and what for), and, when it was not given, said on top of the demand's page with a button
that gives it now through kaopu.finance.actions.give_consent (timeline event, audit entry, staff told)."""

from __future__ import annotations

import json

import pytest
from django.http import Http404
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.api_testing import API, bearer_client
from kaopu.finance import actions
from kaopu.finance.models import DemandEvent, FinancingDemand
from kaopu.finance.testing import alliance, make_demand
from kaopu.notifications.models import Notification

pytestmark = pytest.mark.django_db
NO_BANK_SEES_IT = "目前没有任何银行能看到本需求"


@pytest.fixture
def banks(world):  # type: ignore[no-untyped-def]
    return alliance(world)


@pytest.fixture
def unshared(world, ent_user, banks):  # type: ignore[no-untyped-def]
    return make_demand(world.enterprise_a, ent_user, consent_to_share=False)


def test_the_form_says_what_goes_to_which_banks_and_what_for(login, ent_user, banks):
    html = login(ent_user).get(reverse("finance:my_demand_new")).content.decode()
    consent = html[html.index('id="consent"'):html.index("</fieldset>", html.index('id="consent"'))]
    assert "向银行提供信息" in consent
    assert "统一社会信用代码" in consent and "联系人和联系电话" in consent  # which data
    assert "上海农商银行普陀支行" in consent and "中国工商银行上海普陀支行" in consent  # which banks
    assert "上海银行静安支行" not in consent  # not another district's bank
    assert "仅供银行客户经理就贷款事宜与企业联系" in consent  # what for
    assert 'name="consent_to_share"' in consent and "本企业同意区工商联将本需求" in consent
    assert "不勾选此项，任何银行都看不到本需求" in consent


def test_submitting_without_consent_is_allowed_and_audited_as_such(login, ent_user, banks):
    response = login(ent_user).post(reverse("finance:my_demand_new"), {
        "amount": "300", "term_months": "12", "purpose": "working_capital", "purpose_detail": "旺季备货",
        "urgency": "normal", "contact_name": "周晓东", "contact_phone": "13812345678"})
    assert response.status_code == 302
    demand = FinancingDemand.objects.get()
    assert not demand.consent_to_share
    entry = AuditEntry.objects.get(action=Action.CREATE, object_type="finance.financingdemand")
    assert entry.data["consent_to_share"] is False


def test_a_demand_without_consent_says_so_first_with_the_way_out(login, ent_user, unshared):
    html = login(ent_user).get(reverse("finance:my_demand", args=[unshared.pk])).content.decode()
    assert NO_BANK_SEES_IT in html
    assert html.index(NO_BANK_SEES_IT) < html.index('id="progress"')  # on top, before anything else
    assert f'action="{reverse("finance:my_consent", args=[unshared.pk])}"' in html
    assert "同意，提供给银行" in html


def test_a_demand_with_consent_or_withdrawn_shows_no_such_notice(login, ent_user, world, unshared):
    shared = make_demand(world.enterprise_a, ent_user)
    client = login(ent_user)
    assert NO_BANK_SEES_IT not in client.get(reverse("finance:my_demand", args=[shared.pk])).content.decode()
    actions.withdraw_demand(acting_user=ent_user, demand_id=unshared.pk)
    assert NO_BANK_SEES_IT not in client.get(reverse("finance:my_demand", args=[unshared.pk])).content.decode()


def test_the_button_gives_consent_with_an_event_an_audit_entry_and_word_to_staff(
        login, ent_user, staff, banks, unshared, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(ent_user).post(reverse("finance:my_consent", args=[unshared.pk]), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert NO_BANK_SEES_IT not in html and "区工商联现在可以将您的需求推送给产品适合的银行" in html
    unshared.refresh_from_db()
    assert unshared.consent_to_share
    assert unshared.events.filter(kind=DemandEvent.Kind.CONSENTED, actor=ent_user).count() == 1
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_type="finance.financingdemand",
                                   object_id=str(unshared.pk))
    assert entry.actor_id == ent_user.pk and entry.data == {"consent_to_share": [False, True]}
    assert "同意向联盟银行提供" in entry.summary and "上海甲科技有限公司" in entry.summary
    told = Notification.objects.get(user=staff, kind="finance.consented")
    assert "企业已同意将融资需求提供给银行" in told.title
    # Staff may now push it.
    actions.push_demand(acting_user=staff, demand_id=unshared.pk, banks=[banks.bank])


def test_giving_consent_twice_writes_once(ent_user, unshared):
    actions.give_consent(acting_user=ent_user, demand_id=unshared.pk)
    actions.give_consent(acting_user=ent_user, demand_id=unshared.pk)
    assert AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(unshared.pk)).count() == 1
    assert unshared.events.filter(kind=DemandEvent.Kind.CONSENTED).count() == 1


def test_only_the_enterprise_itself_gives_consent(login, world, staff, unshared):
    other = world.users["other_ent_user"]
    with pytest.raises(Http404):
        actions.give_consent(acting_user=other, demand_id=unshared.pk)
    assert login(other).post(reverse("finance:my_consent", args=[unshared.pk])).status_code == 404
    with pytest.raises(actions.FinanceError):
        actions.give_consent(acting_user=staff, demand_id=unshared.pk)
    unshared.refresh_from_db()
    assert not unshared.consent_to_share


def test_a_withdrawn_demand_takes_no_consent(login, ent_user, unshared):
    actions.withdraw_demand(acting_user=ent_user, demand_id=unshared.pk)
    response = login(ent_user).post(reverse("finance:my_consent", args=[unshared.pk]), follow=True)
    assert "只能在推送给银行之前补充同意" in response.content.decode()
    unshared.refresh_from_db()
    assert not unshared.consent_to_share


def test_the_consent_page_takes_only_a_post(login, ent_user, unshared):
    assert login(ent_user).get(reverse("finance:my_consent", args=[unshared.pk])).status_code == 405


def test_the_api_gives_consent_for_the_enterprise_only(world, ent_user, staff, unshared):
    path = f"{API}/finance/demands/{unshared.pk}/consent"
    assert bearer_client(world.users["other_ent_user"]).post(path).status_code == 404
    assert bearer_client(staff).post(path).status_code == 403
    response = bearer_client(ent_user).post(path, json.dumps({}), content_type="application/json")
    assert response.status_code == 200 and response.json()["consent_to_share"] is True
    assert response.json()["events"][-1]["kind"] == "consented"
