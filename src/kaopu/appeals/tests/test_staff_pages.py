"""The FIC staff's appeal pages: triage, the list, the detail with its actions, recording an appeal."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category, Event
from kaopu.appeals.testing import number_fields
from kaopu.core.testing import make_user
from kaopu.dialogues.testing import make_meeting

ENGLISH = {"accept-language": "en"}  # messages are asserted in English
LIST_PAGES = ["appeals:triage", "appeals:staff_list", "appeals:staff_new"]


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The messages the page after the redirect showed (rendering them consumed them)."""
    return [str(m) for m in response.context["messages"]]


def detail(pk: int) -> str:
    return reverse("appeals:staff_detail", args=[pk])


def post(client, name: str, pk: int, data=None):  # type: ignore[no-untyped-def]
    return client.post(reverse(f"appeals:{name}", args=[pk]), data or {}, follow=True, headers=ENGLISH)


@pytest.mark.parametrize("persona", ["handler", "ent_user", "bank_officer", "sysadmin", "leader"])
@pytest.mark.parametrize("page", LIST_PAGES)
def test_other_roles_get_404_on_staff_pages(world, login, persona, page) -> None:  # type: ignore[no-untyped-def]
    assert login(world.users[persona]).get(reverse(page)).status_code == 404


def test_staff_of_another_district_and_other_roles_get_404_on_the_detail(world, login, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    for persona in ("far_staff", "handler", "ent_user", "bank_officer"):
        assert login(world.users[persona]).get(detail(appeal.pk)).status_code == 404, persona


def test_a_confidential_appeal_is_404_for_staff_not_assigned(world, login, submit, staff) -> None:  # type: ignore[no-untyped-def]
    appeal = submit(is_confidential=True)
    actions.accept(appeal.pk, acting_user=staff)
    colleague = make_user("staff_b", Role.FIC_STAFF, staff.organisation)
    assert login(colleague).get(detail(appeal.pk)).status_code == 404
    assert login(staff).get(detail(appeal.pk)).status_code == 200


def test_triage_shows_submitted_appeals_nearest_deadline_first(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    later, sooner, accepted = submit(title="晚"), submit(title="早"), submit(title="已受理")
    Appeal.objects.filter(pk=later.pk).update(due_on=date(2026, 10, 20))
    Appeal.objects.filter(pk=sooner.pk).update(due_on=date(2026, 9, 1))
    actions.accept(accepted.pk, acting_user=staff)
    response = login(staff).get(reverse("appeals:triage"))
    assert [a.pk for a in response.context["appeals"]] == [sooner.pk, later.pk]
    assert response.context["appeals"][0].overdue


def test_the_list_filters_by_state_and_title(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    loan, legal = submit(), submit(title="合同纠纷")
    actions.accept(loan.pk, acting_user=staff)
    client = login(staff)
    assert [a.pk for a in client.get(reverse("appeals:staff_list"), {"state": "accepted"}).context["page"].items] \
        == [loan.pk]
    assert [a.pk for a in client.get(reverse("appeals:staff_list"), {"q": "合同"}).context["page"].items] \
        == [legal.pk]


def test_an_inverted_date_range_names_the_field(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).get(reverse("appeals:staff_list"),
                                {"created_from": "2026-09-10", "created_to": "2026-09-01"}, headers=ENGLISH)
    assert "must not be before" in response.content.decode()


def _bulk(world, n: int) -> None:  # type: ignore[no-untyped-def]
    category = Category.objects.get(name="融资")
    Appeal.objects.bulk_create([
        Appeal(district=world.district, enterprise=world.enterprise_a if i % 2 else world.enterprise_b,
               created_by=world.users["staff"], kind=Appeal.Kind.HELP, category=category, title=f"诉求{i}",
               content="内容", lead_department=world.department if i % 3 else None, due_on=date(2026, 10, 9),
               **number_fields(world.district))
        for i in range(n)])


@pytest.mark.parametrize("page", ["appeals:staff_list", "appeals:triage"])
def test_list_pages_run_the_same_queries_for_3_or_30_rows(world, login, staff, page,
                                                         django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    _bulk(world, 3)
    client.get(reverse(page))  # warm the reference-data cache and the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(page))
    _bulk(world, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse(page))
    assert response.status_code == 200


def test_the_detail_query_count_does_not_grow_with_the_timeline(world, login, staff, in_progress,
                                                               django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    client.get(detail(in_progress.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(detail(in_progress.pk))
    actions.request_extension(in_progress.pk, acting_user=world.users["handler"], reason="需要调查", working_days=5)
    actions.decide_extension(in_progress.pk, acting_user=staff, approve=True)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(detail(in_progress.pk))


def test_the_detail_shows_only_the_actions_allowed_now(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    response = login(staff).get(detail(appeal.pk))
    assert response.context["allowed"] == {"accept", "decline", "merge"}
    assert response.context["dispatch_form"] is None
    assert reverse("appeals:staff_accept", args=[appeal.pk]) in response.content.decode()


def test_accept_makes_the_staff_member_responsible(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    post(login(staff), "staff_accept", appeal.pk)
    appeal.refresh_from_db()
    assert (appeal.state, appeal.assigned_staff_id) == ("accepted", staff.pk)


def test_accepting_twice_shows_the_refusal(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    response = post(login(staff), "staff_accept", appeal.pk)
    assert response.status_code == 200
    assert any("cannot be given the action" in m for m in messages_of(response))


def test_decline_needs_a_reason_and_records_it(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    client = login(staff)
    response = post(client, "staff_decline", appeal.pk, {"reason": ""})
    assert "Reason for declining: This field is required." in messages_of(response)
    post(client, "staff_decline", appeal.pk, {"reason": "不属于工商联受理范围"})
    appeal.refresh_from_db()
    assert appeal.state == "declined"
    assert Event.objects.filter(appeal=appeal, action="decline", text="不属于工商联受理范围").exists()


def test_dispatch_sends_to_a_lead_and_co_handlers_of_the_district(world, login, staff, submit,
                                                                  other_department) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    post(login(staff), "staff_dispatch", appeal.pk,
         {"lead": world.department.pk, "co_handlers": [other_department.pk]})
    appeal.refresh_from_db()
    assert (appeal.state, appeal.lead_department_id) == ("dispatched", world.department.pk)
    assert list(appeal.co_handlers.values_list("department_id", flat=True)) == [other_department.pk]


def test_dispatch_to_an_inactive_department_is_refused_with_the_field(world, login, staff, submit,
                                                                      other_department) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    other_department.is_active = False
    other_department.save()
    response = post(login(staff), "staff_dispatch", appeal.pk, {"lead": other_department.pk})
    appeal.refresh_from_db()
    assert appeal.state == "accepted"
    assert any(m.startswith("Lead department") for m in messages_of(response))


def test_decide_return_approves_and_the_appeal_goes_back(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    actions.request_return(appeal.pk, acting_user=world.users["handler"], reason="不属本局职责")
    client = login(staff)
    assert client.get(detail(appeal.pk)).context["return_form"] is not None
    post(client, "staff_decide_return", appeal.pk, {"return-decision": "approve"})
    appeal.refresh_from_db()
    assert (appeal.state, appeal.lead_department_id) == ("accepted", None)


def test_deciding_a_return_nobody_asked_for_shows_the_refusal(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    response = post(login(staff), "staff_decide_return", appeal.pk, {"return-decision": "refuse"})
    assert "No return was asked for." in messages_of(response)


def test_decide_extension_moves_the_deadline(world, login, staff, in_progress) -> None:  # type: ignore[no-untyped-def]
    actions.request_extension(in_progress.pk, acting_user=world.users["handler"], reason="需要调查", working_days=5)
    before = Appeal.objects.get(pk=in_progress.pk).due_on
    post(login(staff), "staff_decide_extension", in_progress.pk, {"extension-decision": "approve"})
    appeal = Appeal.objects.get(pk=in_progress.pk)
    assert appeal.due_on > before and appeal.extension_used
    assert Event.objects.filter(appeal=appeal, action="approve_extension").exists()


def test_merge_folds_into_another_appeal_of_the_enterprise(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    duplicate, original = submit(), submit()
    post(login(staff), "staff_merge", duplicate.pk, {"into": original.pk})
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into_id) == ("merged", original.pk)


def test_merging_into_itself_shows_the_refusal(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    response = post(login(staff), "staff_merge", appeal.pk, {"into": appeal.pk})
    assert any("same enterprise" in m for m in messages_of(response))
    appeal.refresh_from_db()
    assert appeal.state == "submitted"


def test_merging_into_an_unknown_number_shows_the_field(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    response = post(login(staff), "staff_merge", appeal.pk, {"into": 999999})
    assert response.status_code == 200
    assert any(m.startswith("Appeal to merge into") for m in messages_of(response))
    assert Appeal.objects.get(pk=appeal.pk).state == "submitted"


def test_arbitration_before_two_reopenings_is_refused(world, login, staff, in_progress) -> None:  # type: ignore[no-untyped-def]
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已协调银行")
    response = post(login(staff), "staff_arbitrate", in_progress.pk, {"conclusion": "维持答复"})
    assert any("Arbitration is for an appeal reopened twice" in m for m in messages_of(response))


def test_arbitration_closes_an_appeal_reopened_twice(world, login, staff, in_progress) -> None:  # type: ignore[no-untyped-def]
    Appeal.objects.filter(pk=in_progress.pk).update(reopen_count=2)
    post(login(staff), "staff_arbitrate", in_progress.pk, {"conclusion": "维持答复"})
    appeal = Appeal.objects.get(pk=in_progress.pk)
    assert (appeal.state, appeal.close_reason) == ("closed", "arbitrated")


def test_dispatch_on_31_december_with_next_year_unknown_sets_a_provisional_deadline_and_says_so(
        world, login, staff, submit, pin_clock, library_until) -> None:  # type: ignore[no-untyped-def]
    library_until(2026)
    pin_clock(date(2026, 12, 31))
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    client = login(staff)
    response = client.post(reverse("appeals:staff_dispatch", args=[appeal.pk]), {"lead": world.department.pk},
                           follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    appeal.refresh_from_db()
    assert (appeal.state, appeal.due_on, appeal.due_provisional) == ("dispatched", date(2027, 1, 1), True)
    due = response.content.decode().split('id="due-on">')[1].split("</dd>")[0]
    assert due.startswith("2027-01-01") and "暂定" in due
    assert "暂按周一至周五计算，待录入 2027 年节假日后自动重算" in due


def test_staff_record_an_appeal_for_an_enterprise_by_credit_code(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    response = login(staff).post(reverse("appeals:staff_new"), {
        "enterprise": world.enterprise_b.credit_code, "source": "breakfast", "source_meeting_id": str(meeting.pk),
        "kind": "help", "category": Category.objects.get(name="用工").pk, "title": "招工难",
        "content": "一线工人招聘困难", "contact_name": "赵六", "contact_phone": "13900004444"})
    appeal = Appeal.objects.get(title="招工难")
    assert response.url == detail(appeal.pk)
    assert (appeal.enterprise_id, appeal.source, appeal.source_meeting_id, appeal.created_by_id) == (
        world.enterprise_b.pk, "breakfast", meeting.pk, staff.pk)


def test_an_enterprise_of_another_district_is_not_found_by_name(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("appeals:staff_new"), {
        "enterprise": world.far_enterprise.name, "source": "hotline", "kind": "help",
        "category": Category.objects.get(name="用工").pk, "title": "招工难", "content": "内容"}, headers=ENGLISH)
    assert response.status_code == 200
    assert "no enterprise of your district matches" in response.content.decode()
    assert not Appeal.objects.exists()
