"""Leadership terms (换届): recording a term with its elected officers, the refusals, the start page's
"terms ending within 90 days" and the nightly reminder to staff, once per term at 90 and at 30 days."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.chambers import actions, selectors, tasks
from kaopu.chambers.actions import ChamberError, Officer
from kaopu.chambers.models import TermOfficer
from kaopu.core.registry import registry
from kaopu.notifications.models import Notification

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def _term(chamber, user, number=5, ends_on=date(2026, 7, 31), **extra):  # type: ignore[no-untyped-def]
    return actions.record_term(chamber, acting_user=user, number=number, elected_on=date(2021, 7, 20),
                               starts_on=date(2021, 8, 1), ends_on=ends_on, **extra)


def test_an_officer_records_their_chambers_term_with_its_officers(world, chamber):
    officer = world.users["chamber_officer"]
    term = _term(chamber, officer, officers=[Officer("president", "张三", world.enterprise_a),
                                             Officer("secretary", "徐志文")])
    assert [(o.position, o.name, o.enterprise) for o in term.officers.all()] == [
        ("president", "张三", world.enterprise_a), ("secretary", "徐志文", None)]


def test_a_term_ending_before_it_starts_and_a_number_twice_are_refused(world, chamber):
    staff = world.users["staff"]
    with pytest.raises(ChamberError) as refused:
        _term(chamber, staff, ends_on=date(2021, 1, 1))
    assert refused.value.field == "ends_on" and "任期结束" in refused.value.message
    _term(chamber, staff)
    with pytest.raises(ChamberError) as refused:
        _term(chamber, staff)
    assert refused.value.field == "number"


def test_updating_a_term_replaces_its_officers(world, chamber):
    staff = world.users["staff"]
    term = _term(chamber, staff, officers=[Officer("president", "张三")])
    actions.update_term(term, acting_user=staff, number=5, elected_on=term.elected_on, starts_on=term.starts_on,
                        ends_on=term.ends_on, officers=[Officer("president", "李四"), Officer("vice", "王五")])
    assert list(TermOfficer.objects.filter(term=term).values_list("name", flat=True)) == ["李四", "王五"]


def test_the_term_form_reads_officer_lines(world, login, chamber):
    client = login(world.users["chamber_officer"])
    response = client.post(reverse("chambers:term_new", args=[chamber.pk]), {
        "number": "4", "elected_on": "2026-03-01", "starts_on": "2026-03-01", "ends_on": "2031-02-28",
        "officers": f"会长 张三 {world.enterprise_a.credit_code}\n秘书长 徐志文\n"})
    assert response.status_code == 302
    assert [(o.get_position_display(), o.name, o.enterprise_id) for o in
            TermOfficer.objects.filter(term__chamber=chamber)] == [("会长", "张三", world.enterprise_a.pk),
                                                                  ("秘书长", "徐志文", None)]
    refused = client.post(reverse("chambers:term_new", args=[chamber.pk]), {
        "number": "5", "elected_on": "2026-03-01", "starts_on": "2026-03-01", "ends_on": "2031-02-28",
        "officers": "主席 张三"}, follow=True)
    assert "第 1 行" in refused.content.decode()


def test_terms_ending_within_90_days_count_and_list_the_same_rows(world, login, chamber, other_chamber):
    staff = world.users["staff"]
    soon = _term(chamber, staff, ends_on=date(2026, 8, 1))
    _term(other_chamber, staff, ends_on=date(2027, 1, 1))  # later than 90 days
    todo = registry.todos["chambers.terms_ending"]
    assert todo.count(staff) == 1
    page = login(staff).get(todo.url(staff)).content.decode()
    assert chamber.name in page and other_chamber.name not in page
    _term(chamber, staff, number=6, ends_on=date(2031, 7, 31))  # the next term is recorded: nothing to do
    assert todo.count(staff) == 0 and not selectors.terms_ending(staff, DAY).filter(pk=soon.pk).exists()
    assert registry.todos["chambers.our_term_ending"].count(world.users["chamber_officer"]) == 0


def test_the_officer_sees_their_own_terms_ending_only(world, chamber, other_chamber):
    _term(other_chamber, world.users["staff"], ends_on=date(2026, 6, 1))
    officer = world.users["chamber_officer"]
    assert registry.todos["chambers.our_term_ending"].count(officer) == 0
    _term(chamber, world.users["staff"], ends_on=date(2026, 6, 1))
    assert registry.todos["chambers.our_term_ending"].count(officer) == 1


def test_staff_are_reminded_once_at_90_days_and_once_at_30(world, chamber, far_chamber, pin_clock):
    staff = world.users["staff"]
    _term(chamber, staff, ends_on=date(2026, 8, 10))  # 82 days on
    _term(far_chamber, world.users["far_staff"], ends_on=date(2026, 8, 10))
    assert tasks.send_reminders(DAY) == 2
    assert tasks.send_reminders(DAY) == 0  # the same night again: nothing
    mine = Notification.objects.filter(user=staff)
    assert mine.count() == 1 and chamber.name in mine.get().title
    assert not Notification.objects.filter(user=world.users["far_staff"], title__contains=chamber.name).exists()
    assert tasks.send_reminders(date(2026, 7, 12)) == 2  # 29 days on: the 30-day reminder
    assert tasks.send_reminders(date(2026, 7, 20)) == 0
    assert mine.count() == 2


def test_a_term_found_late_is_reminded_once(world, chamber):
    _term(chamber, world.users["staff"], ends_on=date(2026, 6, 1))  # 12 days on, never reminded
    assert tasks.send_reminders(DAY) == 1
    assert tasks.send_reminders(DAY) == 0
