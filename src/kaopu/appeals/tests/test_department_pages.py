"""The department handler's appeal pages: the inbox (only the department's appeals, its filters, a
fixed number of queries), the detail with the full timeline and the buttons the department may use
now, and one POST per action, whose refusals come back as messages."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category

pytestmark = pytest.mark.django_db
INBOX = reverse("appeals:inbox")


@pytest.fixture
def dispatch(world):  # type: ignore[no-untyped-def]
    """dispatch(appeal, lead=…, co=[…]): accepted and dispatched by FIC staff."""

    def do(appeal: Appeal, lead=None, co=()) -> Appeal:  # type: ignore[no-untyped-def]
        actions.accept(appeal.pk, acting_user=world.users["staff"])
        return actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=lead or world.department,
                                co_handlers=co)

    return do


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [appeal.pk for appeal in response.context["page"].items]


def _messages(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_inbox_lists_the_appeals_the_department_leads_or_co_handles_and_no_other(
        world, login, handler, submit, dispatch, other_department):
    led = dispatch(submit(title="主办的"))
    co_handled = dispatch(submit(title="协办的"), lead=other_department, co=[world.department])
    dispatch(submit(title="别的部门的"), lead=other_department)
    submit(title="还没派单的")
    response = login(handler).get(INBOX)
    assert response.status_code == 200
    assert _ids(response) == [co_handled.pk, led.pk]
    rows = {appeal.pk: appeal.is_lead for appeal in response.context["page"].items}
    assert rows == {led.pk: True, co_handled.pk: False}


def test_inbox_filters_by_state_and_category(login, handler, submit, dispatch, in_progress):
    law = Category.objects.get(name="法律")
    dispatched_law = dispatch(submit(category=law))
    client = login(handler)
    assert _ids(client.get(INBOX, {"state": "in_progress"})) == [in_progress.pk]
    assert _ids(client.get(INBOX, {"state": "dispatched"})) == [dispatched_law.pk]
    assert _ids(client.get(INBOX, {"category": law.pk})) == [dispatched_law.pk]
    assert _ids(client.get(INBOX, {"state": "nonsense"})) == [dispatched_law.pk, in_progress.pk]


def test_inbox_shows_the_overdue_tab_and_filters_due_within_two_working_days(login, handler, submit, dispatch):
    # Today is Monday 2026-09-28; two working days later is Wednesday 2026-09-30, then the National Day holidays.
    overdue, today, wednesday, after_holiday, closed_late = (dispatch(submit()) for _ in range(5))
    for appeal, due in [(overdue, date(2026, 9, 25)), (today, date(2026, 9, 28)), (wednesday, date(2026, 9, 30)),
                        (after_holiday, date(2026, 10, 8)), (closed_late, date(2026, 9, 1))]:
        Appeal.objects.filter(pk=appeal.pk).update(due_on=due)
    Appeal.objects.filter(pk=closed_late.pk).update(state=Appeal.State.CLOSED)
    client = login(handler)
    assert _ids(client.get(INBOX, {"tab": "overdue"})) == [overdue.pk]
    assert _ids(client.get(INBOX, {"due_soon": "on"})) == [wednesday.pk, today.pk]
    assert client.get(INBOX).context["page"].items[-1].is_overdue


def test_due_soon_in_a_year_nobody_entered_counts_monday_to_friday(login, handler, submit, dispatch, pin_clock,
                                                                   library_until):
    library_until(2026)
    pin_clock(date(2026, 12, 30))  # Wednesday: two working days on, counted Monday–Friday, is Friday 1 January
    friday, monday = dispatch(submit()), dispatch(submit())
    for appeal, due in [(friday, date(2027, 1, 1)), (monday, date(2027, 1, 4))]:
        Appeal.objects.filter(pk=appeal.pk).update(due_on=due, due_provisional=True)
    response = login(handler).get(INBOX, {"due_soon": "on"})
    assert response.status_code == 200 and _ids(response) == [friday.pk]
    assert _messages(response) == []
    rows = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "2027-01-01 <span class=\"badge mark\"" in rows and "暂定" in rows


def _queries_for(client, url: str, params: dict | None = None) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context)


@pytest.mark.parametrize("params", [{}, {"tab": "overdue", "state": "dispatched"}, {"due_soon": "on"},
                                    {"tab": "closed"}, {"tab": "all", "category": "1"}])
def test_inbox_runs_the_same_queries_for_few_and_many_appeals(world, login, handler, submit, dispatch,
                                                            other_department, params, django_assert_num_queries):
    client = login(handler)
    client.get(INBOX, params)  # saves the session and warms the calendar cache
    dispatch(submit(is_confidential=True))
    with_one = _queries_for(client, INBOX, params)
    for n in range(8):
        dispatch(submit(title=f"诉求{n}"), lead=other_department if n % 2 else None,
                 co=[world.department] if n % 2 else [])
    with django_assert_num_queries(with_one):
        client.get(INBOX, params)
    # the session with its user, the filter's categories, the tabs' counts (one query), the page's ids (led
    # or co-handled: one query on PostgreSQL, two on SQLite), the rows
    assert with_one <= 6, with_one


@pytest.mark.parametrize("persona", ["ent_user", "staff", "leader", "bank_officer"])
def test_other_roles_get_404_on_the_department_pages(world, login, in_progress, persona):
    client = login(world.users[persona])
    assert client.get(INBOX).status_code == 404
    assert client.get(reverse("appeals:inbox_detail", args=[in_progress.pk])).status_code == 404
    assert client.post(reverse("appeals:inbox_reply", args=[in_progress.pk]), {"text": "答复"}).status_code == 404
    assert Appeal.objects.get(pk=in_progress.pk).state == Appeal.State.IN_PROGRESS


def test_another_departments_appeal_is_404_on_detail_and_actions(login, other_handler, in_progress):
    client = login(other_handler)
    assert client.get(reverse("appeals:inbox_detail", args=[in_progress.pk])).status_code == 404
    for name, data in [("inbox_sign_for", {}), ("inbox_reply", {"text": "答复"}), ("inbox_reply", {}),
                       ("inbox_request_return", {"reason": "不归我们"}), ("inbox_give_opinion", {"opinion": "意见"}),
                       ("inbox_request_extension", {"reason": "复杂", "working_days": 3})]:
        assert client.post(reverse(f"appeals:{name}", args=[in_progress.pk]), data).status_code == 404, name
    assert list(in_progress.events.values_list("action", flat=True)) == ["submit", "accept", "dispatch", "sign_for"]


def test_detail_shows_the_full_timeline_with_internal_notes(world, login, handler, in_progress):
    actions.instruct(in_progress.pk, acting_user=world.users["leader"], instruction="请尽快办理")
    response = login(handler).get(reverse("appeals:inbox_detail", args=[in_progress.pk]))
    assert response.status_code == 200
    assert "请尽快办理" in response.content.decode()
    assert [e.action for e in response.context["events"]] == ["submit", "accept", "dispatch", "sign_for", "instruct"]


def test_detail_offers_the_lead_its_actions_and_the_co_handler_only_its_opinion(
        world, login, handler, other_handler, other_department, submit, dispatch):
    appeal = dispatch(submit(), co=[other_department])
    url = reverse("appeals:inbox_detail", args=[appeal.pk])
    assert login(handler).get(url).context["allowed"] == {"sign_for", "request_return", "request_extension"}
    assert login(other_handler).get(url).context["allowed"] == {"give_opinion"}


def test_signing_for_through_the_page_starts_the_work(login, handler, submit, dispatch):
    appeal = dispatch(submit())
    response = login(handler).post(reverse("appeals:inbox_sign_for", args=[appeal.pk]), follow=True)
    assert [level for level, _ in _messages(response)] == ["success"]
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.IN_PROGRESS and appeal.events.last().action == "sign_for"
    assert response.context["allowed"] == {"reply", "request_extension"}


def test_replying_through_the_page_sends_the_answer(login, handler, in_progress):
    login(handler).post(reverse("appeals:inbox_reply", args=[in_progress.pk]), {"text": "已协调银行续贷。"})
    in_progress.refresh_from_db()
    assert in_progress.state == Appeal.State.REPLIED
    assert (in_progress.events.last().action, in_progress.events.last().text) == ("reply", "已协调银行续贷。")


def test_an_empty_reply_names_the_field_and_changes_nothing(login, handler, in_progress):
    response = login(handler).post(reverse("appeals:inbox_reply", args=[in_progress.pk]), {"text": " "},
                                   follow=True)
    with translation.override("en"):
        [(level, text)] = _messages(response)
    assert level == "error" and text.startswith(str(response.context["reply_form"].fields["text"].label))
    assert Appeal.objects.get(pk=in_progress.pk).state == Appeal.State.IN_PROGRESS


def test_asking_for_a_return_and_an_extension_through_the_page(login, handler, submit, dispatch):
    appeal = dispatch(submit())
    client = login(handler)
    client.post(reverse("appeals:inbox_request_extension", args=[appeal.pk]), {"reason": "需多部门会商",
                                                                                "working_days": 5})
    client.post(reverse("appeals:inbox_request_return", args=[appeal.pk]), {"reason": "不属于本部门职责"})
    appeal.refresh_from_db()
    assert appeal.return_requested and appeal.extension_requested
    extension, ret = appeal.events.order_by("id")[3:]
    assert (extension.action, extension.data, extension.is_public) == ("request_extension", {"working_days": 5}, False)
    assert (ret.action, ret.text, ret.is_public) == ("request_return", "不属于本部门职责", False)


def test_an_extension_outside_1_to_30_working_days_is_refused_by_the_form(login, handler, in_progress):
    response = login(handler).post(reverse("appeals:inbox_request_extension", args=[in_progress.pk]),
                                   {"reason": "复杂", "working_days": 31}, follow=True)
    assert [level for level, _ in _messages(response)] == ["error"]
    assert not Appeal.objects.get(pk=in_progress.pk).extension_requested


def test_the_co_handler_gives_its_opinion_through_the_page(world, login, other_handler, other_department,
                                                          submit, dispatch):
    appeal = dispatch(submit(), co=[other_department])
    login(other_handler).post(reverse("appeals:inbox_give_opinion", args=[appeal.pk]), {"opinion": "建议贴息支持"})
    assert appeal.co_handlers.get().opinion == "建议贴息支持"
    assert appeal.events.last().action == "give_opinion"


def test_a_refused_action_shows_its_message_and_changes_nothing(login, handler, in_progress):
    response = login(handler).post(reverse("appeals:inbox_sign_for", args=[in_progress.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("appeals:inbox_detail", args=[in_progress.pk])
    [(level, text)] = _messages(response)
    assert level == "error" and text
    assert list(in_progress.events.values_list("action", flat=True)) == ["submit", "accept", "dispatch", "sign_for"]


def test_a_co_handler_cannot_reply_and_is_told(login, other_handler, other_department, submit, dispatch):
    appeal = dispatch(submit(), co=[other_department])
    response = login(other_handler).post(reverse("appeals:inbox_reply", args=[appeal.pk]), {"text": "答复"},
                                         follow=True)
    assert [level for level, _ in _messages(response)] == ["error"]
    assert "reply" not in response.context["allowed"]
    assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.DISPATCHED


def test_signing_for_when_the_reply_deadline_falls_in_a_year_nobody_entered_is_not_refused(
        login, handler, submit, dispatch, pin_clock, library_until):
    library_until(2026)
    pin_clock(date(2026, 12, 11))  # Friday: a complaint's 15 working days end in January 2027
    appeal = dispatch(submit(kind=Appeal.Kind.COMPLAINT))
    response = login(handler).post(reverse("appeals:inbox_sign_for", args=[appeal.pk]), follow=True)
    assert [level for level, _ in _messages(response)] == ["success"]
    appeal.refresh_from_db()
    # 14–18, 21–25, 28–31 December, 1 January: counted Monday to Friday.
    assert (appeal.state, appeal.due_on, appeal.due_provisional) == (Appeal.State.IN_PROGRESS, date(2027, 1, 1),
                                                                    True)
    assert "暂定" in response.content.decode().split('id="due-on">')[1].split("</dd>")[0]


def test_detail_runs_the_same_queries_however_long_the_timeline(world, login, handler, submit, dispatch,
                                                               other_department, django_assert_num_queries):
    client = login(handler)
    client.get(INBOX)
    short = dispatch(submit())
    long = dispatch(submit(), co=[other_department])
    actions.sign_for(long.pk, acting_user=handler)
    actions.instruct(long.pk, acting_user=world.users["leader"], instruction="批示")
    with_few = _queries_for(client, reverse("appeals:inbox_detail", args=[short.pk]))
    with django_assert_num_queries(with_few):
        client.get(reverse("appeals:inbox_detail", args=[long.pk]))


def test_the_deadline_is_labelled_with_the_step_the_appeal_waits_for(world, login, handler, submit, dispatch):
    appeal = dispatch(submit())
    client = login(handler)

    def deadline_shown(label: str) -> bool:
        page = client.get(reverse("appeals:inbox_detail", args=[appeal.pk])).content.decode()
        due = Appeal.objects.get(pk=appeal.pk).due_on.isoformat()
        return f'<dt>{label}</dt><dd id="due-on">{due}</dd>' in page and "办理时限" not in page

    assert deadline_shown("签收截止")
    actions.sign_for(appeal.pk, acting_user=handler)
    assert deadline_shown("答复截止")
    actions.reply(appeal.pk, acting_user=handler, text="已答复。")
    assert deadline_shown("评价截止")  # the enterprise's step now
