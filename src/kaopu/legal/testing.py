"""The legal service team and requests for tests (of legal, and of any app that needs them).

``make_team(world)`` puts the ``lawyer`` persona (of 上海普法律师事务所) in the district's team, with a
colleague of the same firm, ``lawyer2``, who must never see the first one's requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.core.testing import make_user
from kaopu.legal import actions
from kaopu.legal.models import LawFirm, Lawyer, LegalRequest, PracticeArea, ServiceKind, ensure_catalogue


@dataclass
class Team:
    firm: LawFirm
    lawyer: Lawyer
    lawyer2: Lawyer
    far_firm: LawFirm
    far_lawyer: Lawyer


def area(name: str) -> PracticeArea:
    ensure_catalogue()
    return PracticeArea.objects.get(name=name)


def service(name: str = "法律咨询") -> ServiceKind:
    ensure_catalogue()
    return ServiceKind.objects.get(name=name)


def make_firm(organisation: Organisation, **fields: Any) -> LawFirm:
    return LawFirm.objects.create(organisation=organisation, district_id=organisation.district_id,
                                  name=fields.pop("name", organisation.name), **fields)


def make_lawyer(user: User, firm: LawFirm, *areas: str, **fields: Any) -> Lawyer:
    lawyer = Lawyer.objects.create(user=user, firm=firm, **fields)
    lawyer.practice_areas.set([area(name) for name in areas])
    return lawyer


def make_team(world: Any) -> Team:
    ensure_catalogue()
    user = world.users["lawyer"]
    firm = make_firm(user.organisation)
    colleague = make_user("lawyer2", Role.LAWYER, user.organisation, name="李律师")
    far_org = Organisation.objects.create(kind=OrganisationKind.LAW_FIRM, name="上海静安律师事务所",
                                          district=world.far_district)
    far_firm = make_firm(far_org)
    far_user = make_user("far_lawyer", Role.LAWYER, far_org, name="远律师")
    return Team(
        firm=firm,
        lawyer=make_lawyer(user, firm, "劳动用工", "合同纠纷", years_of_practice=10),
        lawyer2=make_lawyer(colleague, firm, "知识产权", years_of_practice=5),
        far_firm=far_firm,
        far_lawyer=make_lawyer(far_user, far_firm, "劳动用工"),
    )


def submit(user: Any, *, enterprise: Any = None, service_name: str = "法律咨询", **fields: Any) -> LegalRequest:
    values: dict[str, Any] = {"topic": "劳动合同到期不续签的补偿",
                              "description": "员工合同到期，公司不再续签，需要支付多少补偿？",
                              "contact_name": "王经理", "contact_phone": "13800001111",
                              "preferred_date": timezone.localdate() + timedelta(days=3)}
    values.update(fields)
    return actions.submit_request(acting_user=user, enterprise=enterprise, service=service(service_name), **values)


def advance(request: LegalRequest, staff: Any, lawyer: Lawyer, *, to: str) -> LegalRequest:
    """Move a request through the real actions up to state ``to``."""
    S = LegalRequest.State
    order = [S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.COMPLETED, S.RATED]
    target = order.index(to)
    if target >= 1:
        actions.assign_lawyer(request.pk, acting_user=staff, lawyer=lawyer, override_load=True)
    if target >= 2:
        # Held now: an hour ago would be before the submission when the suite runs just after midnight.
        actions.record_session(request.pk, acting_user=lawyer.user, held_at=timezone.now(),
                               mode="phone", minutes=30, summary="电话沟通了基本情况。")
    if target >= 3:
        if request.service.has_checklist:
            from kaopu.legal.models import HealthCheckItem

            actions.save_checklist(request.pk, acting_user=lawyer.user, results={
                item.pk: {"status": "ok"} for item in HealthCheckItem.objects.filter(is_active=True)})
        actions.complete_request(request.pk, acting_user=lawyer.user, outcome="advice", outcome_text="已给出书面意见。")
    if target >= 4:
        enterprise_user = User.objects.filter(role=Role.ENTERPRISE_USER,
                                              organisation__enterprise_id=request.enterprise_id).first()
        actions.rate_request(request.pk, acting_user=enterprise_user, rating=5, comment="很专业")
    request.refresh_from_db()
    return request


def start_page_requests(world: Any) -> dict[str, Any]:
    """Requests of the start pages' tests, made through the actions on the clock the caller pinned;
    returns them by name, with ``team`` (kaopu.legal.testing.make_team).

    Enterprise A, oldest first: ``a_rated`` (rated 5), ``a_done`` (completed), ``a_working`` (in
    progress), ``a_assigned`` (no session yet), all with the ``lawyer`` persona; ``a_done2`` (completed,
    by lawyer2) and ``a_new`` (waiting for a lawyer): 2 to rate, 6 requests (the short list shows 5).
    Enterprise B: ``b_assigned`` (the persona) and ``b_colleague`` (assigned to lawyer2). The lawyer: 2
    to take up (a_assigned, b_assigned), 1 in progress (a_working)."""
    S = LegalRequest.State
    team = make_team(world)
    staff, ent_a, ent_b = world.users["staff"], world.users["ent_user"], world.users["other_ent_user"]
    made: dict[str, Any] = {"team": team}
    for name, user, lawyer, state, topic in (
            ("a_rated", ent_a, team.lawyer, S.RATED, "股权转让协议审查"),
            ("a_done", ent_a, team.lawyer, S.COMPLETED, "劳动合同到期不续签的补偿"),
            ("a_working", ent_a, team.lawyer, S.IN_PROGRESS, "供应商拖欠货款如何催收"),
            ("a_assigned", ent_a, team.lawyer, S.ASSIGNED, "商标被抢注怎么办"),
            ("a_done2", ent_a, team.lawyer2, S.COMPLETED, "专利许可合同条款"),
            ("a_new", ent_a, None, S.SUBMITTED, "员工竞业限制协议"),
            ("b_assigned", ent_b, team.lawyer, S.ASSIGNED, "门店租赁合同续签"),
            ("b_colleague", ent_b, team.lawyer2, S.ASSIGNED, "食品安全处罚听证")):
        request = submit(user, topic=topic)
        made[name] = advance(request, staff, lawyer, to=state) if lawyer else request
    return made
