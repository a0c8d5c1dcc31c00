"""The audit log page: the audit administrator's alone (404 for everyone else)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.audit.log import record
from kaopu.audit.models import Action

URL = reverse("audit:entry_list")


def test_the_audit_admin_reads_the_log_newest_first(login, auditadmin, staff):
    record(Action.CREATE, actor=staff, summary="较早的条目")
    record(Action.EXPORT, actor=staff, summary="较新的条目")
    response = login(auditadmin).get(URL)
    assert response.status_code == 200
    summaries = [e.summary for e in response.context["page"].items]
    assert summaries.index("较新的条目") < summaries.index("较早的条目")


def test_the_log_is_filtered_by_action(login, auditadmin, staff):
    record(Action.CREATE, actor=staff, summary="新建")
    record(Action.EXPORT, actor=staff, summary="导出")
    response = login(auditadmin).get(URL, {"action": Action.EXPORT})
    assert [e.summary for e in response.context["page"].items] == ["导出"]
    assert login(auditadmin).get(URL, {"action": "nonsense"}).status_code == 200


@pytest.mark.parametrize("persona", ["staff", "far_staff", "leader", "handler", "ent_user", "chamber_officer",
                                     "bank_officer", "lawyer", "sysadmin", "secadmin"])
def test_everyone_else_gets_404(world, login, persona):
    record(Action.CREATE, summary="机密条目")
    response = login(world.users[persona]).get(URL)
    assert response.status_code == 404
    assert "机密条目" not in response.text


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302


def test_the_log_pages_by_keyset(login, auditadmin):
    for n in range(130):
        record(Action.UPDATE, summary=f"条目{n}")
    client = login(auditadmin)
    first = client.get(URL, {"action": Action.UPDATE})
    assert len(first.context["page"].items) == 100
    second = client.get(f"{URL}?{first.context['next_query']}")
    items = [e.summary for e in second.context["page"].items]
    assert items == [f"条目{n}" for n in reversed(range(30))]


def test_the_page_runs_a_fixed_number_of_queries(login, auditadmin, django_assert_max_num_queries):
    client = login(auditadmin)
    client.get(URL)
    for n in range(150):
        record(Action.UPDATE, summary=f"条目{n}")
    with django_assert_max_num_queries(6):
        client.get(URL)
