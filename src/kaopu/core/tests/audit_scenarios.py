"""One scenario per public function of every app's action modules, for test_every_write_audited.py.

A scenario receives a :class:`Stage` (the ``world`` personas and what each app needs, made lazily
through the real actions) and prepares whatever the action needs: that part is not watched. It
returns an :class:`Act`: the call that is watched, and optionally words the audit entry must contain
(the object's name: an enterprise, an appeal's title, a meeting …). ``reads_only`` marks helpers that
must write nothing at all (the test checks that too).

A new action needs a scenario here, or an entry in ``EXEMPT`` with the reason it writes without an
audit entry: the walk fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.utils import timezone

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Permission, Role
from kaopu.core.testing import World, make_credit_code, make_user


@dataclass
class Act:
    call: Callable[[], Any]
    words: str = ""  # text one of the new audit entries' summaries must contain
    reads_only: bool = False


# Public functions of action modules that may write without an audit entry, and why. Keep it short.
EXEMPT: dict[str, str] = {
    "kaopu.notifications.actions.notify":
        "a notification is a message about a change that was audited where it was made (the action that "
        "calls notify); its row is the recipient's inbox, not a business fact",
    "kaopu.notifications.actions.mark_read":
        "a user marking their own notification read changes only their inbox's read state",
    "kaopu.notifications.actions.mark_read_for":
        "opening the page a notification points to marks it read: the user's own inbox state",
    "kaopu.notifications.actions.mark_all_read": "the user's own inbox state, as mark_read",
    "kaopu.exports.actions.request_export":
        "stores and queues an export job with the list's filters: nothing has left the platform yet; the export "
        "is audited when its file is made (run_export) and each time it is downloaded (record_download)",
    "kaopu.reports.actions.requeue_stalled":
        "puts a report whose worker was lost back in the queue (or fails it): queue bookkeeping; the report is "
        "audited when it is asked for and when its document is made",
    "kaopu.exports.actions.requeue_stalled":
        "puts a job whose worker was lost back in the queue (or fails it): queue bookkeeping; the export is "
        "audited when its file is made",
    "kaopu.publicity.actions.take_down":
        "the withdrawal's state change, called inside withdraw and the tamper check's response, each of which "
        "audits it in the same transaction (their scenarios watch that)",
    "kaopu.publicity.actions.record_files_changed":
        "the version row written when an article's image or attachment changes, called inside the upload and "
        "removal functions of kaopu.publicity.files, which audit the file change in the same transaction",
    "kaopu.chambers.actions.remind_term_ending":
        "the reminder task's once-only marker (TermReminder) and a notification to the district's staff that a "
        "chamber's term ends soon; no business fact changes (like investment's remind_next_step)",
    "kaopu.investment.actions.remind_next_step":
        "the reminder task's idempotency marker (Lead.reminded_for) and a notification to the lead's owner; "
        "no business fact changes (like the appeals' sweep markers)",
}

# Modules holding actions under another name than actions*.py (walked as well).
EXTRA_ACTION_MODULES = ["kaopu.finance.alliance"]


@dataclass
class Stage:
    world: World
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, name: str) -> User:
        return self.world.users[name]

    # --- appeals ----------------------------------------------------------------------------------
    @cached_property
    def category(self) -> Any:
        from kaopu.appeals.models import Category

        return Category.objects.get(name="融资")

    def appeal(self, to: str = "submitted", *, title: str = "贷款续贷困难", co_handler: Any = None) -> Any:
        from kaopu.appeals import actions
        from kaopu.appeals.models import Appeal

        appeal = actions.submit_appeal(enterprise=self.world.enterprise_a, acting_user=self.user("ent_user"),
                                       kind=Appeal.Kind.HELP, category=self.category, title=title,
                                       content="企业流动资金贷款到期，续贷审批缓慢，请求协调。")
        steps = ["submitted", "accepted", "dispatched", "in_progress", "replied"]
        staff, handler = self.user("staff"), self.user("handler")
        if steps.index(to) >= 1:
            actions.accept(appeal.pk, acting_user=staff)
        if steps.index(to) >= 2:
            actions.dispatch(appeal.pk, acting_user=staff, lead=self.world.department,
                             co_handlers=[co_handler] if co_handler else [])
        if steps.index(to) >= 3:
            actions.sign_for(appeal.pk, acting_user=handler)
        if steps.index(to) >= 4:
            actions.reply(appeal.pk, acting_user=handler, text="已协调银行续贷。")
        return Appeal.objects.get(pk=appeal.pk)

    @cached_property
    def second_department(self) -> tuple[Any, User]:
        from kaopu.directory.models import Department

        department = Department.objects.create(district=self.world.district, name="区人社局")
        organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=department.name,
                                                   district=self.world.district, department=department)
        return department, make_user("handler2", Role.DEPARTMENT_HANDLER, organisation)

    # --- dialogues --------------------------------------------------------------------------------
    def meeting(self, **fields: Any) -> Any:
        from kaopu.dialogues.testing import make_meeting

        return make_meeting(self.world.district, self.user("staff"), **fields)

    def registration(self, meeting: Any = None, *, approved: bool = False) -> Any:
        from kaopu.dialogues import actions

        meeting = meeting or self.meeting()
        registration = actions.register(meeting.pk, acting_user=self.user("ent_user"), attendee_names="周晓东")
        if approved:
            registration = actions.approve(registration.pk, acting_user=self.user("staff"))
        return registration

    # --- legal ------------------------------------------------------------------------------------
    @cached_property
    def team(self) -> Any:
        from kaopu.legal.testing import make_team

        return make_team(self.world)

    def legal_request(self, to: str = "submitted", service_name: str = "法律咨询") -> Any:
        from kaopu.legal.testing import advance, submit

        self.team  # noqa: B018 (the team exists before the request)
        request = submit(self.user("ent_user"), service_name=service_name)
        return advance(request, self.user("staff"), self.team.lawyer, to=to) if to != "submitted" else request

    # --- finance ----------------------------------------------------------------------------------
    @cached_property
    def alliance(self) -> Any:
        from kaopu.finance.testing import alliance

        return alliance(self.world)

    def demand(self, *, pushed: bool = False, claimed: bool = False) -> Any:
        from kaopu.finance import actions
        from kaopu.finance.testing import make_demand

        demand = make_demand(self.world.enterprise_a, self.user("ent_user"))
        push = None
        if pushed or claimed:
            push = actions.push_demand(acting_user=self.user("staff"), demand_id=demand.pk,
                                       banks=[self.alliance.bank])[0]
        if claimed:
            push = actions.claim(acting_user=self.user("bank_officer"), push_id=push.pk)  # type: ignore[union-attr]
        return demand, push

    # --- investment -------------------------------------------------------------------------------
    @cached_property
    def lead(self) -> Any:
        from kaopu.investment.testing import make_lead

        return make_lead(self.user("staff"))


def given(prepare: Callable[[Stage], Any], act: Callable[[Any, Stage], Act]) -> Callable[[Stage], Act]:
    """A scenario that first makes ``prepare(stage)`` (unwatched), then acts on it."""
    return lambda stage: act(prepare(stage), stage)


PRODUCT = {"name": "科创信用贷（新）", "kind": "credit", "amount_min": "50", "amount_max": "500", "rate_min": "3.1",
           "rate_max": "4.2", "term_min_months": 6, "term_max_months": 36}


def _appeals() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.appeals import actions as a
    from kaopu.appeals.models import Appeal

    def submit(s: Stage) -> Act:
        return Act(lambda: a.submit_appeal(
            enterprise=s.world.enterprise_a, acting_user=s.user("ent_user"), kind=Appeal.Kind.HELP,
            category=s.category, title="厂房租金补贴", content="请问租金补贴如何申请？"), "厂房租金补贴")

    def on(to: str, call: Callable[[Any, Stage], Any], **options: Any) -> Callable[[Stage], Act]:
        def scenario(s: Stage) -> Act:
            appeal = s.appeal(to, **options)
            return Act(lambda: call(appeal, s), "贷款续贷困难")
        return scenario

    def decide_return(s: Stage) -> Act:
        appeal = s.appeal("dispatched")
        a.request_return(appeal.pk, acting_user=s.user("handler"), reason="不属于本部门职责")
        return Act(lambda: a.decide_return(appeal.pk, acting_user=s.user("staff"), approve=True), "贷款续贷困难")

    def give_opinion(s: Stage) -> Act:
        department, handler2 = s.second_department
        appeal = s.appeal("dispatched", co_handler=department)
        return Act(lambda: a.give_opinion(appeal.pk, acting_user=handler2, opinion="同意主办部门意见。"),
                   "贷款续贷困难")

    def decide_extension(s: Stage) -> Act:
        appeal = s.appeal("in_progress")
        a.request_extension(appeal.pk, acting_user=s.user("handler"), reason="需要多部门会商", working_days=5)
        return Act(lambda: a.decide_extension(appeal.pk, acting_user=s.user("staff"), approve=True), "贷款续贷困难")

    def reviewing(s: Stage) -> Any:
        appeal = s.appeal("in_progress")
        type(appeal.category).objects.filter(pk=appeal.category_id).update(reply_review_required=True)
        return a.reply(appeal.pk, acting_user=s.user("handler"), text="已协调，待审核。")

    def arbitrate(s: Stage) -> Act:
        appeal = s.appeal("replied")
        for _round in range(2):
            a.rate(appeal.pk, acting_user=s.user("ent_user"), rating="1", comment="仍未解决")
            a.reply(appeal.pk, acting_user=s.user("handler"), text="再次协调。")
        a.rate(appeal.pk, acting_user=s.user("ent_user"), rating="1", comment="仍未解决")
        return Act(lambda: a.arbitrate(appeal.pk, acting_user=s.user("staff"), conclusion="已尽力协调，予以办结。"),
                   "贷款续贷困难")

    def merge(s: Stage) -> Act:
        duplicate, target = s.appeal(title="重复的诉求"), s.appeal()
        return Act(lambda: a.merge(duplicate.pk, acting_user=s.user("staff"), into=target), "重复的诉求")

    def review_public_summary(s: Stage) -> Act:
        appeal = s.appeal("replied")
        type(appeal).objects.filter(pk=appeal.pk).update(publish_consent=True)
        a.rate(appeal.pk, acting_user=s.user("ent_user"), rating="5")
        return Act(lambda: a.review_public_summary(appeal.pk, acting_user=s.user("staff"), publish=True,
                                                   text="经协调已续贷。"), "贷款续贷困难")

    def recount_deadlines(s: Stage) -> Act:
        appeal = s.appeal()
        Appeal.objects.filter(pk=appeal.pk).update(due_provisional=True)  # as if counted before the year was known
        return Act(lambda: a.recount_deadlines(timezone.localdate().year), "贷款续贷困难")

    staff = "staff"
    return {
        "submit_appeal": submit,
        "accept": on("submitted", lambda ap, s: a.accept(ap.pk, acting_user=s.user(staff))),
        "decline": on("submitted", lambda ap, s: a.decline(ap.pk, acting_user=s.user(staff), reason="不属于受理范围")),
        "dispatch": on("accepted", lambda ap, s: a.dispatch(ap.pk, acting_user=s.user(staff),
                                                            lead=s.world.department)),
        "sign_for": on("dispatched", lambda ap, s: a.sign_for(ap.pk, acting_user=s.user("handler"))),
        "reply": on("in_progress", lambda ap, s: a.reply(ap.pk, acting_user=s.user("handler"), text="已协调。")),
        "withdraw": on("submitted", lambda ap, s: a.withdraw(ap.pk, acting_user=s.user("ent_user"))),
        "rate": on("replied", lambda ap, s: a.rate(ap.pk, acting_user=s.user("ent_user"), rating="5")),
        "request_return": on("dispatched", lambda ap, s: a.request_return(
            ap.pk, acting_user=s.user("handler"), reason="不属于本部门职责")),
        "decide_return": decide_return,
        "give_opinion": give_opinion,
        "request_extension": on("in_progress", lambda ap, s: a.request_extension(
            ap.pk, acting_user=s.user("handler"), reason="需要多部门会商", working_days=5)),
        "decide_extension": decide_extension,
        "approve_reply": given(reviewing, lambda ap, s: Act(
            lambda: a.approve_reply(ap.pk, acting_user=s.user(staff)), "贷款续贷困难")),
        "return_reply": given(reviewing, lambda ap, s: Act(
            lambda: a.return_reply(ap.pk, acting_user=s.user(staff), reason="请补充办理时限。"), "贷款续贷困难")),
        "arbitrate": arbitrate,
        "merge": merge,
        "instruct": on("in_progress", lambda ap, s: a.instruct(ap.pk, acting_user=s.user("leader"),
                                                               instruction="请加快办理。")),
        "close_unrated": on("replied", lambda ap, s: a.close_unrated(ap)),
        "review_public_summary": review_public_summary,
        "recount_deadlines": recount_deadlines,
    }


def _routing() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.appeals import actions_routing as r

    def rule_input(s: Stage, name: str = "融资诉求交金融办", **fields: Any) -> Any:
        return r.RuleInput(name=name, lead=s.world.department, category=s.category, **fields)

    def saved(s: Stage) -> Any:
        r.create_rule(acting_user=s.user("staff"), data=rule_input(s, "先到的规则", keywords="续贷"))
        return r.create_rule(acting_user=s.user("staff"), data=rule_input(s))

    staff = "staff"
    return {
        "create_rule": lambda s: Act(lambda: r.create_rule(acting_user=s.user(staff), data=rule_input(s)),
                                     "融资诉求交金融办"),
        "update_rule": given(saved, lambda rule, s: Act(lambda: r.update_rule(
            rule.pk, acting_user=s.user(staff), data=rule_input(s, keywords="贷款 担保", position=1)),
            "融资诉求交金融办")),
        "move_rule": given(saved, lambda rule, s: Act(lambda: r.move_rule(
            rule.pk, acting_user=s.user(staff), direction="up"), "融资诉求交金融办")),
        "delete_rule": given(saved, lambda rule, s: Act(lambda: r.delete_rule(
            rule.pk, acting_user=s.user(staff)), "融资诉求交金融办")),
        "check_rule": lambda s: Act(lambda: r.check_rule(s.world.district.pk, rule_input(s)), reads_only=True),
        "snapshot": given(saved, lambda rule, s: Act(lambda: r.snapshot(rule), reads_only=True)),
    }


def _dialogues() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.dialogues import actions as d
    from kaopu.dialogues.models import Meeting, MeetingKind, ensure_kinds

    def create(s: Stage) -> Act:
        ensure_kinds()
        kind = MeetingKind.objects.get(name="政企早餐会")
        starts = timezone.now() + timedelta(days=10)
        return Act(lambda: d.create_meeting(acting_user=s.user("staff"), kind=kind, theme="专精特新企业座谈",
                                            starts_at=starts, ends_at=starts + timedelta(hours=2),
                                            venue="区政府第二会议室", capacity=20), "专精特新企业座谈")

    def on_meeting(call: Callable[[Any, Stage], Any], *, reads_only: bool = False,
                   **fields: Any) -> Callable[[Stage], Act]:
        def scenario(s: Stage) -> Act:
            meeting = s.meeting(**fields)
            return Act(lambda: call(meeting, s), "数字经济企业发展", reads_only=reads_only)
        return scenario

    def on_registration(call: Callable[[Any, Stage], Any], *, approved: bool = False) -> Callable[[Stage], Act]:
        def scenario(s: Stage) -> Act:
            registration = s.registration(approved=approved)
            return Act(lambda: call(registration, s), "上海甲科技有限公司")
        return scenario

    def at_the_door(call: Callable[[Any, Stage], Any]) -> Callable[[Stage], Act]:
        """A check-in: an approved registration of a meeting that starts in half an hour (check-in open)."""
        def scenario(s: Stage) -> Act:
            meeting = s.meeting(starts_at=timezone.now() + timedelta(minutes=30))
            registration = s.registration(meeting, approved=True)
            return Act(lambda: call(registration, s), "上海甲科技有限公司")
        return scenario

    def add_issue(s: Stage) -> Act:
        meeting = s.meeting()
        return Act(lambda: d.add_issue(meeting.pk, acting_user=s.user("staff"), enterprise=s.world.enterprise_a,
                                       summary="用电增容审批慢"), "上海甲科技有限公司")

    def issues_to_appeals(s: Stage) -> Act:
        meeting = s.meeting()
        issue = d.add_issue(meeting.pk, acting_user=s.user("staff"), enterprise=s.world.enterprise_a,
                            summary="用电增容审批慢")
        return Act(lambda: d.issues_to_appeals(meeting.pk, acting_user=s.user("staff"),
                                               items=[(issue.pk, "help", s.category.pk)]), "用电增容审批慢")

    staff = "staff"
    return {
        "create_meeting": create,
        "update_meeting": on_meeting(lambda m, s: d.update_meeting(m.pk, acting_user=s.user(staff), venue="新址")),
        "open_registration": on_meeting(lambda m, s: d.open_registration(m.pk, acting_user=s.user(staff)),
                                        state=Meeting.State.DRAFT),
        "close_registration": on_meeting(lambda m, s: d.close_registration(m.pk, acting_user=s.user(staff))),
        "mark_held": on_meeting(lambda m, s: d.mark_held(m.pk, acting_user=s.user(staff))),
        "cancel_meeting": on_meeting(lambda m, s: d.cancel_meeting(m.pk, acting_user=s.user(staff), reason="改期")),
        "invite": on_meeting(lambda m, s: d.invite(m.pk, acting_user=s.user(staff),
                                                   enterprises=[s.world.enterprise_b])),
        "register": on_meeting(lambda m, s: d.register(m.pk, acting_user=s.user("ent_user"))),
        "approve": on_registration(lambda r, s: d.approve(r.pk, acting_user=s.user(staff))),
        "decline": on_registration(lambda r, s: d.decline(r.pk, acting_user=s.user(staff), note="名额已满")),
        "cancel_registration": on_registration(lambda r, s: d.cancel_registration(r.pk,
                                                                                  acting_user=s.user("ent_user"))),
        "check_in": at_the_door(lambda r, s: d.check_in(r.meeting_id, acting_user=s.user(staff), code=r.code)),
        "check_in_registration": at_the_door(lambda r, s: d.check_in_registration(r.pk, acting_user=s.user(staff))),
        "save_minutes": on_meeting(lambda m, s: d.save_minutes(m.pk, acting_user=s.user(staff), minutes="纪要")),
        "add_issue": add_issue,
        "issues_to_appeals": issues_to_appeals,
        "seats_taken": on_meeting(lambda m, s: d.seats_taken(m), reads_only=True),
        "seats_left": on_meeting(lambda m, s: d.seats_left(m), reads_only=True),
    }


def _legal() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.legal import actions as law
    from kaopu.legal.models import HealthCheckItem
    from kaopu.legal.testing import service

    def submit(s: Stage) -> Act:
        s.team  # noqa: B018
        return Act(lambda: law.submit_request(
            acting_user=s.user("ent_user"), service=service(), topic="商标被抢注怎么办",
            description="我司商标被他人抢注。",
            contact_name="王经理", contact_phone="13800001111"), "商标被抢注怎么办")

    def on(to: str, call: Callable[[Any, Stage], Any], service_name: str = "法律咨询") -> Callable[[Stage], Act]:
        def scenario(s: Stage) -> Act:
            request = s.legal_request(to, service_name)
            return Act(lambda: call(request, s), "上海甲科技有限公司")
        return scenario

    def checklist(request: Any, s: Stage) -> Any:
        return law.save_checklist(request.pk, acting_user=s.user("lawyer"), results={
            item.pk: {"status": "ok"} for item in HealthCheckItem.objects.filter(is_active=True)[:2]})

    staff, lawyer = "staff", "lawyer"
    return {
        "submit_request": submit,
        "assign_lawyer": on("submitted", lambda r, s: law.assign_lawyer(r.pk, acting_user=s.user(staff),
                                                                        lawyer=s.team.lawyer)),
        "decline_request": on("submitted", lambda r, s: law.decline_request(r.pk, acting_user=s.user(staff),
                                                                            reason="不属于服务范围")),
        "turn_into_appeal": on("submitted", lambda r, s: law.turn_into_appeal(r.pk, acting_user=s.user(staff),
                                                                              category=s.category)),
        "cancel_request": on("submitted", lambda r, s: law.cancel_request(r.pk, acting_user=s.user("ent_user"))),
        "rate_request": on("completed", lambda r, s: law.rate_request(r.pk, acting_user=s.user("ent_user"), rating=5)),
        "record_session": on("assigned", lambda r, s: law.record_session(
            r.pk, acting_user=s.user(lawyer), held_at=timezone.now(), mode="phone", minutes=30, summary="电话咨询")),
        "save_checklist": on("assigned", checklist, "法律体检"),
        "complete_request": on("in_progress", lambda r, s: law.complete_request(
            r.pk, acting_user=s.user(lawyer), outcome="advice", outcome_text="已出具书面意见。")),
        "set_availability": given(lambda s: s.team, lambda t, s: Act(lambda: law.set_availability(
            t.lawyer.pk, acting_user=s.user(lawyer), available=False), t.lawyer.user.name)),
        "save_firm": given(lambda s: s.team, lambda t, s: Act(lambda: law.save_firm(
            acting_user=s.user(staff), firm_id=t.firm.pk, name=t.firm.name, address="真如镇路 1 号"),
            "上海普法律师事务所")),
        "save_lawyer": given(lambda s: s.team, lambda t, s: Act(lambda: law.save_lawyer(
            acting_user=s.user(staff), lawyer_id=t.lawyer.pk, years_of_practice=12), t.lawyer.user.name)),
        "save_catalogue_entry": lambda s: Act(lambda: law.save_catalogue_entry(
            "area", acting_user=s.user(staff), values={"name": "数据合规"}), "数据合规"),
        "open_load": given(lambda s: s.team, lambda t, s: Act(lambda: law.open_load(t.lawyer.pk), reads_only=True)),
        "missing_checks": lambda s: (lambda r: Act(lambda: law.missing_checks(r), reads_only=True))(
            s.legal_request("assigned", "法律体检")),
    }


def _finance() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.finance import actions as f
    from kaopu.finance import alliance as al
    from kaopu.finance.models import FinancingDemand, PolicyScheme
    from kaopu.finance.testing import DEMAND_DATA, make_demand, make_product

    def on_demand(call: Callable[[Any, Any, Stage], Any], **options: bool) -> Callable[[Stage], Act]:
        def scenario(s: Stage) -> Act:
            s.alliance  # noqa: B018
            demand, push = s.demand(**options)
            return Act(lambda: call(demand, push, s), "上海甲科技有限公司")
        return scenario

    def recount(s: Stage) -> Act:
        demand, push = s.demand(claimed=True)
        f.grant(acting_user=s.user("bank_officer"), push_id=push.pk, amount="300", rate="3.5", term_months=12)
        FinancingDemand.objects.filter(pk=demand.pk).update(working_days_to_grant=None)
        return Act(lambda: f.recount_days_to_grant(timezone.localdate().year), "融资需求")

    def product(s: Stage) -> Any:
        return make_product(s.alliance.bank)

    def scheme(s: Stage) -> Any:
        return PolicyScheme.objects.create(name="贷款贴息（试点）")

    bank_data = {"name": "上海浦东发展银行普陀支行", "short_name": "浦发银行", "joined_on": date(2024, 3, 1)}
    staff, officer = "staff", "bank_officer"
    return {
        "create_product": given(lambda s: s.alliance, lambda a, s: Act(lambda: f.create_product(
            acting_user=s.user(officer), bank=a.bank, data=PRODUCT), "科创信用贷（新）")),
        "update_product": lambda s: (lambda p: Act(lambda: f.update_product(
            acting_user=s.user(officer), product_id=p.pk, data=PRODUCT), "科创信用贷（新）"))(product(s)),
        "submit_demand": lambda s: Act(lambda: f.submit_demand(enterprise=s.world.enterprise_a,
                                                               acting_user=s.user("ent_user"), data=DEMAND_DATA),
                                       "上海甲科技有限公司"),
        "update_demand": on_demand(lambda d, p, s: f.update_demand(acting_user=s.user("ent_user"), demand_id=d.pk,
                                                                   data={**DEMAND_DATA, "amount": "400"})),
        "give_consent": lambda s: (lambda d: Act(lambda: f.give_consent(acting_user=s.user("ent_user"),
                                                                        demand_id=d.pk), "上海甲科技有限公司"))(
            make_demand(s.world.enterprise_a, s.user("ent_user"), consent_to_share=False)),
        "withdraw_demand": on_demand(lambda d, p, s: f.withdraw_demand(acting_user=s.user("ent_user"),
                                                                       demand_id=d.pk), pushed=True),
        "push_demand": on_demand(lambda d, p, s: f.push_demand(
            acting_user=s.user(staff), demand_id=d.pk, banks=[s.alliance.bank, s.alliance.other_bank])),
        "claim": on_demand(lambda d, p, s: f.claim(acting_user=s.user(officer), push_id=p.pk), pushed=True),
        "record_contact": on_demand(lambda d, p, s: f.record_contact(acting_user=s.user(officer), push_id=p.pk,
                                                                     note="电话联系财务负责人"), claimed=True),
        "grant": on_demand(lambda d, p, s: f.grant(acting_user=s.user(officer), push_id=p.pk, amount="300",
                                                   rate="3.5", term_months=12), claimed=True),
        "decline": on_demand(lambda d, p, s: f.decline(acting_user=s.user(officer), push_id=p.pk,
                                                       reason="collateral"), claimed=True),
        "recount_days_to_grant": recount,
        "create_bank": lambda s: Act(lambda: al.create_bank(acting_user=s.user(staff), data=bank_data),
                                     "上海浦东发展银行普陀支行"),
        "update_bank": given(lambda s: s.alliance, lambda a, s: Act(lambda: al.update_bank(
            acting_user=s.user(staff), bank_id=a.bank.pk, data={**bank_data, "name": "上海农商银行普陀支行"}),
            "上海农商银行普陀支行")),
        "add_contact": given(lambda s: s.alliance, lambda a, s: Act(lambda: al.add_contact(
            acting_user=s.user(staff), bank_id=a.bank.pk, data={"name": "钱经理", "phone": "13900001111"}), "钱经理")),
        "remove_contact": lambda s: (lambda c: Act(lambda: al.remove_contact(
            acting_user=s.user(staff), contact_id=c.pk), "钱经理"))(al.add_contact(
                acting_user=s.user(staff), bank_id=s.alliance.bank.pk,
                data={"name": "钱经理", "phone": "13900001111"})),
        "add_scheme": lambda s: Act(lambda: al.add_scheme(acting_user=s.user(staff), data={"name": "首贷贴息"}),
                                    "首贷贴息"),
        "rename_scheme": lambda s: (lambda x: Act(lambda: al.rename_scheme(
            acting_user=s.user(staff), scheme_id=x.pk, data={"name": "贷款贴息"}), "贷款贴息"))(scheme(s)),
        "set_scheme_active": lambda s: (lambda x: Act(lambda: al.set_scheme_active(
            acting_user=s.user(staff), scheme_id=x.pk, active=False), "贷款贴息（试点）"))(scheme(s)),
        "parse_amount": lambda s: Act(lambda: f.parse_amount("300"), reads_only=True),
        "parse_rate": lambda s: Act(lambda: f.parse_rate("3.5"), reads_only=True),
        "parse_term": lambda s: Act(lambda: f.parse_term(12), reads_only=True),
        "clean_product": lambda s: Act(lambda: f.clean_product(PRODUCT), reads_only=True),
        "clean_demand": lambda s: Act(lambda: f.clean_demand(DEMAND_DATA), reads_only=True),
        "clean_bank": lambda s: Act(lambda: al.clean_bank(bank_data), reads_only=True),
    }


def _investment() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.investment import actions as inv
    from kaopu.investment.testing import make_partner, make_visit

    partner = {"name": "宁波市工商联", "kind": "fic", "region": "浙江省宁波市"}
    visit = {"title": "宁波市工商联考察团来访", "visited_on": "2026-03-10", "members": "李四，宁波市工商联",
             "topics": "产业合作"}
    lead = {"name": "宁波某新材料项目", "industry": "C", "intended_amount": "3000"}

    def change_owner(s: Stage) -> Act:
        other = make_user("staff2", Role.FIC_STAFF, s.user("staff").organisation, name="赵六")
        lead = s.lead
        return Act(lambda: inv.change_owner(lead, acting_user=s.user("staff"), owner=other), "温州某智能装备项目")

    staff = "staff"
    return {
        "create_partner": lambda s: Act(lambda: inv.create_partner(acting_user=s.user(staff), **partner),
                                        "宁波市工商联"),
        "update_partner": lambda s: (lambda p: Act(lambda: inv.update_partner(p, acting_user=s.user(staff), **partner),
                                                   "宁波市工商联"))(make_partner(s.user(staff))),
        "create_visit": lambda s: Act(lambda: inv.create_visit(acting_user=s.user(staff), **visit), "考察团来访"),
        "update_visit": lambda s: (lambda v: Act(lambda: inv.update_visit(v, acting_user=s.user(staff), **visit),
                                                 "宁波市工商联考察团来访"))(make_visit(s.user(staff))),
        "create_lead": lambda s: Act(lambda: inv.create_lead(acting_user=s.user(staff), **lead), "宁波某新材料项目"),
        "update_lead": given(lambda s: s.lead, lambda x, s: Act(lambda: inv.update_lead(
            x, acting_user=s.user(staff), **lead), "宁波某新材料项目")),
        "change_owner": change_owner,
        "record_follow_up": given(lambda s: s.lead, lambda x, s: Act(lambda: inv.record_follow_up(
            x, acting_user=s.user(staff), happened_on=timezone.localdate(), method="phone", note="电话沟通进展"),
            "温州某智能装备项目")),
        "move_lead": given(lambda s: s.lead, lambda x, s: Act(lambda: inv.move_lead(
            x, acting_user=s.user(staff), move="sign", amount="4000", on=timezone.localdate()), "温州某智能装备项目")),
        "parse_amount": lambda s: Act(lambda: inv.parse_amount("100", inv.F("amount", "金额")), reads_only=True),
        "find_enterprise": lambda s: Act(lambda: inv.find_enterprise("上海甲科技有限公司", s.world.district.pk,
                                                                     inv.F("enterprise", "企业")), reads_only=True),
    }


def _fourgood() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.chambers.tests.audit_fourgood import scenarios

    return scenarios()
def _programs() -> dict[str, Callable[[Stage], Act]]:
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from kaopu.chambers.testing import the_officers_chamber
    from kaopu.programs import actions as prg
    from kaopu.programs.testing import make_activity, make_types
    from kaopu.programs.tests.test_photos import jpeg

    def in_scratch_media(call: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
                return call()
        return run

    def forum(s: Stage) -> dict[str, Any]:
        return {"type": make_types()["论坛/沙龙"], "title": "民营企业发展论坛", "starts_at": "2026-09-20 14:00"}

    def photographed(s: Stage) -> Any:
        activity = make_activity(s.user("staff"))
        return prg.add_photo(activity, acting_user=s.user("staff"), caption="合影",
                             upload=SimpleUploadedFile("a.jpg", jpeg(), content_type="image/jpeg"))

    photo = SimpleUploadedFile
    return {
        "create_activity": given(lambda s: (the_officers_chamber(s.world), forum(s))[1], lambda x, s: Act(
            lambda: prg.create_activity(acting_user=s.user("chamber_officer"), **x), "民营企业发展论坛")),
        "update_activity": given(lambda s: (make_activity(s.user("staff")), forum(s)), lambda x, s: Act(
            lambda: prg.update_activity(x[0], acting_user=s.user("staff"), **x[1]), "民营企业发展论坛")),
        "add_photo": given(lambda s: make_activity(s.user("staff")), lambda x, s: Act(in_scratch_media(
            lambda: prg.add_photo(x, acting_user=s.user("staff"), upload=photo("会场.jpg", jpeg()))),
            "学习贯彻全会精神专题学习会")),
        "update_caption": given(photographed, lambda x, s: Act(
            lambda: prg.update_caption(x, acting_user=s.user("staff"), caption="签约仪式"), "签约仪式")),
        "remove_photo": given(photographed, lambda x, s: Act(
            lambda: prg.remove_photo(x, acting_user=s.user("staff")), "学习贯彻全会精神专题学习会")),
        "save_activity_type": lambda s: Act(lambda: prg.save_activity_type(
            acting_user=s.user("staff"), name="公益慈善", sort_order=75), "公益慈善"),
    }


def _training() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.programs.testing_training import audit_scenarios

    return audit_scenarios()


def _directory_core_accounts() -> dict[str, dict[str, Callable[[Stage], Act]]]:
    from kaopu.accounts import actions as acc
    from kaopu.core.calendar_actions import save_calendar_year
    from kaopu.directory import actions as dire
    from kaopu.notifications import actions as note

    return {
        "kaopu.directory.actions": {
            "create_enterprise": lambda s: Act(lambda: dire.create_enterprise(
                data={"name": "上海丁新能源有限公司", "credit_code": make_credit_code(90_001)},
                district_id=s.world.district.pk, acting_user=s.user("staff")), "上海丁新能源有限公司"),
            "update_enterprise": lambda s: Act(lambda: dire.update_enterprise(
                s.world.enterprise_a, changes={"phone": "021-62345678"}, acting_user=s.user("staff")),
                "上海甲科技有限公司"),
        },
        "kaopu.core.calendar_actions": {
            "save_calendar_year": lambda s: Act(lambda: save_calendar_year(
                2027, holidays={date(2027, 1, 1): "元旦"}, workdays={}, notice="国办发明电〔2026〕9号",
                acting_user=s.user("staff")), "2027 年工作日历"),
        },
        "kaopu.accounts.actions": {
            "change_role": lambda s: Act(lambda: acc.change_role(s.user("staff"), role=Role.DISTRICT_LEADER,
                                                                 acting_user=s.user("secadmin")), "staff"),
            "grant_permissions": lambda s: Act(lambda: acc.grant_permissions(
                s.user("leader"), permissions=[Permission.SETTINGS], acting_user=s.user("secadmin")), "leader"),
            "issue_token": lambda s: Act(lambda: acc.issue_token(s.user("staff"), name="报表同步"), "报表同步"),
            "revoke_token": lambda s: (lambda t: Act(lambda: acc.revoke_token(s.user("staff"), t.pk), "令牌"))(
                acc.issue_token(s.user("staff"), name="报表同步")[0]),
            "can_change_roles": lambda s: Act(lambda: acc.can_change_roles(s.user("secadmin")), reads_only=True),
            "can_request_admin_roles": lambda s: Act(lambda: acc.can_request_admin_roles(s.user("secadmin")),
                                                     reads_only=True),
            "can_decide_admin_roles": lambda s: Act(lambda: acc.can_decide_admin_roles(s.user("sysadmin")),
                                                    reads_only=True),
            "may_decide": given(lambda s: _admin_role_request(s), lambda r, s: Act(
                lambda: acc.may_decide(s.user("sysadmin"), r), reads_only=True)),
            "actor_words": lambda s: Act(lambda: acc.actor_words(s.user("staff")), reads_only=True),
            "role_words": lambda s: Act(lambda: acc.role_words(Role.FIC_STAFF), reads_only=True),
            "token_lifetime_choices": lambda s: Act(acc.token_lifetime_choices, reads_only=True),
            "check_may_change": lambda s: Act(lambda: acc.check_may_change(s.user("sysadmin"), s.user("staff"),
                                                                           "password"), reads_only=True),
            "check_may_reset_password": lambda s: Act(lambda: acc.check_may_reset_password(
                s.user("sysadmin"), s.user("staff")), reads_only=True),
            "check_update": lambda s: Act(lambda: acc.check_update(s.user("staff"), changes={"name": "张晓明"},
                                                                   acting_user=s.user("sysadmin")), reads_only=True),
            "create_account": lambda s: (lambda user: Act(lambda: acc.create_account(
                user, acting_user=s.user("sysadmin")), "newcomer"))(_unsaved_user(s)),
            "update_account": lambda s: Act(lambda: acc.update_account(
                s.user("staff"), changes={"name": "张晓明"}, acting_user=s.user("sysadmin")), "staff"),
            "reset_password": lambda s: Act(lambda: acc.reset_password(
                s.user("staff"), new_password="Reset-Passw0rd-2026", acting_user=s.user("sysadmin")), "staff"),
            "reset_password_from_command_line": lambda s: Act(
                lambda: acc.reset_password_from_command_line("staff"), "staff"),
            "change_own_password": lambda s: Act(lambda: acc.change_own_password(
                s.user("staff"), new_password="Own-Passw0rd-2026"), "staff"),
            "revoke_all_tokens": lambda s: (lambda _t: Act(lambda: acc.revoke_all_tokens(
                s.user("staff"), because="deactivated", acting_user=s.user("sysadmin")), "报表同步"))(
                acc.issue_token(s.user("staff"), name="报表同步")),
            "request_admin_role": lambda s: Act(lambda: acc.request_admin_role(
                s.user("staff"), role=Role.AUDIT_ADMIN, reason="原审计管理员调岗", acting_user=s.user("secadmin")),
                "staff"),
            "decide_admin_role_request": given(lambda s: _admin_role_request(s), lambda r, s: Act(
                lambda: acc.decide_admin_role_request(r.pk, approve=True, acting_user=s.user("sysadmin")), "staff")),
        },
        "kaopu.notifications.actions": {
            "unread_count": lambda s: Act(lambda: note.unread_count(s.user("staff")), reads_only=True),
        },
    }


def _admin_role_request(stage: Stage) -> Any:
    from kaopu.accounts import actions as acc

    return acc.request_admin_role(stage.user("staff"), role=Role.AUDIT_ADMIN, reason="原审计管理员调岗",
                                  acting_user=stage.user("secadmin"))


def _unsaved_user(stage: Stage) -> User:
    user = User(username="newcomer", name="新同事", organisation=stage.user("staff").organisation,
                role=Role.FIC_STAFF)
    user.set_password("Initial-Passw0rd-2026")
    return user


def _request(user: User, *, verified_device: Any = None) -> Any:
    """A request with a session and django-otp's user, as the middleware makes it; with
    ``verified_device``, a session that has passed the second step."""
    import time

    from django.contrib.sessions.middleware import SessionMiddleware
    from django.test import RequestFactory
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.middleware import OTPMiddleware

    from kaopu.twofactor import session

    request = RequestFactory().post("/", REMOTE_ADDR="10.1.1.1")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    if verified_device is not None:
        request.session[DEVICE_ID_SESSION_KEY] = verified_device.persistent_id
        request.session[session.STATE_KEY] = {"need": session.VERIFY, "at": time.time()}
    OTPMiddleware(lambda r: r)(request)
    return request


def _twofactor() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.core.testing import PASSWORD
    from kaopu.twofactor import actions as tfa
    from kaopu.twofactor.testing import current_code, enrol

    def pending(stage: Stage) -> tuple[Any, str]:
        device = tfa.start_enrolment(stage.user("staff"))
        return device, current_code(device)

    def enrolled(stage: Stage) -> tuple[Any, str]:
        device = enrol(stage.user("staff"))
        return device, current_code(device)

    return {
        "set_policy": lambda s: Act(lambda: tfa.set_policy(Role.FIC_STAFF, required=True,
                                                           acting_user=s.user("secadmin")), "工商联工作人员"),
        "start_enrolment": lambda s: Act(lambda: tfa.start_enrolment(s.user("staff")), "staff"),
        "confirm_enrolment": given(pending, lambda dc, s: Act(lambda: tfa.confirm_enrolment(
            s.user("staff"), dc[1], request=_request(s.user("staff"))), "staff")),
        "verify_second_step": given(enrolled, lambda dc, s: Act(lambda: tfa.verify_second_step(
            s.user("staff"), dc[1], request=_request(s.user("staff"))), "staff")),
        "regenerate_recovery_codes": given(enrolled, lambda dc, s: Act(lambda: tfa.regenerate_recovery_codes(
            s.user("staff"), request=_request(s.user("staff"), verified_device=dc[0])), "staff")),
        "disable": given(enrolled, lambda dc, s: Act(lambda: tfa.disable(
            s.user("staff"), password=PASSWORD, code=dc[1], request=_request(s.user("staff"))), "staff")),
        "reset": given(enrolled, lambda dc, s: Act(lambda: tfa.reset(s.user("staff"),
                                                                     acting_user=s.user("secadmin")), "staff")),
        "reset_from_command_line": given(enrolled, lambda dc, s: Act(
            lambda: tfa.reset_from_command_line(s.user("staff")), "staff")),
    }


def _scratch_media(call: Callable[[], Any]) -> Callable[[], Any]:
    """``call`` with MEDIA_ROOT in a temporary folder: the export files are written there, not under var/."""
    import tempfile

    from django.test import override_settings

    def run() -> Any:
        with tempfile.TemporaryDirectory() as folder, override_settings(MEDIA_ROOT=folder):
            return call()
    return run


def _exports() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.exports import actions as ex
    from kaopu.exports.models import ExportJob
    from kaopu.exports.testing import queue_only

    def queued(stage: Stage) -> ExportJob:
        with queue_only():
            return ex.request_export(stage.user("staff"), "directory.enterprises", {"industry": "65"})

    def made(stage: Stage) -> ExportJob:
        job = queued(stage)
        _scratch_media(lambda: ex.run_export(job.pk))()
        return ExportJob.objects.get(pk=job.pk)

    def expired(stage: Stage) -> ExportJob:
        job = made(stage)
        ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(hours=1))
        return job

    return {
        "run_export": given(queued, lambda job, s: Act(_scratch_media(lambda: ex.run_export(job.pk)),
                                                       "导出企业名录 1 家")),
        "record_download": given(made, lambda job, s: Act(
            lambda: ex.record_download(job, request=_request(s.user("staff"))), "下载导出的企业名录")),
        "expire_exports": given(expired, lambda job, s: Act(_scratch_media(ex.expire_exports), job.file_name)),
        "stalled_jobs": lambda s: Act(ex.stalled_jobs, reads_only=True),
        "keep_for": lambda s: Act(ex.keep_for, reads_only=True),
    }


def _publicity() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.publicity import actions as p
    from kaopu.publicity import actions_settings as ps
    from kaopu.publicity import testing as pt

    def team(s: Stage) -> Any:
        return pt.editorial(s.world)

    def in_review(s: Stage) -> Any:
        article = pt.draft_article(s.world)
        return p.submit(team(s).author, article.pk)

    def scheduled(s: Stage) -> Any:
        article = pt.approved_article(s.world)
        return p.publish(team(s).author, article.pk, at=timezone.now() + timedelta(minutes=5))

    def withdrawn(s: Stage) -> Any:
        article = pt.published_article(s.world)
        return p.withdraw(team(s).author, article.pk, reason="数据有误")

    def reads(call: Callable[[Any, Stage], Any]) -> Callable[[Stage], Act]:
        return given(in_review, lambda article, s: Act(lambda: call(article, s), reads_only=True))

    return {
        "create_article": given(team, lambda t, s: Act(lambda: p.create_article(
            t.author, column=t.column, title="区工商联召开民营企业座谈会", body=pt.CLEAN_BODY), "撰写了文章")),
        "update_article": given(lambda s: pt.draft_article(s.world), lambda article, s: Act(
            lambda: p.update_article(team(s).author, article.pk, summary="座谈会听取企业意见"), "保存了文章的第2版")),
        "submit": given(lambda s: pt.draft_article(s.world), lambda article, s: Act(
            lambda: p.submit(team(s).author, article.pk), "送审")),
        "review": given(in_review, lambda article, s: Act(
            lambda: p.review(team(s).reviewer, article.pk, approve=True), "初审通过")),
        "publish": given(lambda s: pt.approved_article(s.world), lambda article, s: Act(
            lambda: p.publish(team(s).author, article.pk), "发布了文章")),
        "publish_due": given(scheduled, lambda article, s: Act(
            lambda: p.publish_due(timezone.now() + timedelta(minutes=10)), "发布了文章")),
        "withdraw": given(lambda s: pt.published_article(s.world), lambda article, s: Act(
            lambda: p.withdraw(team(s).author, article.pk, reason="数据有误"), "数据有误")),
        "revise": given(withdrawn, lambda article, s: Act(lambda: p.revise(team(s).author, article.pk), "退回草稿")),
        "authors": reads(lambda article, s: p.authors(article)),
        "final_step": reads(lambda article, s: p.final_step(article)),
        "may_decide": given(lambda s: (in_review(s), team(s).reviewer), lambda made, s: Act(
            lambda: p.may_decide(made[1], made[0]), reads_only=True)),
        "reviewers_for": reads(lambda article, s: p.reviewers_for(article)),
        "site_settings": lambda s: Act(lambda: p.site_settings(s.world.district.pk), reads_only=True),
        "save_column": lambda s: Act(lambda: ps.save_column(s.user("staff"), name="政策解读", slug="policy"),
                                     "政策解读"),
        "save_site_settings": lambda s: Act(lambda: ps.save_site_settings(s.user("staff"), site_name="普陀区工商联"),
                                            "网站名称"),
    }


def _lectsites() -> dict[str, dict[str, Callable[[Stage], Act]]]:
    """Education sites, lecturers and their bookings (kaopu.programs.actions_sites / actions_lecturers)."""
    from kaopu.programs import actions_lecturers as lec
    from kaopu.programs import actions_sites as sites
    from kaopu.programs.testing import make_activity, make_types
    from kaopu.programs.tests.lectsites import make_lecturer, make_site

    def site(s: Stage) -> Any:
        return make_site(s.user("staff"), name="苏州河红色印迹教育示范点", kind="demonstration")

    def speaker(s: Stage) -> Any:
        return make_lecturer(s.user("staff"), name="李明", account=s.user("ent_user").username)

    def booked(s: Stage) -> Any:
        make_types()
        activity = make_activity(s.user("staff"), title="民营企业发展论坛",
                                 starts_at=timezone.now() + timedelta(days=10))
        return lec.request_booking(acting_user=s.user("staff"), lecturer=speaker(s), topic="数字化转型实践",
                                   activity=activity.pk)

    def forum(s: Stage) -> Any:
        make_types()
        return make_activity(s.user("staff"), title="民营企业发展论坛", starts_at=timezone.now() + timedelta(days=10))

    site_values = {"name": "苏州河红色印迹教育示范点", "kind": "demonstration", "designated_year": 2020}
    return {
        "kaopu.programs.actions_sites": {
            "create_site": lambda s: Act(lambda: sites.create_site(acting_user=s.user("staff"), **site_values),
                                         "苏州河红色印迹教育示范点"),
            "update_site": given(site, lambda x, s: Act(lambda: sites.update_site(
                x, acting_user=s.user("staff"), **{**site_values, "capacity": 80}), "苏州河红色印迹教育示范点")),
            "change_site_status": given(site, lambda x, s: Act(lambda: sites.change_site_status(
                x, acting_user=s.user("staff"), status="suspended", on=timezone.localdate(), reason="闭馆修缮"),
                "闭馆修缮")),
        },
        "kaopu.programs.actions_lecturers": {
            "create_lecturer": lambda s: Act(lambda: make_lecturer(s.user("staff"), name="王建国"), "王建国"),
            "update_lecturer": given(speaker, lambda x, s: Act(lambda: lec.update_lecturer(
                x, acting_user=s.user("staff"), name="李明", kind="expert", topics="企业家精神"), "李明")),
            "set_lecturer_active": given(speaker, lambda x, s: Act(lambda: lec.set_lecturer_active(
                x, acting_user=s.user("staff"), active=False), "李明")),
            "request_booking": given(lambda s: (speaker(s), forum(s)), lambda x, s: Act(lambda: lec.request_booking(
                acting_user=s.user("staff"), lecturer=x[0], topic="数字化转型实践", activity=x[1].pk),
                "民营企业发展论坛")),
            "accept_booking": given(booked, lambda x, s: Act(lambda: lec.accept_booking(
                x, acting_user=s.user("ent_user")), "民营企业发展论坛")),
            "decline_booking": given(booked, lambda x, s: Act(lambda: lec.decline_booking(
                x, acting_user=s.user("staff"), reason="出差"), "民营企业发展论坛")),
            "cancel_booking": given(booked, lambda x, s: Act(lambda: lec.cancel_booking(
                x, acting_user=s.user("staff")), "民营企业发展论坛")),
        },
    }


def _membership() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.membership.tests.scenarios import scenarios

    return scenarios()
def _giving() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.giving.tests.scenarios import scenarios

    return scenarios()


def _reports() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.reports.tests.scenarios import scenarios

    return scenarios()


def _insights() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.insights.tests.scenarios import scenarios

    return scenarios()


def _chambers() -> dict[str, Callable[[Stage], Act]]:
    from kaopu.chambers import actions as ch
    from kaopu.chambers.actions_roster import add_members_from_roster
    from kaopu.chambers.models import BrandPlanItem
    from kaopu.chambers.testing import another_chamber, chamber_code, the_officers_chamber
    from kaopu.chambers.tests.uploads import jpeg_upload, roster_upload

    staff, officer = "staff", "chamber_officer"
    day = date(2026, 9, 1)

    def chamber(s: Stage) -> Any:
        if "chamber" not in s.extra:
            s.extra["chamber"] = the_officers_chamber(s.world)
        return s.extra["chamber"]

    def member(s: Stage) -> Any:
        return ch.add_member(chamber(s), acting_user=s.user(staff), enterprise=s.world.enterprise_a,
                             joined_on=date(2025, 1, 1))

    def term(s: Stage) -> Any:
        return ch.record_term(chamber(s), acting_user=s.user(staff), number=2, elected_on=date(2021, 3, 1),
                              starts_on=date(2021, 3, 1), ends_on=date(2026, 2, 28))

    def project(s: Stage) -> Any:
        return ch.create_project(chamber(s), acting_user=s.user(officer), title="青年企业家成长营", year=2026,
                                 goals="培育青年企业家")

    record = {"name": "普陀区长风新村街道商会", "kind": "subdistrict", "founded_on": date(2012, 3, 1),
              "credit_code": chamber_code(80_001)}
    plan = [BrandPlanItem(planned_on=date(2026, 3, 1), whole_month=True, what="启动仪式")]

    def new_chamber(s: Stage) -> Any:
        return ch.create_chamber(acting_user=s.user(staff), subdistrict=s.world.subdistrict, **record)

    return {
        "create_chamber": lambda s: Act(lambda: new_chamber(s), "普陀区长风新村街道商会"),
        "update_chamber": given(chamber, lambda c, s: Act(lambda: ch.update_chamber(
            c, acting_user=s.user(staff), address="普陀区长寿路 1 号"), "普陀区青年商会")),
        "change_status": given(lambda s: (chamber(s), another_chamber(s.world)[0]), lambda pair, s: Act(
            lambda: ch.change_status(pair[0], acting_user=s.user(staff), status="merged", on=day,
                                     merged_into=pair[1]), "普陀区温州商会")),
        "link_organisation": given(new_chamber, lambda c, s: Act(lambda: ch.link_organisation(
            c, acting_user=s.user(staff)), "普陀区长风新村街道商会")),
        "add_member": given(chamber, lambda c, s: Act(lambda: ch.add_member(
            c, acting_user=s.user(officer), enterprise=s.world.enterprise_b, role="vice", joined_on=day),
            "上海乙餐饮管理有限公司")),
        "change_role": given(member, lambda m, s: Act(lambda: ch.change_role(
            m, acting_user=s.user(officer), role="president", on=day), "上海甲科技有限公司")),
        "record_leaving": given(member, lambda m, s: Act(lambda: ch.record_leaving(m, acting_user=s.user(officer),
                                                                                   on=day), "上海甲科技有限公司")),
        "record_term": given(chamber, lambda c, s: Act(lambda: ch.record_term(
            c, acting_user=s.user(officer), number=3, elected_on=date(2026, 3, 1), starts_on=date(2026, 3, 1),
            ends_on=date(2031, 2, 28), officers=[ch.Officer("president", "张三", s.world.enterprise_a)]),
            "普陀区青年商会")),
        "update_term": given(term, lambda t, s: Act(lambda: ch.update_term(
            t, acting_user=s.user(officer), number=2, elected_on=t.elected_on, starts_on=t.starts_on,
            ends_on=t.ends_on, officers=[ch.Officer("president", "李四")]), "普陀区青年商会")),
        "create_project": given(chamber, lambda c, s: Act(lambda: ch.create_project(
            c, acting_user=s.user(officer), title="助企服务月", year=2026, goals="服务会员企业", plan=plan),
            "助企服务月")),
        "update_project": given(project, lambda p, s: Act(lambda: ch.update_project(
            p, acting_user=s.user(officer), title="青年企业家成长营", year=2026, goals="培育", status="under_way",
            plan=plan), "青年企业家成长营")),
        "set_featured": given(project, lambda p, s: Act(lambda: ch.set_featured(
            p, acting_user=s.user(staff), featured=True), "青年企业家成长营")),
        "add_outcome": given(project, lambda p, s: Act(lambda: ch.add_outcome(
            p, acting_user=s.user(officer), text="服务企业", figure="120", unit="家"), "青年企业家成长营")),
        "remove_outcome": given(lambda s: ch.add_outcome(project(s), acting_user=s.user(officer), text="培训"),
                                lambda o, s: Act(lambda: ch.remove_outcome(o, acting_user=s.user(officer)),
                                                 "青年企业家成长营")),
        "add_photo": given(project, lambda p, s: Act(lambda: ch.add_photo(
            p, acting_user=s.user(officer), upload=jpeg_upload(), caption="合影"), "青年企业家成长营")),
        "add_members_from_roster": given(chamber, lambda c, s: Act(lambda: add_members_from_roster(
            c, acting_user=s.user(officer), name="会员名册.xlsx",
            source=roster_upload([["", s.world.enterprise_a.credit_code, "理事", "2025-01-01", ""]])),
            "普陀区青年商会")),
        "remove_photo": given(lambda s: ch.add_photo(project(s), acting_user=s.user(officer), upload=jpeg_upload()),
                              lambda p, s: Act(lambda: ch.remove_photo(p, acting_user=s.user(officer)),
                                               "青年企业家成长营")),
    }


def all_scenarios() -> dict[str, Callable[[Stage], Act]]:
    """Every scenario by the action's dotted name (module.function)."""
    by_module = {
        "kaopu.appeals.actions": _appeals(),
        "kaopu.appeals.actions_routing": _routing(),
        "kaopu.dialogues.actions": _dialogues(),
        "kaopu.legal.actions": _legal(),
        "kaopu.finance.actions": {k: v for k, v in _finance().items()
                                  if k not in {"create_bank", "update_bank", "add_contact", "remove_contact",
                                               "add_scheme", "rename_scheme", "set_scheme_active", "clean_bank"}},
        "kaopu.finance.alliance": {k: v for k, v in _finance().items()
                                   if k in {"create_bank", "update_bank", "add_contact", "remove_contact",
                                            "add_scheme", "rename_scheme", "set_scheme_active", "clean_bank"}},
        "kaopu.investment.actions": _investment(),
        "kaopu.chambers.actions_fourgood": _fourgood(),
        "kaopu.programs.actions": _programs(),
        "kaopu.programs.actions_training": _training(),
        **_lectsites(),
        "kaopu.membership.actions": _membership(),
        "kaopu.giving.actions": _giving(),
        "kaopu.insights.actions": _insights(),
        "kaopu.reports.actions": _reports(),
        "kaopu.chambers.actions": {k: v for k, v in _chambers().items() if k != "add_members_from_roster"},
        "kaopu.chambers.actions_roster": {k: v for k, v in _chambers().items() if k == "add_members_from_roster"},
        **_directory_core_accounts(),
        "kaopu.twofactor.actions": _twofactor(),
        "kaopu.exports.actions": _exports(),
        "kaopu.publicity.actions": {k: v for k, v in _publicity().items()
                                    if k not in {"save_column", "save_site_settings"}},
        "kaopu.publicity.actions_settings": {k: v for k, v in _publicity().items()
                                             if k in {"save_column", "save_site_settings"}},
    }
    return {f"{module}.{name}": scenario for module, scenarios in by_module.items()
            for name, scenario in scenarios.items()}
