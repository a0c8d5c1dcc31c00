"""Who reads an appeal's number and its contact: every side sees the number and the contact's name; the
phone is whole for the enterprise itself, FIC staff and the departments handling the appeal (each such
page or API answer, but the enterprise's own, leaves one view_personal audit entry), masked for a
district leader; another enterprise, another department and another district see nothing (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.audit.models import AuditEntry
from kaopu.core.api_testing import API, bearer_client

PHONE, MASKED = "13812345678", "138****5678"
PAGES = {"staff": "appeals:staff_detail", "leader": "appeals:staff_detail", "handler": "appeals:inbox_detail",
         "co_handler": "appeals:inbox_detail", "ent_user": "appeals:my_detail"}
# persona -> (phone shown, an audit entry recorded)
SEEN = {"staff": (PHONE, True), "handler": (PHONE, True), "co_handler": (PHONE, True),
        "leader": (MASKED, False), "ent_user": (PHONE, False)}


@pytest.fixture
def appeal(world, submit, other_department, other_handler):  # type: ignore[no-untyped-def]
    """An appeal with a contact, dispatched to the world's department with 区人社局 co-handling it."""
    made = submit(contact_name="王经理", contact_phone="138 1234 5678")
    actions.accept(made.pk, acting_user=world.users["staff"])
    return actions.dispatch(made.pk, acting_user=world.users["staff"], lead=world.department,
                            co_handlers=[other_department])


def _persona(world, other_handler, name: str):  # type: ignore[no-untyped-def]
    return other_handler if name == "co_handler" else world.users[name]


def _viewings() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="view_personal").order_by("sequence"))


@pytest.mark.parametrize("persona", list(SEEN))
def test_each_side_reads_the_number_and_the_contact_as_its_role_may(world, login, other_handler, appeal,
                                                                    persona) -> None:  # type: ignore[no-untyped-def]
    user = _persona(world, other_handler, persona)
    response = login(user).get(reverse(PAGES[persona], args=[appeal.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    shown, recorded = SEEN[persona]
    assert "<title>PT-2026-000001 贷款续贷困难" in page
    assert 'id="appeal-number">PT-2026-000001</span>' in page
    assert '<dd id="contact-name">王经理</dd>' in page
    assert shown in page and (PHONE in page) == (shown == PHONE)
    if shown == PHONE:
        assert f'href="tel:{PHONE}"' in page
    entries = _viewings()
    assert len(entries) == (1 if recorded else 0)
    if recorded:
        assert (entries[0].actor_id, entries[0].object_type, entries[0].object_id) == (
            user.pk, "appeals.appeal", str(appeal.pk))
        assert entries[0].summary == "查看 上海甲科技有限公司 的诉求 PT-2026-000001 联系人 王经理 的电话（未遮盖）"


@pytest.mark.parametrize("persona", list(SEEN))
def test_the_api_answers_the_same(world, other_handler, appeal, persona) -> None:  # type: ignore[no-untyped-def]
    user = _persona(world, other_handler, persona)
    body = bearer_client(user).get(f"{API}/appeals/{appeal.pk}").json()
    shown, recorded = SEEN[persona]
    assert (body["number"], body["contact_name"], body["contact_phone"]) == ("PT-2026-000001", "王经理", shown)
    assert len(_viewings()) == (1 if recorded else 0)
    listed = bearer_client(user).get(f"{API}/appeals").json()["items"]
    assert [item["number"] for item in listed] == ["PT-2026-000001"] and "contact_phone" not in listed[0]
    assert len(_viewings()) == (1 if recorded else 0)  # the list shows no phone


@pytest.mark.parametrize("persona", ["other_ent_user", "far_staff", "bank_officer"])
def test_those_who_may_not_see_the_appeal_see_neither_number_nor_contact(world, login, appeal, persona) -> None:  # type: ignore[no-untyped-def]
    user = world.users[persona]
    for name in ("appeals:my_detail", "appeals:staff_detail", "appeals:inbox_detail"):
        response = login(user).get(reverse(name, args=[appeal.pk]))
        assert response.status_code == 404 and PHONE not in response.content.decode()
    assert bearer_client(user).get(f"{API}/appeals/{appeal.pk}").status_code == 404
    assert bearer_client(user).get(f"{API}/appeals", {"q": appeal.number}).json().get("items", []) == []
    assert not _viewings()


def test_an_appeal_without_a_contact_shows_dashes_and_records_nothing(world, login, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()  # the user has no phone and the directory no contact
    assert (appeal.contact_name, appeal.contact_phone) == ("", "")
    page = login(world.users["staff"]).get(reverse("appeals:staff_detail", args=[appeal.pk])).content.decode()
    assert '<dd id="contact-name">—</dd>' in page and '<dd id="contact-phone">—</dd>' in page
    assert not _viewings()


def test_notifications_name_the_number(world, submit, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from kaopu.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        submit()
    titles = list(Notification.objects.filter(user=world.users["staff"]).values_list("title", flat=True))
    assert titles == ["新诉求待受理：PT-2026-000001 贷款续贷困难"]


def test_the_public_board_shows_neither_the_number_nor_the_contact(world, client, submit) -> None:  # type: ignore[no-untyped-def]
    from kaopu.appeals.models import Appeal

    appeal = submit(contact_name="王经理", contact_phone=PHONE, publish_consent=True)
    Appeal.objects.filter(pk=appeal.pk).update(state=Appeal.State.CLOSED, closed_at=appeal.created_at,
                                               public_summary="已协调银行续贷。",
                                               summary_review=Appeal.SummaryReview.APPROVED)
    page = client.get(reverse("board:board")).content.decode()
    assert "已协调银行续贷。" in page  # the row is there
    assert appeal.number not in page and "王经理" not in page and PHONE not in page
