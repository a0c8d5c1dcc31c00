"""The demo district's appeals (called once by `kaopu demo`, see core/management/commands/demo.py).

About 300 appeals submitted over the twelve months before today, told by kaopu.appeals.seeding like
the actions would have written them. Besides the natural mix (mostly closed), the walk-through of
the demo logins needs some of each:

- qiye1's enterprise has a dozen appeals in every state an enterprise sees (qiye2's a few);
- scjg (区市场监管局) has appeals in its inbox in each department state, one with a return and one
  with an extension waiting for staff, one co-handled by rsj (区人社局);
- staff have a few submitted appeals in the triage queue, and one reply of scjg to review (its
  category's replies are reviewed by FIC staff);
- the district keeps a dozen routing rules (分派规则, DEMO_ROUTING_RULES), so that dispatching an
  accepted appeal pre-selects the departments its category suggests, naming the rule.

Every appeal has its number (PT-2026-000302, given by seeding.write_orm in the order of submission) and
its contact: the enterprise user who submitted it, with a mobile number.

The people behind the other appeals (a user for each appealing enterprise, a handler for each
department) are created with the demo password, so that any of them can be tried too.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from kaopu.accounts.models import User
from kaopu.appeals import seeding
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.seeding import AppealSpec
from kaopu.directory.models import District

S = Appeal.State
DEMO_APPEALS = 300
DEMO_PHONES = {"qiye1": "13916628800", "qiye2": "13761205566"}
APPEALING_ENTERPRISES = 120


def load_demo(district: District) -> None:
    from kaopu.core.management.commands.demo import DEMO_PASSWORD

    # The enterprise users of the walk-through have a mobile number: the new-appeal form offers them as the
    # contact ("我本人"), and their appeals name them.
    for username, phone in DEMO_PHONES.items():
        User.objects.filter(username=username, phone="").update(phone=phone)
    users = {user.username: user for user in User.objects.select_related("organisation")
             .filter(username__in=["qiye1", "qiye2", "scjg", "rsj"])}
    enterprise_users = [users[name].organisation.enterprise_id for name in ("qiye1", "qiye2") if name in users]
    cast = seeding.prepare_cast(district, enterprises=APPEALING_ENTERPRISES,
                                password=make_password(DEMO_PASSWORD), first_enterprises=enterprise_users)
    scjg = users["scjg"].organisation.department_id if "scjg" in users else None
    rsj = users["rsj"].organisation.department_id if "rsj" in users else None
    now = timezone.now()
    generator = seeding.AppealGenerator(cast, now=now, start=timezone.localdate(now) - timedelta(days=365),
                                        seed="demo")
    first_id = seeding.first_free_id(Appeal, DEMO_APPEALS)
    rows = seeding.renumber(list(generator.generate(DEMO_APPEALS, first_id,
                                                    demo_specs(len(enterprise_users), scjg, rsj))), first_id)
    seeding.write_orm(rows)
    # The category of the reply that waits for review (a spec below) wants replies reviewed.
    Category.objects.filter(pk__in=Appeal.objects.filter(state=S.REVIEWING).values("category_id")).update(
        reply_review_required=True)
    seeding.rebuild_measures([district.pk])
    load_routing_rules(district)


# (name, category, subdistrict, keywords, lead, co-handlers, active): most specific first, since the
# first rule that matches wins. 其他 has no rule, and the 政策咨询 one is switched off, so that some
# accepted appeals show no suggestion.
DEMO_ROUTING_RULES: list[tuple[str, str, str, str, str, tuple[str, ...], bool]] = [
    ("桃浦镇用地用房", "用地用房", "桃浦镇", "", "区规划资源局", ("区投资促进办",), True),
    ("用地用房", "用地用房", "", "", "区规划资源局", ("区住房保障房屋管理局",), True),
    ("施工与工程审批", "审批", "", "施工 工程 竣工 消防", "区建管委", (), True),
    ("证照与许可", "", "", "营业执照 许可证 食品经营 证照", "区市场监管局", (), True),
    ("融资", "融资", "", "", "区金融办", ("区财政局",), True),
    ("用工与社保", "用工", "", "", "区人社局", (), True),
    ("法律服务", "法律", "", "", "区司法局", (), True),
    ("知识产权", "知识产权", "", "", "区市场监管局", ("区科委",), True),
    ("税费", "税费", "", "", "区税务局", ("区财政局",), True),
    ("市场监管", "市场监管", "", "", "区市场监管局", (), True),
    ("其他审批", "审批", "", "", "区数据局", (), True),
    ("政策咨询（试行）", "政策咨询", "", "", "区发展改革委", ("区商务委",), False),
]


def load_routing_rules(district: District) -> None:
    """The demo district's routing rules, through the audited action as the demo's staff member
    (``staff``); nothing when the district has rules already or that account is missing. A rule
    naming a category, subdistrict or department the district lacks is left out."""
    from kaopu.appeals.actions_routing import RuleInput, create_rule
    from kaopu.appeals.models import Category, RoutingRule
    from kaopu.directory.models import Department, Subdistrict

    staff = User.objects.filter(username="staff", organisation__district=district).first()
    if staff is None or RoutingRule.objects.filter(district=district).exists():
        return
    categories = {c.name: c for c in Category.objects.all()}
    subdistricts = {s.name: s for s in Subdistrict.objects.filter(district=district)}
    departments = {d.name: d for d in Department.objects.filter(district=district, is_active=True)}
    for name, category, subdistrict, keywords, lead, co_handlers, active in DEMO_ROUTING_RULES:
        needed = [*([categories.get(category)] if category else []),
                  *([subdistricts.get(subdistrict)] if subdistrict else []),
                  departments.get(lead), *(departments.get(d) for d in co_handlers)]
        if None in needed:
            continue
        create_rule(acting_user=staff, data=RuleInput(
            name=name, category=categories.get(category), subdistrict=subdistricts.get(subdistrict),
            keywords=keywords, lead=departments[lead], co_handlers=[departments[d] for d in co_handlers],
            is_active=active))


def demo_specs(enterprise_users: int, scjg: int | None, rsj: int | None) -> list[AppealSpec]:
    """The appeals the walk-through needs, in the state each must be in today."""
    specs = [AppealSpec(state=state) for state in (S.SUBMITTED, S.SUBMITTED, S.SUBMITTED, S.SUBMITTED,
                                                   S.ACCEPTED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN, S.MERGED)]
    specs += [AppealSpec(state=S.CLOSED, arbitrated=True), AppealSpec(state=S.CLOSED, arbitrated=True)]
    if enterprise_users >= 1:  # qiye1
        specs += [AppealSpec(state=state, enterprise=0) for state in (
            S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.IN_PROGRESS, S.REPLIED, S.REPLIED, S.CLOSED,
            S.CLOSED, S.CLOSED, S.WITHDRAWN, S.DECLINED)]
    if enterprise_users >= 2:  # qiye2
        specs += [AppealSpec(state=state, enterprise=1) for state in (S.SUBMITTED, S.IN_PROGRESS, S.REPLIED,
                                                                      S.CLOSED)]
    if scjg is not None:
        specs += [
            AppealSpec(state=S.DISPATCHED, lead=scjg, return_pending=True),
            AppealSpec(state=S.DISPATCHED, lead=scjg),
            AppealSpec(state=S.DISPATCHED, lead=scjg, enterprise=0),
            AppealSpec(state=S.IN_PROGRESS, lead=scjg, extension_pending=True),
            AppealSpec(state=S.IN_PROGRESS, lead=scjg),
            AppealSpec(state=S.REVIEWING, lead=scjg, review_pending=True),
            AppealSpec(state=S.IN_PROGRESS, lead=scjg, co_handlers=(rsj,) if rsj else ()),
            AppealSpec(state=S.REPLIED, lead=scjg),
            AppealSpec(state=S.REPLIED, lead=scjg, enterprise=0),
            AppealSpec(state=S.CLOSED, lead=scjg),
            AppealSpec(state=S.CLOSED, lead=scjg, co_handlers=(rsj,) if rsj else ()),
        ]
    if rsj is not None:
        specs += [AppealSpec(state=S.DISPATCHED, lead=rsj), AppealSpec(state=S.IN_PROGRESS, lead=rsj)]
    return specs
