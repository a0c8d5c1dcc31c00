"""The enterprise's appeal pages: its list, a new appeal, the detail with the public timeline only,
withdrawing and rating through the page, and 404 for everyone else."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category, Event
from kaopu.appeals.page_helpers import TIMELINE_WORDS, due_label, event_label
from kaopu.appeals.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db


def _replied(world, submit) -> Appeal:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    actions.sign_for(appeal.pk, acting_user=world.users["handler"])
    return actions.reply(appeal.pk, acting_user=world.users["handler"], text="已协调银行办理续贷。")


def test_list_shows_only_the_enterprises_own_appeals_newest_first(world, login, ent_user, submit):
    first, second = submit(title="第一件"), submit(title="第二件")
    actions.submit_appeal(enterprise=world.enterprise_b, acting_user=world.users["other_ent_user"],
                          kind=Appeal.Kind.HELP, category=Category.objects.first(), title="别家的诉求",
                          content="内容")
    response = login(ent_user).get(reverse("appeals:my_list"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"].items] == [second.pk, first.pk]
    assert "别家的诉求" not in response.content.decode()


def test_list_pages_by_keyset(world, login, ent_user, submit):
    appeals = [submit(title=f"诉求{n}") for n in range(32)]
    client = login(ent_user)
    first = client.get(reverse("appeals:my_list")).context["page"]
    assert len(first.items) == 30 and first.has_next
    second = client.get(reverse("appeals:my_list"), {"after": first.next_cursor}).context["page"]
    assert [a.pk for a in second.items] == [appeals[1].pk, appeals[0].pk]


def _queries_for(client, url: str, params: dict | None = None) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context)


def test_list_runs_the_same_queries_for_few_and_many_appeals(login, ent_user, submit, django_assert_num_queries):
    client = login(ent_user)
    url = reverse("appeals:my_list")
    client.get(url)  # the first request after logging in also saves the session
    submit(title="一件", is_confidential=True)
    with_one = _queries_for(client, url)
    for n in range(12):
        submit(title=f"诉求{n}", is_confidential=n % 2 == 0)
    with django_assert_num_queries(with_one):
        response = client.get(url)
    assert len(response.context["page"].items) == 13
    assert with_one <= 3, with_one  # the session (user and organisation joined), the state counts, the rows


@pytest.mark.parametrize("persona", ["staff", "leader", "handler", "bank_officer", "sysadmin"])
def test_other_roles_get_404_on_every_enterprise_page(world, login, submit, persona):
    appeal = submit()
    client = login(world.users[persona])
    for name, args in [("my_list", []), ("my_new", []), ("my_detail", [appeal.pk])]:
        assert client.get(reverse(f"appeals:{name}", args=args)).status_code == 404
    for name in ("my_withdraw", "my_rate"):
        assert client.post(reverse(f"appeals:{name}", args=[appeal.pk]), {"rating": "5"}).status_code == 404
    assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.SUBMITTED


def test_another_enterprises_appeal_is_404_on_detail_withdraw_and_rate(login, other_ent_user, submit):
    appeal = submit()
    client = login(other_ent_user)
    assert client.get(reverse("appeals:my_detail", args=[appeal.pk])).status_code == 404
    assert client.post(reverse("appeals:my_withdraw", args=[appeal.pk])).status_code == 404
    assert client.post(reverse("appeals:my_rate", args=[appeal.pk]), {"rating": "5"}).status_code == 404
    assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.SUBMITTED


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("appeals:my_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_submitting_the_form_creates_the_appeal_and_its_event(world, login, ent_user):
    category = Category.objects.get(name="法律")
    response = login(ent_user).post(reverse("appeals:my_new"), {
        "kind": Appeal.Kind.CONSULTATION, "category": category.pk, "title": "合同纠纷咨询",
        "content": "供应商拖欠货款，如何维权？", "publish_consent": "on", "contact": "other", "contact_name": "王经理",
        "contact_phone": "021-62345678"})
    appeal = Appeal.objects.get(title="合同纠纷咨询")
    assert response.status_code == 302 and response["Location"] == reverse("appeals:my_detail", args=[appeal.pk])
    assert (appeal.enterprise, appeal.created_by, appeal.category) == (world.enterprise_a, ent_user, category)
    assert appeal.state == Appeal.State.SUBMITTED and appeal.publish_consent and not appeal.is_confidential
    assert appeal.due_on is not None
    assert list(appeal.events.values_list("action", "actor")) == [("submit", ent_user.pk)]
    assert (appeal.number, appeal.contact_name, appeal.contact_phone) == ("PT-2026-000001", "王经理", "021-62345678")


def test_new_appeal_form_offers_only_active_categories(login, ent_user):
    Category.objects.filter(name="税费").update(is_active=False)
    response = login(ent_user).get(reverse("appeals:my_new"))
    names = [c.name for c in response.context["form"].fields["category"].queryset]
    assert "税费" not in names and "融资" in names


def test_a_retired_category_or_a_missing_title_is_refused_with_field_errors(login, ent_user):
    retired = Category.objects.get(name="税费")
    retired.is_active = False
    retired.save()
    response = login(ent_user).post(reverse("appeals:my_new"), {
        "kind": Appeal.Kind.HELP, "category": retired.pk, "title": "", "content": "内容", "contact": "other",
        "contact_name": "王经理", "contact_phone": "13900001111"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"category", "title"}
    assert not Appeal.objects.exists()


def test_a_confidential_appeal_cannot_go_on_the_public_board(login, ent_user):
    response = login(ent_user).post(reverse("appeals:my_new"), {
        "kind": Appeal.Kind.HELP, "category": Category.objects.first().pk, "title": "保密诉求",
        "content": "内容", "is_confidential": "on", "publish_consent": "on"})
    assert response.status_code == 200 and "publish_consent" in response.context["form"].errors
    assert not Appeal.objects.exists()


def test_detail_shows_the_reply_but_never_an_internal_event(world, login, ent_user, submit):
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    actions.request_return(appeal.pk, acting_user=world.users["handler"], reason="内部退单理由不应外泄")
    actions.decide_return(appeal.pk, acting_user=world.users["staff"], approve=False, note="内部驳回说明")
    actions.sign_for(appeal.pk, acting_user=world.users["handler"])
    actions.instruct(appeal.pk, acting_user=world.users["leader"], instruction="领导批示内容")
    actions.reply(appeal.pk, acting_user=world.users["handler"], text="答复内容：已协调解决。")
    Event.objects.filter(appeal=appeal, action="accept").update(text="公开的受理说明")

    response = login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for secret in ("内部退单理由不应外泄", "内部驳回说明", "领导批示内容"):
        assert secret not in page
    assert "答复内容：已协调解决。" in page and "公开的受理说明" in page
    assert all(event.is_public for event in response.context["events"])
    assert [e.text for e in response.context["replies"]] == ["答复内容：已协调解决。"]


def test_withdrawing_through_the_page_withdraws_the_appeal(login, ent_user, submit):
    appeal = submit()
    response = login(ent_user).post(reverse("appeals:my_withdraw", args=[appeal.pk]), {"reason": "问题已自行解决"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.WITHDRAWN
    assert appeal.events.last().text == "问题已自行解决"


def test_a_replied_appeal_cannot_be_withdrawn_and_the_page_says_why(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    client = login(ent_user)
    assert not client.get(reverse("appeals:my_detail", args=[appeal.pk])).context["can_withdraw"]
    response = client.post(reverse("appeals:my_withdraw", args=[appeal.pk]), follow=True)
    assert response.status_code == 200
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.REPLIED


def test_rating_satisfied_through_the_page_closes_the_appeal(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    client = login(ent_user)
    assert client.get(reverse("appeals:my_detail", args=[appeal.pk])).context["can_rate"]
    client.post(reverse("appeals:my_rate", args=[appeal.pk]), {"rating": "4", "comment": "处理及时"})
    appeal.refresh_from_db()
    assert (appeal.state, appeal.rating, appeal.close_reason) == (Appeal.State.CLOSED, "4", "rated")
    assert appeal.events.last().text == "处理及时"


def test_rating_very_dissatisfied_reopens_and_a_second_rating_is_refused(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    client = login(ent_user)
    client.post(reverse("appeals:my_rate", args=[appeal.pk]), {"rating": "1", "comment": "答复没有解决问题"},
                follow=True)
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.IN_PROGRESS and appeal.reopen_count == 1
    response = client.post(reverse("appeals:my_rate", args=[appeal.pk]), {"rating": "5"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not response.context["can_rate"]
    assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.IN_PROGRESS


def test_a_rating_outside_the_scale_names_the_field(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    response = login(ent_user).post(reverse("appeals:my_rate", args=[appeal.pk]), {"rating": "9"}, follow=True,
                                    HTTP_ACCEPT_LANGUAGE="en")
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert str(message).startswith("Rating")
    assert Appeal.objects.get(pk=appeal.pk).state == Appeal.State.REPLIED


def test_detail_runs_the_same_queries_however_long_the_timeline(world, login, ent_user, submit,
                                                               django_assert_num_queries):
    client = login(ent_user)
    short, long = submit(), _replied(world, submit)
    client.get(reverse("appeals:my_list"))
    with_one_event = _queries_for(client, reverse("appeals:my_detail", args=[short.pk]))
    with django_assert_num_queries(with_one_event):
        client.get(reverse("appeals:my_detail", args=[long.pk]))


TIMELINE_ACTIONS = list(dict.fromkeys([*TRANSITIONS, *TIMELINE_WORDS]))  # every event the timeline may show


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_timeline_action_has_words_of_its_own_never_a_states_name(language) -> None:  # type: ignore[no-untyped-def]
    with translation.override(language):
        words = [event_label(action) for action in TIMELINE_ACTIONS]
        states = {str(label) for label in Appeal.State.labels}
    assert not [(a, w) for a, w in zip(TIMELINE_ACTIONS, words, strict=True) if w in states]
    if language == "zh-hans":  # a code shown as it is would be English on a Chinese page
        assert not [a for a, w in zip(TIMELINE_ACTIONS, words, strict=True) if w == a]
    assert len(set(words)) == len(words), words  # no two events read alike either


def test_the_submission_reads_as_submitting_not_as_the_waiting_state(login, ent_user, submit):
    appeal = submit()
    response = login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk]))
    timeline = _between(response.content.decode(), 'id="timeline"', "</ol>")
    assert "<strong>您提交了诉求</strong>" in timeline and "<strong>待受理</strong>" not in timeline


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_the_timeline_shows_ratings_in_the_words_of_the_scale(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    actions.rate(appeal.pk, acting_user=ent_user, rating=Appeal.Rating.DISSATISFIED, comment="没说清楚")
    actions.reply(appeal.pk, acting_user=world.users["handler"], text="补充说明。")
    actions.rate(appeal.pk, acting_user=ent_user, rating=Appeal.Rating.SATISFIED)
    timeline = _between(login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode(),
                        'id="timeline"', "</ol>")
    assert re.findall(r"<strong>您评价答复为“(.+?)”</strong>", timeline) == ["不满意", "满意"]
    assert "/5" not in timeline


def test_the_timeline_reads_as_sentences_of_who_did_what(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    timeline = _between(login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode(),
                        'id="timeline"', "</ol>")
    fic, department = world.users["staff"].organisation.name, world.department.name

    assert re.findall(r"<strong>(.+?)</strong>", timeline) == [
        "您提交了诉求", f"{fic}已受理", f"{fic}已将诉求交办给{department}", f"{department}已签收，正在办理",
        f"{department}已答复"]
    assert "→" not in timeline  # no change of state in the enterprise's timeline


def test_replies_are_numbered_with_their_dates(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    actions.rate(appeal.pk, acting_user=ent_user, rating=Appeal.Rating.VERY_DISSATISFIED, comment="仍未解决")
    actions.reply(appeal.pk, acting_user=world.users["handler"], text="第二次答复内容。")
    response = login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk]))
    replies = _between(response.content.decode(), 'id="replies"', "</section>")
    first, second = (event.at for event in response.context["replies"])
    assert replies.index("第1次答复") < replies.index("已协调银行办理续贷。") < replies.index("第2次答复") \
        < replies.index("第二次答复内容。")
    assert replies.count('<li class="reply"') == 2
    assert timezone.localtime(first).strftime("%Y-%m-%d %H:%M") in replies
    assert timezone.localtime(second).strftime("%Y-%m-%d %H:%M") in replies


def test_a_replied_appeal_shows_the_rating_deadline_and_what_happens_after_it(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    client = login(ent_user)
    page = client.get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode()
    due = appeal.due_on.isoformat()
    assert f'<dt>评价截止</dt><dd id="due-on">{due}</dd>' in page and "办理时限" not in page
    note = _between(page, 'id="rate-deadline"', "</p>")
    assert due in note and "“未评价”" in note and "不会视为满意" in note
    listing = _between(client.get(reverse("appeals:my_list")).content.decode(), "<tbody>", "</tbody>")
    assert f'{due} <span class="badge warn">评价截止</span>' in listing


def test_each_rating_is_a_whole_tappable_label(world, login, ent_user, submit):
    appeal = _replied(world, submit)
    form = _between(login(ent_user).get(reverse("appeals:my_detail", args=[appeal.pk])).content.decode(),
                    'id="rate-form"', "</form>")
    choices = re.findall(r'<label class="choice" for="(id_rating_\d)"><input type="radio" name="rating" '
                         r'value="(\d)"[^>]*id="(id_rating_\d)"[^>]*> <span>(.+?)</span></label>', form)
    assert [(value, words) for _, value, _, words in choices] == [
        ("5", "非常满意"), ("4", "满意"), ("3", "基本满意"), ("2", "不满意"), ("1", "非常不满意")]
    assert all(label_for == input_id for label_for, _, input_id, _ in choices)


@pytest.mark.parametrize(("state", "label"), [
    ("submitted", "Accept by"), ("dispatched", "Sign for by"), ("in_progress", "Reply by"), ("replied", "Rate by"),
    ("accepted", "Dispatch by"), ("closed", "Due on")])
def test_the_deadline_is_named_after_the_step_it_is_for(state, label) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        assert due_label(Appeal(state=state)) == label
