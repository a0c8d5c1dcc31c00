"""The audit log page: the audit administrator's alone (404 for everyone else), with filters by
person, action, object and date, keyset pages, a fixed number of queries, and each reading audited."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry

URL = reverse("audit:entry_list")


def summaries(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.summary for e in response.context["page"].items if e.action != Action.READ_AUDIT]


def test_the_audit_admin_reads_the_log_newest_first(login, auditadmin, staff):
    record(Action.CREATE, actor=staff, summary="较早的条目")
    record(Action.EXPORT, actor=staff, summary="较新的条目")
    response = login(auditadmin).get(URL)
    assert response.status_code == 200
    found = summaries(response)
    assert found.index("较新的条目") < found.index("较早的条目")


def test_the_log_is_filtered_by_action(login, auditadmin, staff):
    record(Action.CREATE, actor=staff, summary="新建")
    record(Action.EXPORT, actor=staff, summary="导出")
    response = login(auditadmin).get(URL, {"action": Action.EXPORT})
    assert summaries(response) == ["导出"]
    refused = login(auditadmin).get(URL, {"action": "nonsense"})
    assert refused.status_code == 200
    assert "动作：" in refused.text  # the field is named in the message


def test_the_log_is_filtered_by_person_name_user_name_or_the_name_a_failed_login_gave(
        login, auditadmin, staff, leader):
    record(Action.UPDATE, actor=staff, summary="职员改的")
    record(Action.UPDATE, actor=leader, summary="领导改的")
    record(Action.LOGIN_FAILED, actor_name="staff", summary="staff 登录失败")
    client = login(auditadmin)
    assert set(summaries(client.get(URL, {"person": "staff"}))) == {"职员改的", "staff 登录失败"}
    assert summaries(client.get(URL, {"person": leader.name[:2]})) == ["领导改的"]
    assert summaries(client.get(URL, {"person": "nobody-at-all"})) == []


def test_the_log_is_filtered_by_object_type_words_and_id(login, auditadmin, staff, world):
    enterprise = world.enterprise_a
    record(Action.UPDATE, actor=staff, target=enterprise, summary="改企业")
    record(Action.UPDATE, actor=staff, target=staff, summary="改用户")
    client = login(auditadmin)
    assert summaries(client.get(URL, {"object_type": "directory.enterprise"})) == ["改企业"]
    assert summaries(client.get(URL, {"object": enterprise.name[2:6]})) == ["改企业"]
    assert summaries(client.get(URL, {"object": str(staff.pk), "object_type": "accounts.user"})) == ["改用户"]
    assert client.get(URL, {"object_type": "no.such"}).status_code == 200


def test_dates_are_shanghai_dates_and_both_ends_count(login, auditadmin, pin_clock):
    pin_clock(date(2026, 3, 1), hour=23, minute=30)  # 15:30 UTC: still 1 March in Shanghai
    record(Action.UPDATE, summary="三月一日深夜")
    pin_clock(date(2026, 3, 2), hour=0, minute=10)  # 1 March 16:10 UTC, but 2 March in Shanghai
    record(Action.UPDATE, summary="三月二日凌晨")
    pin_clock(date(2026, 3, 3))
    record(Action.UPDATE, summary="三月三日")
    client = login(auditadmin)
    assert summaries(client.get(URL, {"date_from": "2026-03-01", "date_to": "2026-03-01"})) == ["三月一日深夜"]
    assert summaries(client.get(URL, {"date_from": "2026-03-02", "action": "update"})) == ["三月三日", "三月二日凌晨"]
    assert summaries(client.get(URL, {"date_to": "2026-03-02", "action": "update"})) == [
        "三月二日凌晨", "三月一日深夜"]


@pytest.mark.parametrize("query, message", [
    ({"date_from": "2026-13-40"}, "起始日期："),
    ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "结束日期不能早于开始日期"),
])
def test_a_bad_date_is_named_in_chinese_and_never_a_500(login, auditadmin, query, message):
    record(Action.UPDATE, summary="仍然列出")
    response = login(auditadmin).get(URL, query)
    assert response.status_code == 200
    assert message in response.text
    assert "仍然列出" in summaries(response)  # the other filters still apply


def test_entries_name_their_object_in_words_on_the_page(login, auditadmin, staff):
    record(Action.UPDATE, actor=staff, target=staff, summary="改用户")
    record(Action.UPDATE, object_type="legal.figures", object_id="2026", summary="没有名字的对象")
    text = login(auditadmin).get(URL).text
    assert f"用户「{staff.name}」" in text
    assert "accounts.user#" not in text
    assert "legal.figures#2026" in text  # an object without words keeps its type and id


def test_each_reading_of_the_page_is_audited_with_its_filters(login, auditadmin):
    client = login(auditadmin)
    client.get(URL, {"person": "staff", "action": "update", "date_from": "2026-03-01"})
    entry = AuditEntry.objects.filter(action=Action.READ_AUDIT).get()
    assert entry.actor_id == auditadmin.pk
    assert entry.data["filters"] == {"person": "staff", "action": "update", "date_from": "2026-03-01"}
    client.get(URL)
    assert AuditEntry.objects.filter(action=Action.READ_AUDIT).count() == 2
    assert verify().ok


@pytest.mark.parametrize("persona", ["staff", "far_staff", "leader", "handler", "ent_user", "chamber_officer",
                                     "bank_officer", "lawyer", "sysadmin", "secadmin"])
def test_everyone_else_gets_404(world, login, persona):
    record(Action.CREATE, summary="机密条目")
    client = login(world.users[persona])
    response = client.get(URL)
    assert response.status_code == 404 and "机密条目" not in response.text
    # The export (a background job) is refused like the page: no job, nothing written.
    assert client.post(reverse("exports:create", args=["audit.entries"])).status_code == 404
    assert not AuditEntry.objects.filter(action__in=[Action.READ_AUDIT, Action.EXPORT]).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302
    assert client.post(reverse("exports:create", args=["audit.entries"])).status_code == 302


def test_the_log_pages_by_keyset(login, auditadmin):
    for n in range(130):
        record(Action.UPDATE, summary=f"条目{n}")
    client = login(auditadmin)
    first = client.get(URL, {"action": Action.UPDATE})
    assert len(first.context["page"].items) == 100
    second = client.get(f"{URL}?{first.context['next_query']}")
    assert summaries(second) == [f"条目{n}" for n in reversed(range(30))]
    back = client.get(f"{URL}?{second.context['previous_query']}")
    assert summaries(back) == summaries(first)


def test_the_page_runs_the_same_number_of_queries_for_5_and_for_150_entries(
        login, auditadmin, staff, django_assert_num_queries):
    client = login(auditadmin)
    client.get(URL)  # the session and the chain head exist from here on
    counts = []
    for size in (5, 150):
        for n in range(size):
            record(Action.UPDATE, actor=staff, target=staff, summary=f"条目{n}")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"person": "staff", "object": "职员"})
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[1]):
        client.get(URL, {"person": "staff", "object": "职员"})


def test_the_page_has_no_inline_script_and_folds_for_phones(login, auditadmin, staff):
    record(Action.UPDATE, actor=staff, summary="x")
    text = login(auditadmin).get(URL).text
    own = (Path(__file__).parents[1] / "templates" / "audit" / "entry_list.html").read_text()
    assert not re.search(r"\son[a-z]+=", own)  # no onchange= / onclick= (the coming CSP refuses them)
    assert "<script" not in own
    assert 'class="list responsive"' in text  # rows become labelled cards on a phone (kaopu.css)
    assert 'class="filter-toggle"' in text  # the filters fold away behind a button on a phone
    assert re.search(r'<button class="btn primary" type="submit">', text)
