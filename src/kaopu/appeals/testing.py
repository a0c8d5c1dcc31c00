"""Helpers for tests that make appeal rows directly (Appeal.objects.create / bulk_create, when a test only
reads them and the actions would be slow): the number every appeal must have."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from kaopu.appeals import numbering
from kaopu.directory.models import District


def number_fields(district: District | int, moment: datetime | None = None) -> dict[str, Any]:
    """The next number of ``district`` for a submission at ``moment`` (now): number, number_year and
    number_sequence, taken from the district's counter as submit_appeal takes them."""
    district_id = district if isinstance(district, int) else district.pk
    year = numbering.year_of(moment or timezone.now())
    sequence = numbering.take(district_id, year)
    abbreviation = District.objects.filter(pk=district_id).values_list("abbreviation", flat=True).get()
    return {"number": numbering.format_number(abbreviation, year, sequence), "number_year": year,
            "number_sequence": sequence}


# The appeals of the start pages' tests (appeals, core and the browser test), by what each is for:
# its state for the district's staff and leader, the world's department (区市场监管局) and enterprise A.
START_PAGE_EXPECTED = {
    "staff": {"appeals.staff_accept": 2, "appeals.staff_dispatch": 1, "appeals.staff_review": 1,
              "appeals.staff_returns": 1, "appeals.staff_extensions": 1, "appeals.staff_overdue": 2,
              "appeals.staff_unsatisfied": 2},
    "leader": {"appeals.leader_overdue": 2, "appeals.leader_unsatisfied": 2},
    "handler": {"appeals.department_sign_for": 2, "appeals.department_reply": 3, "appeals.department_opinion": 1,
                "appeals.department_overdue": 1},
    "ent_user": {"appeals.enterprise_to_rate": 1},
    "other_ent_user": {"appeals.enterprise_to_rate": 1},
}


def start_page_appeals(world: Any) -> dict[str, Any]:
    """Appeals made through the actions (on the clock the caller pinned, a working day), one per case a
    start page counts; returns them by name, with ``other_department`` (区人社局) and its handler.

    Staff: 2 to accept (one of enterprise B), 1 to dispatch, 1 reply to review, 1 return and 1 extension
    to decide, 2 overdue (a dispatch to sign for and an opinion's appeal, both past their due dates),
    2 rated unsatisfied (one reopened, one closed 10 days ago; one closed 40 days ago is not counted).
    The world's department: 2 to sign for (one with a return asked), 3 to reply (one with an extension
    asked, one reopened), 1 opinion asked of it, 1 overdue. Enterprise A and B: 1 reply to rate each.
    A far district's submitted appeal is nobody's here."""
    from datetime import timedelta

    from kaopu.accounts.models import Organisation
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.appeals import actions
    from kaopu.appeals.models import Appeal, Category
    from kaopu.core import workdays
    from kaopu.core.testing import make_user
    from kaopu.directory.models import Department

    staff, handler = world.users["staff"], world.users["handler"]
    other = Department.objects.create(district=world.district, name="区人社局")
    organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=other.name,
                                               district=world.district, department=other)
    other_handler = make_user("other_handler", Role.DEPARTMENT_HANDLER, organisation)
    finance = Category.objects.get(name="融资")
    reviewed = Category.objects.get(name="法律")
    reviewed.reply_review_required = True
    reviewed.save(update_fields=["reply_review_required"])
    past = workdays.local_today() - timedelta(days=3)

    def submit(title: str, user: Any = None, enterprise: Any = None, category: Any = finance) -> Appeal:
        return actions.submit_appeal(enterprise=enterprise or world.enterprise_a,
                                     acting_user=user or world.users["ent_user"], kind=Appeal.Kind.HELP,
                                     category=category, title=title, content=f"{title}，请求协调。")

    def dispatched(title: str, lead: Any = None, co: Any = (), **fields: Any) -> Appeal:
        appeal = submit(title, **fields)
        actions.accept(appeal.pk, acting_user=staff)
        return actions.dispatch(appeal.pk, acting_user=staff, lead=lead or world.department, co_handlers=list(co))

    def signed(title: str, **fields: Any) -> Appeal:
        return actions.sign_for(dispatched(title, **fields).pk, acting_user=handler)

    def replied(title: str, **fields: Any) -> Appeal:
        return actions.reply(signed(title, **fields).pk, acting_user=handler, text="已协调银行续贷。")

    made: dict[str, Any] = {"other_department": other, "other_handler": other_handler}
    made["to_accept"] = submit("厂房租金减免咨询")
    made["to_accept_b"] = submit("餐饮外摆许可", user=world.users["other_ent_user"], enterprise=world.enterprise_b)
    made["to_dispatch"] = actions.accept(submit("员工社保补贴申请").pk, acting_user=staff)
    made["to_review"] = actions.reply(signed("合同纠纷法律援助", category=reviewed).pk, acting_user=handler,
                                      text="已联系律师。")
    made["to_sign"] = dispatched("消防验收进度")
    made["return_asked"] = actions.request_return(dispatched("不属本局职责的诉求").pk, acting_user=handler,
                                                  reason="应由区人社局办理。")
    made["to_reply"] = signed("食品经营许可延续")
    made["extension_asked"] = actions.request_extension(signed("专利质押融资").pk, acting_user=handler,
                                                        reason="需银行评估。", working_days=5)
    made["reopened"] = actions.rate(replied("续贷审批缓慢").pk, acting_user=world.users["ent_user"], rating="2",
                                    comment="问题没有解决。")
    made["to_rate"] = replied("贷款贴息政策咨询")
    made["to_rate_b"] = replied("门店装修审批", user=world.users["other_ent_user"], enterprise=world.enterprise_b)
    made["opinion_asked"] = dispatched("跨部门用工问题", lead=other, co=[world.department])
    made["overdue_elsewhere"] = dispatched("人才公寓申请", lead=other)
    for name, title in (("closed_unhappy_recent", "仓储用地审批"), ("closed_unhappy_old", "去年的税费咨询")):
        made[name] = actions.rate(replied(title).pk, acting_user=world.users["ent_user"], rating="5")
    now = timezone.now()
    Appeal.objects.filter(pk=made["closed_unhappy_recent"].pk).update(rating="1", closed_at=now - timedelta(days=10))
    Appeal.objects.filter(pk=made["closed_unhappy_old"].pk).update(rating="1", closed_at=now - timedelta(days=40))
    Appeal.objects.filter(pk__in=[made["to_sign"].pk, made["overdue_elsewhere"].pk]).update(due_on=past)
    made["far"] = submit("静安区的诉求", user=world.users["far_staff"], enterprise=world.far_enterprise)
    return made
