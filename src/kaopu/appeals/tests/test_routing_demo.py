"""The demo district keeps routing rules, and dispatching one of its accepted appeals shows a suggestion."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.accounts.models import User
from kaopu.appeals.demo import DEMO_ROUTING_RULES
from kaopu.appeals.models import Appeal, RoutingRule
from kaopu.core.management.commands.demo import load_demo as load_everything

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


def test_the_demo_district_keeps_its_routing_rules_in_order(demo) -> None:  # type: ignore[no-untyped-def]
    staff = User.objects.get(username="staff")
    rules = list(RoutingRule.objects.filter(district_id=staff.district_id).order_by("position"))
    assert [rule.name for rule in rules] == [spec[0] for spec in DEMO_ROUTING_RULES]
    assert [rule.position for rule in rules] == list(range(1, len(DEMO_ROUTING_RULES) + 1))
    assert [rule.name for rule in rules if not rule.is_active] == ["政策咨询（试行）"]


def test_an_accepted_demo_appeal_shows_a_suggestion_on_its_dispatch_form(demo, client) -> None:  # type: ignore[no-untyped-def]
    staff = User.objects.get(username="staff")
    client.force_login(staff, backend="kaopu.accounts.backends.UserBackend")
    suggested = []
    for appeal in Appeal.objects.filter(district_id=staff.district_id, state=Appeal.State.ACCEPTED):
        response = client.get(reverse("appeals:staff_detail", args=[appeal.pk]))
        form = response.context["dispatch_form"]
        if form is not None and form.suggestion is not None:
            assert f"按规则“{form.suggestion.rule_name}”建议" in response.content.decode()
            suggested.append(appeal.pk)
    assert suggested
    assert client.get(reverse("appeals:settings_routing")).status_code == 200
