"""The demo loads: firms and lawyers, requests in every state, the demo lawyer has open work, one
request became an appeal, and the legal pages of every demo persona render with it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.accounts.models import User
from kaopu.core.management.commands.demo import load_demo as load_everything
from kaopu.legal.models import LawFirm, Lawyer, LegalRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        load_everything()
        yield
        from django.core.management import call_command

        from kaopu.audit.tests.tampering import append_only_triggers_disabled

        with append_only_triggers_disabled():  # the demo's actions wrote audit entries; SQLite flushes by DELETE
            call_command("flush", interactive=False, verbosity=0)


def test_demo_data(demo):  # type: ignore[no-untyped-def]
    assert LawFirm.objects.count() >= 4 and Lawyer.objects.count() >= 9
    states = set(LegalRequest.objects.values_list("state", flat=True))
    assert states == set(LegalRequest.State.values)
    assert LegalRequest.objects.count() >= 60
    assert LegalRequest.objects.filter(appeal__isnull=False).count() == 1
    gu = Lawyer.objects.get(user__username="lawyer")
    assert gu.firm.name == "上海真如律师事务所"
    assert LegalRequest.objects.filter(lawyer=gu, state__in=["assigned", "in_progress"]).count() >= 2
    qiye1 = User.objects.get(username="qiye1")
    assert LegalRequest.objects.filter(enterprise_id=qiye1.enterprise_id, state="completed").exists()
    for username in ("qiye1", "qiye2"):
        user = User.objects.get(username=username)
        assert LegalRequest.objects.filter(enterprise_id=user.enterprise_id).exists()
    assert LegalRequest.objects.filter(service__has_checklist=True, check_results__isnull=False).exists()
    assert LegalRequest.objects.filter(rating__isnull=False).count() >= 20


@pytest.mark.parametrize(("username", "url_name"), [
    ("staff", "legal:request_list"), ("staff", "legal:team"), ("staff", "legal:figures"), ("staff", "legal:settings"),
    ("leader", "legal:request_list"), ("qiye1", "legal:my_list"), ("qiye2", "legal:my_list"),
    ("lawyer", "legal:lawyer_home")])
def test_demo_pages_render(demo, client, username, url_name):  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(username=username), backend="kaopu.accounts.backends.UserBackend")
    assert client.get(reverse(url_name)).status_code == 200
