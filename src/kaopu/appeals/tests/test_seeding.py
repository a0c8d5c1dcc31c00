"""Generated appeals (kaopu.appeals.seeding): each timeline is one the actions and the deadline sweep
could have written. The checks replay every appeal's events with kaopu.core.workdays and the
workflow table, independently of the generator, and compare the row with the replay."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.appeals import deadlines, kpi, numbering, seeding, workflow
from kaopu.appeals.demo_texts import CATEGORIES
from kaopu.appeals.models import Appeal, CoHandler, Event, KpiCell
from kaopu.core import workdays
from kaopu.core.management.commands.demo import load_demo
from kaopu.core.phones import CANONICAL
from kaopu.core.testing import loaded_once
from kaopu.directory import demo as directory_demo
from kaopu.directory import seeding as directory_seeding

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI)  # the appeals tests' "today"
S = Appeal.State
PRIVATE_ACTIONS = {"submit_reply", "request_return", "approve_return", "refuse_return", "give_opinion",
                   "request_extension", "instruct", "remind", "escalate"}
SAME_STATE_ACTIONS = {"give_opinion", "request_extension", "approve_extension", "refuse_extension", "instruct",
                      "remind", "escalate", "request_return", "refuse_return"}
STAFF_ACTIONS = {"accept", "decline", "dispatch", "approve_return", "refuse_return", "approve_extension",
                 "refuse_extension", "arbitrate", "merge"}
LEAD_ACTIONS = {"sign_for", "reply", "request_return", "request_extension"}


@pytest.fixture
def now_is_fixed(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo, loaded once for this module's read-mostly tests with the clock at NOW (each test's own
    writes vanish after it: kaopu.core.testing.loaded_once)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: NOW)
        with loaded_once(django_db_blocker, tmp_path_factory.mktemp("media"), load_demo):
            yield


@pytest.fixture
def demo_district(_demo_loaded, db, now_is_fixed):  # type: ignore[no-untyped-def]
    return directory_demo.DISTRICT_NAME


def local(moment: datetime) -> datetime:
    return moment.astimezone(SHANGHAI)


def add(day: date, step: str, appeal: Appeal) -> date:
    return workdays.add_working_days(day, deadlines.working_days_for(step, appeal))


class Replay:
    """The row that the appeal's events imply, computed the way the actions compute it."""

    def __init__(self, appeal: Appeal) -> None:
        self.appeal = appeal
        self.state = S.SUBMITTED
        self.due: date | None = None
        self.lead: int | None = None
        self.co_handlers: list[int] = []
        self.signed_on_time: bool | None = None
        self.first_reply_days: int | None = None
        self.replied_late = False
        self.reopen_count = 0
        self.rating = ""
        self.close_reason = ""
        self.closed_at: datetime | None = None
        self.assigned_staff: int | None = None
        self.return_requested = self.extension_requested = self.extension_used = False
        self.swept: set[tuple[str, str, str]] = set()

    def apply(self, event: Event, users: dict[int, User]) -> None:
        a, day = self.appeal, local(event.at).date()
        action = event.action
        assert event.from_state == self.state, (a.pk, action, event.from_state, self.state)
        # A reply that waits for staff's review is the reply transition's event, under its own name.
        if (table_action := "reply" if action == "submit_reply" else action) in workflow.TRANSITIONS:
            transition = workflow.TRANSITIONS[table_action]
            assert self.state in transition.sources, (a.pk, action, self.state)
            if transition.target is not None:
                assert event.to_state == transition.target, (a.pk, action)
            actor = users[event.actor_id]
            assert actor.role in transition.roles, (a.pk, action, actor.role)
            if action in STAFF_ACTIONS:
                assert actor.organisation.district_id == a.district_id
            if table_action in LEAD_ACTIONS:
                assert actor.organisation.department_id == self.lead, (a.pk, action)
            if action == "give_opinion":
                assert actor.organisation.department_id in self.co_handlers
            if action in ("rate", "withdraw"):
                assert actor.organisation.enterprise_id == a.enterprise_id
            moment = local(event.at)
            assert workdays.is_working_day(day) and time(9) <= moment.time() <= time(17, 31), (a.pk, action, moment)
        else:
            assert action in seeding.NON_TABLE_EVENTS, action
            assert event.actor_id is None or action == "submit"
        assert event.is_public == (action not in PRIVATE_ACTIONS), (a.pk, action)
        if action in SAME_STATE_ACTIONS:
            assert event.to_state == self.state, (a.pk, action)
        if action == "submit":
            assert event.actor_id == a.created_by_id
            self.due = add(day, "accept", a)
        elif action in ("remind", "escalate"):
            assert event.data == {"due_on": self.due.isoformat(), "state": self.state}  # type: ignore[union-attr]
            key = (action, event.data["due_on"], self.state)
            assert key not in self.swept, (a.pk, key)  # the sweep writes each marker once
            self.swept.add(key)
            if action == "escalate":
                assert day > self.due  # type: ignore[operator]
            else:
                assert workdays.add_working_days(day, 1) >= self.due and day <= self.due  # type: ignore[operator]
        elif action == "accept":
            self.assigned_staff, self.due = event.actor_id, add(day, "dispatch", a)
        elif action in ("decline", "withdraw", "merge"):
            self.due = None
        elif action == "dispatch":
            self.lead, self.co_handlers = event.data["lead"], event.data["co_handlers"]
            self.return_requested, self.signed_on_time = False, None
            self.due = add(day, "sign_for", a)
        elif action == "request_return":
            dispatched = self.dispatched_on
            assert workdays.working_days_between(dispatched, day) <= 1
            self.return_requested = True
        elif action in ("approve_return", "refuse_return"):
            assert self.return_requested
            self.return_requested = False
            if action == "approve_return":
                assert event.to_state == S.ACCEPTED
                self.lead, self.due = None, add(day, "dispatch", a)
        elif action == "sign_for":
            assert not self.return_requested
            self.signed_on_time = self.due is None or day <= self.due
            self.due = add(day, "reply", a)
        elif action == "request_extension":
            assert not self.extension_used and not self.extension_requested and day <= self.due  # type: ignore[operator]
            self.extension_requested, self.extension_days = True, event.data["working_days"]
        elif action in ("approve_extension", "refuse_extension"):
            assert self.extension_requested
            self.extension_requested, self.extension_used = False, True
            if action == "approve_extension":
                self.due = workdays.add_working_days(self.due, self.extension_days)  # type: ignore[arg-type]
        elif action in ("reply", "submit_reply"):
            if self.due is not None and day > self.due:
                self.replied_late = True
            if self.first_reply_days is None:
                self.first_reply_days = workdays.working_days_between(local(a.created_at).date(), day)
            assert set(event.data["co_handler_opinions"]) <= {str(d) for d in a.co_departments.all()}
            if action == "submit_reply":
                assert event.to_state == S.REVIEWING and a.category.reply_review_required
                assert event.data["reply_due"]["on"] == self.due.isoformat()  # type: ignore[union-attr]
                self.due = add(day, "review", a)
            else:
                self.due, self.rating = add(day, "rate", a), ""
        elif action == "rate":
            assert not self.rating and day <= self.due  # type: ignore[operator]
            self.rating = event.data["rating"]
            if self.rating in ("1", "2"):
                assert event.text.strip(), (a.pk, "a low rating always says why, as the rating form requires")
                if self.reopen_count >= 2:
                    assert event.to_state == S.REPLIED
                    self.due = None
                else:
                    assert event.to_state == S.IN_PROGRESS
                    self.reopen_count += 1
                    self.due = add(day, "reply", a)
            else:
                assert event.to_state == S.CLOSED
                self.due, self.close_reason = None, Appeal.CloseReason.RATED
        elif action == "close_unrated":
            assert (event.from_state, event.to_state) == (S.REPLIED, S.CLOSED) and day > self.due  # type: ignore[operator]
            self.due, self.close_reason = None, Appeal.CloseReason.UNRATED
        elif action == "arbitrate":
            assert self.reopen_count == 2
            self.due, self.close_reason = None, Appeal.CloseReason.ARBITRATED
        if action == "dispatch":
            self.dispatched_on = day
        self.state = event.to_state
        if self.state in workflow.FINAL_STATES and self.closed_at is None:
            self.closed_at = event.at

    def check_row(self) -> None:
        a = self.appeal
        assert a.state == self.state
        assert (a.due_on, a.lead_department_id, a.assigned_staff_id) == (self.due, self.lead, self.assigned_staff), a.pk
        assert (a.signed_on_time, a.first_reply_days, a.replied_late) == (
            self.signed_on_time, self.first_reply_days, self.replied_late), a.pk
        assert (a.reopen_count, a.rating, a.close_reason, a.closed_at) == (
            self.reopen_count, self.rating, self.close_reason, self.closed_at), a.pk
        assert (a.return_requested, a.extension_requested, a.extension_used) == (
            self.return_requested, self.extension_requested, self.extension_used), a.pk
        assert sorted(c.department_id for c in a.co_handlers.all()) == sorted(self.co_handlers)


