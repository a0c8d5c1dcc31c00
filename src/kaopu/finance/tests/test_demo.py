"""The demo's bank alliance (kaopu.finance.demo, loaded by `kaopu demo` after the other apps' demos)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.core import workdays
from kaopu.core.management.commands import demo as demo_command
from kaopu.directory.models import District
from kaopu.finance import demo
from kaopu.finance.models import Bank, DemandEvent, DemandPush, FinancingDemand, LoanProduct

D = FinancingDemand.State
P = DemandPush.State


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The whole demo once for this module (it takes seconds), this app's loader timed on its own."""
    spent: list[float] = []
    original = demo.load_demo

    def timed(district: District) -> None:
        started = time.perf_counter()
        original(district)
        spent.append(time.perf_counter() - started)

    with django_db_blocker.unblock():
        loaders = [timed if loader is original else loader for loader in demo_command.feature_demo_loaders()]
        saved = demo_command.feature_demo_loaders
        demo_command.feature_demo_loaders = lambda: loaders
        try:
            demo_command.load_demo()
        finally:
            demo_command.feature_demo_loaders = saved
        district = District.objects.get(name="普陀区")
        district.demo_seconds = spent[0]  # type: ignore[attr-defined]
        yield district
        from django.core.management import call_command

        from kaopu.audit.tests.tampering import append_only_triggers_disabled

        with append_only_triggers_disabled():  # the demo's actions wrote audit entries; SQLite flushes by DELETE
            call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def test_seventeen_banks_with_officers_contacts_and_about_sixty_products(loaded):  # type: ignore[no-untyped-def]
    banks = Bank.objects.filter(district=loaded)
    assert banks.count() == 17
    assert len(set(banks.values_list("short_name", flat=True))) == 17
    assert all(name.endswith(("普陀支行", "普陀区支行")) for name in banks.values_list("name", flat=True))
    demo_bank = banks.get(name="上海农商银行普陀支行")
    assert User.objects.get(username="bank").organisation_id == demo_bank.organisation_id
    for bank in banks.annotate(n=Count("contacts")):
        assert bank.n >= 1
        assert User.objects.filter(organisation=bank.organisation, role="bank_officer").exists()
    products = LoanProduct.objects.filter(bank__district=loaded)
    assert 55 <= products.count() <= 70
    assert set(products.values_list("kind", flat=True)) >= {"credit", "mortgage", "guarantee", "ip_pledge",
                                                              "supply_chain", "tax"}
    for product in products:
        assert 0 < product.amount_min <= product.amount_max
        assert 0 < product.rate_min <= product.rate_max < 10


def test_about_150_demands_over_a_year_in_every_state(loaded):  # type: ignore[no-untyped-def]
    demands = FinancingDemand.objects.filter(district=loaded)
    assert 145 <= demands.count() <= 160
    states = Counter(demands.values_list("state", flat=True))
    assert set(states) == set(D.values)
    assert states[D.GRANTED] > states[D.UNMET] > 0
    now = timezone.now()
    oldest = demands.order_by("created_at").first()
    assert timedelta(days=200) < now - oldest.created_at < timedelta(days=370)
    # ids follow time (lists are newest first by id)
    ordered = list(demands.order_by("id").values_list("created_at", flat=True))
    assert ordered == sorted(ordered)


def test_grants_are_consistent_and_on_working_days(loaded):  # type: ignore[no-untyped-def]
    granted = FinancingDemand.objects.filter(district=loaded, state=D.GRANTED)
    days = []
    for demand in granted.prefetch_related("pushes"):
        grants = [push for push in demand.pushes.all() if push.state == P.GRANTED]
        assert grants, demand.pk
        push = grants[0]
        assert push.granted_amount > 0 and push.granted_rate > 0 and push.granted_on is not None
        assert workdays.counts_as_working_day(push.granted_on)
        assert timezone.localdate(demand.created_at) <= push.granted_on <= timezone.localdate()
        assert demand.granted_at is not None and demand.granted_at >= demand.created_at
        count = workdays.count_working_days(timezone.localdate(demand.created_at), push.granted_on)
        # Over a year nobody entered the days are not guessed: the calendar's entry fills them in.
        assert demand.working_days_to_grant == (None if count.provisional else count.days)
        days.append(count.days)  # Monday–Friday where the year is unknown
    assert 5 <= sum(days) / len(days) <= 30  # what a real alliance takes


def test_events_follow_the_pushes_in_time(loaded):  # type: ignore[no-untyped-def]
    for demand in FinancingDemand.objects.filter(district=loaded).prefetch_related("events", "pushes")[:60]:
        events = list(demand.events.all())
        assert events[0].kind == DemandEvent.Kind.SUBMITTED
        times = [event.created_at for event in events]
        assert times == sorted(times)
        assert times[0] >= demand.created_at - timedelta(seconds=1)
        for push in demand.pushes.all():
            assert push.pushed_at >= demand.created_at
            if push.claimed_at:
                assert push.claimed_at >= push.pushed_at and push.claimed_by_id


def test_qiye1_and_the_demo_bank_have_something_in_every_place(loaded):  # type: ignore[no-untyped-def]
    qiye1 = User.objects.get(username="qiye1")
    own = FinancingDemand.objects.filter(enterprise_id=qiye1.organisation.enterprise_id)
    assert {D.GRANTED, D.PUSHED, D.SUBMITTED, D.WITHDRAWN} <= set(own.values_list("state", flat=True))
    # One sent without the consent to share: its page says no bank can see it and offers the consent.
    assert own.filter(state=D.SUBMITTED, consent_to_share=False).count() == 1
    assert not own.exclude(state=D.SUBMITTED).filter(consent_to_share=False).exists()
    bank = User.objects.get(username="bank")
    pushes = DemandPush.objects.filter(bank__organisation=bank.organisation)
    assert pushes.filter(state=P.PUSHED, demand__enterprise_id=qiye1.organisation.enterprise_id).exists()
    assert pushes.filter(state__in=(P.CLAIMED, P.CONTACTED), claimed_by=bank).exists()
    assert pushes.filter(state=P.GRANTED).exists() and pushes.filter(state=P.DECLINED).exists()


def test_demo_loads_in_a_few_seconds_and_only_once(loaded):  # type: ignore[no-untyped-def]
    assert loaded.demo_seconds < 15
    before = FinancingDemand.objects.count()
    demo.load_demo(loaded)
    assert FinancingDemand.objects.count() == before