def check_numbers_and_contacts(appeals: list[Appeal]) -> None:
    """Each appeal numbered in its district and Shanghai year, the sequences 1…n without a gap, in id order;
    each names its contact with a phone in the stored form."""
    sequences: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for appeal in appeals:
        assert appeal.number_year == workdays.to_local_date(appeal.created_at).year, appeal.number
        assert appeal.number == numbering.format_number(appeal.district.abbreviation, appeal.number_year,
                                                        appeal.number_sequence)
        sequences[appeal.district_id, appeal.number_year].append((appeal.pk, appeal.number_sequence))
        assert appeal.contact_name and CANONICAL.match(appeal.contact_phone), appeal.number
    for numbered in sequences.values():
        assert [sequence for _pk, sequence in sorted(numbered)] == list(range(1, len(numbered) + 1))


def check_appeals(appeals: list[Appeal]) -> None:
    check_numbers_and_contacts(appeals)
    events: dict[int, list[Event]] = defaultdict(list)
    for event in Event.objects.filter(appeal__in=appeals).order_by("appeal_id", "id"):
        events[event.appeal_id].append(event)
    users = {user.pk: user for user in User.objects.select_related("organisation")}
    for appeal in appeals:
        timeline = events[appeal.pk]
        assert timeline[0].action == "submit" and timeline[0].at == appeal.created_at
        assert [e.at for e in timeline] == sorted(e.at for e in timeline), appeal.pk
        assert timeline[-1].at <= NOW
        replay = Replay(appeal)
        for event in timeline:
            replay.apply(event, users)
        replay.check_row()
        assert appeal.updated_at == timeline[-1].at
        assert timeline[-1].to_state == appeal.state
        creator = users[appeal.created_by_id]
        if appeal.source == Appeal.Source.ONLINE:
            assert creator.role == Role.ENTERPRISE_USER and creator.organisation.enterprise_id == appeal.enterprise_id
        else:
            assert creator.role == Role.FIC_STAFF
        if appeal.state == S.MERGED:
            target = Appeal.objects.get(pk=appeal.merged_into_id)
            merged_at = timeline[-1].at
            assert target.enterprise_id == appeal.enterprise_id and target.created_at < merged_at
            assert target.closed_at is None or target.closed_at > merged_at
            assert timeline[-1].data == {"into": target.pk}
        else:
            assert appeal.merged_into_id is None
        for co in CoHandler.objects.filter(appeal=appeal):
            opinions = [e for e in timeline if e.action == "give_opinion"
                        and users[e.actor_id].organisation.department_id == co.department_id]
            assert (co.opinion, co.opinion_at) == ((opinions[-1].text, opinions[-1].at) if opinions else ("", None))


def test_demo_appeals_follow_the_workflow_and_their_facts_follow_the_events(demo_district):
    appeals = list(Appeal.objects.select_related("category").prefetch_related("co_handlers", "co_departments"))
    assert 290 <= len(appeals) <= 310
    check_appeals(appeals)


def test_demo_appeals_are_numbered_in_the_order_they_were_submitted(demo_district):
    times = list(Appeal.objects.order_by("id").values_list("created_at", flat=True))
    assert times == sorted(times)


def test_the_demo_has_every_state_and_a_realistic_mix(demo_district):
    states = Counter(Appeal.objects.values_list("state", flat=True))
    assert set(states) == set(Appeal.State.values)
    assert states[S.CLOSED] > 0.6 * sum(states.values())
    closed = Appeal.objects.filter(state=S.CLOSED)
    given = [event.data["rating"] for event in Event.objects.filter(action="rate")]
    assert set(given) == set(Appeal.Rating.values)
    assert set(closed.exclude(rating="").values_list("rating", flat=True)) >= {"5", "4", "3"}
    assert set(closed.values_list("close_reason", flat=True)) == {"rated", "unrated", "arbitrated"}
    assert Appeal.objects.filter(reopen_count__gte=1).exists()
    assert set(Appeal.objects.values_list("kind", flat=True)) == set(Appeal.Kind.values)
    assert len(set(Appeal.objects.values_list("source", flat=True))) >= 5
    consent = Appeal.objects.filter(publish_consent=True).count() / Appeal.objects.count()
    assert 0.35 < consent < 0.65
    assert Appeal.objects.filter(is_confidential=True).exists()
    assert CoHandler.objects.exists()
    oldest = Appeal.objects.order_by("created_at").first().created_at  # type: ignore[union-attr]
    assert NOW - timedelta(days=366) <= oldest < NOW - timedelta(days=300)


def test_demo_texts_fit_their_category_and_differ(demo_district):
    titles = Counter(Appeal.objects.values_list("title", flat=True))
    contents = set(Appeal.objects.values_list("content", flat=True))
    assert len(contents) > 0.8 * Appeal.objects.exclude(state=S.MERGED).count()
    assert len(titles) > 30
    # Appeals turned from legal service requests carry the request's own topic (kaopu.legal's demo).
    generated = Appeal.objects.exclude(source=Appeal.Source.LEGAL)
    for title, category in generated.values_list("title", "category__name")[:100]:
        stems = [template.split("{")[0][:6] for template, _content in CATEGORIES[category].appeals]
        assert any(title.startswith(stem) for stem in stems), (title, category)
    replies = set(Event.objects.filter(action="reply").values_list("text", flat=True))
    assert len(replies) > 50


def test_the_walk_through_logins_find_their_appeals(demo_district):
    qiye1 = User.objects.get(username="qiye1")
    own = Appeal.objects.filter(enterprise_id=qiye1.organisation.enterprise_id)
    assert own.count() >= 12
    assert set(own.values_list("state", flat=True)) >= {S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS,
                                                        S.REPLIED, S.CLOSED, S.WITHDRAWN, S.DECLINED}
    scjg = User.objects.get(username="scjg")
    inbox = Appeal.objects.filter(lead_department_id=scjg.organisation.department_id)
    assert set(inbox.values_list("state", flat=True)) >= {S.DISPATCHED, S.IN_PROGRESS, S.REPLIED, S.CLOSED}
    assert inbox.filter(state=S.DISPATCHED, return_requested=True).exists()
    assert inbox.filter(state=S.IN_PROGRESS, extension_requested=True).exists()
    assert inbox.filter(state=S.REVIEWING, category__reply_review_required=True).exists()  # staff's 待审核
    assert not CoHandler.objects.filter(opinion_due_on__isnull=True).exists()  # asked by a date, like the action
    rsj = User.objects.get(username="rsj")
    assert Appeal.objects.filter(co_handlers__department_id=rsj.organisation.department_id).exists()
    assert Appeal.objects.filter(state=S.SUBMITTED).count() >= 4
    # qiye1's appeals name qiye1 as their contact, with the demo account's mobile number.
    assert set(own.values_list("contact_name", "contact_phone")) == {("周晓东", "13916628800")}


def test_every_demo_account_still_logs_in_with_the_demo_password(demo_district):
    from kaopu.core.management.commands.demo import DEMO_PASSWORD

    created = User.objects.filter(username__regex=r"^(qy|bm)\d+$")
    assert created.exists()
    assert all(user.check_password(DEMO_PASSWORD) for user in created[:5])


def test_the_same_seed_and_now_give_the_same_appeals(demo_district):
    district = directory_demo.DISTRICT_NAME
    from kaopu.directory.models import District

    cast = seeding.prepare_cast(District.objects.get(name=district), enterprises=50)

    def rows() -> list[tuple[Any, ...]]:
        generator = seeding.AppealGenerator(cast, now=NOW, start=date(2025, 10, 1), seed="same")
        return [(row.appeal["title"], row.appeal["state"], len(row.events))
                for row in generator.generate(60, 10**6)]

    assert rows() == rows()


def test_kpi_cells_after_the_demo_equal_a_rebuild(demo_district):
    before = cells()
    assert before
    kpi.rebuild()
    assert cells() == before


def cells() -> list[tuple[Any, ...]]:
    return sorted(KpiCell.objects.values_list("district_id", "month", "dimension", "key", *kpi.COUNTERS))


@pytest.fixture
def seeded_district(db, now_is_fixed):  # type: ignore[no-untyped-def]
    directory_seeding.seed(count=300, district_name="静安区")
    return "静安区"


def test_seed_command_writes_appeals_with_timelines(seeded_district):
    out = StringIO()
    with translation.override("en"):
        call_command("seed", appeals=400, district=seeded_district, chunk=150, stdout=out)
    assert "Seeded 400 appeals" in out.getvalue() and "rows/s" in out.getvalue()
    # The module's demo (another district) may be loaded already: count this district's appeals.
    appeals = list(Appeal.objects.filter(district__name=seeded_district).prefetch_related("co_handlers",
                                                                                          "co_departments"))
    assert len(appeals) == 400
    check_appeals(appeals)
    assert Counter(a.state for a in appeals)[S.CLOSED] > 250
    before = cells()
    assert before
    kpi.rebuild()
    assert cells() == before


def test_seeding_twice_adds_more_appeals(seeded_district):
    seeding.seed_appeals(count=50, district_name=seeded_district, seed=1)
    seeding.seed_appeals(count=50, district_name=seeded_district, seed=2)
    seeded = Appeal.objects.filter(district__name=seeded_district)  # the module's demo may be loaded too
    assert seeded.count() == 100
    check_numbers_and_contacts(list(seeded.select_related("district")))  # the second after the first
    assert Event.objects.filter(appeal__in=seeded).values("appeal_id").distinct().count() == 100


def test_seed_command_refuses_a_district_without_enterprises(db):
    with pytest.raises(CommandError, match=r"no district|no active enterprises"):
        call_command("seed", appeals=10, district="无此区", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("seed", stdout=StringIO())


def test_work_calendar_counts_like_workdays(db):
    workdays.forget()
    calendar = seeding.WorkCalendar(date(2025, 9, 1), date(2026, 12, 31), SHANGHAI)
    day = date(2025, 9, 3)
    while day < date(2026, 11, 30):
        for n in (1, 2, 5, 10, 15):
            assert calendar.add(day, n) == workdays.add_working_days(day, n), (day, n)
        assert calendar.between(day, day + timedelta(days=17)) == workdays.working_days_between(
            day, day + timedelta(days=17))
        day += timedelta(days=3)


def test_a_big_load_on_postgresql_restores_the_indexes_and_keys_it_drops(seeded_district):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("indexes and keys are dropped around big loads on PostgreSQL only")

    def schema() -> list[tuple[str, ...]]:
        with connection.cursor() as cursor:
            cursor.execute("""SELECT indexdef FROM pg_indexes WHERE tablename IN ('appeals_appeal', 'appeals_event')
                              UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint
                              WHERE conrelid::regclass::text IN ('appeals_appeal', 'appeals_event',
                                                                 'appeals_cohandler')""")
            return sorted(cursor.fetchall())

    before = schema()
    seeding.seed_appeals(count=120, district_name=seeded_district, rebuild_indexes=True, chunk=50)
    assert schema() == before
    check_appeals(list(Appeal.objects.prefetch_related("co_handlers", "co_departments")))
