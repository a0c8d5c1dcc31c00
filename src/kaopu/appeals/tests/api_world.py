"""Appeals that the API tests of every role share, and the one table of who sees which of them."""

from __future__ import annotations

from typing import Any

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.core.testing import make_user
from kaopu.directory.models import Department

# Which of the appeals below each persona's list and detail show. "colleague" is a second FIC staff
# member of the district: the confidential appeal is assigned to "staff", so the colleague and the
# leader do not see it.
APPEALS_VISIBLE_TO: dict[str, frozenset[str]] = {
    "staff": frozenset({"ours", "theirs", "confidential"}),
    "colleague": frozenset({"ours", "theirs"}),
    "leader": frozenset({"ours", "theirs"}),
    "handler": frozenset({"ours"}),
    "other_handler": frozenset({"theirs"}),
    "ent_user": frozenset({"ours", "confidential"}),
    "other_ent_user": frozenset({"theirs"}),
    "far_staff": frozenset({"far"}),
    "bank_officer": frozenset(),
    "lawyer": frozenset(),
    "chamber_officer": frozenset(),
    "sysadmin": frozenset(),
    "secadmin": frozenset(),
    "auditadmin": frozenset(),
}
ALL_APPEALS = ("ours", "theirs", "confidential", "far")


def new_appeal(world: Any, *, by: str = "ent_user", enterprise: Any = None, **fields: Any) -> Appeal:
    values = {"kind": Appeal.Kind.HELP, "category": Category.objects.get(name="融资"),
              "title": "贷款续贷困难", "content": "企业流动资金贷款到期，续贷审批缓慢，请求协调。"}
    if by != "ent_user":
        values["source"] = Appeal.Source.HOTLINE
    values.update(fields)
    return actions.submit_appeal(enterprise=enterprise or world.enterprise_a, acting_user=world.users[by],
                                 **values)


def build_appeals(world: Any, other_department: Department) -> dict[str, Appeal]:
    """ours: A's appeal in progress at the world's department; theirs: B's, dispatched to another
    department; confidential: A's, accepted by "staff"; far: another district's."""
    staff, handler = world.users["staff"], world.users["handler"]
    ours = new_appeal(world)
    actions.accept(ours.pk, acting_user=staff)
    actions.dispatch(ours.pk, acting_user=staff, lead=world.department)
    actions.sign_for(ours.pk, acting_user=handler)
    theirs = new_appeal(world, by="staff", enterprise=world.enterprise_b, title="招工难")
    actions.accept(theirs.pk, acting_user=staff)
    actions.dispatch(theirs.pk, acting_user=staff, lead=other_department)
    confidential = new_appeal(world, title="举报不正当竞争", is_confidential=True)
    actions.accept(confidential.pk, acting_user=staff)
    far = new_appeal(world, by="far_staff", enterprise=world.far_enterprise, title="外区诉求")
    return {name: Appeal.objects.get(pk=appeal.pk) for name, appeal in
            {"ours": ours, "theirs": theirs, "confidential": confidential, "far": far}.items()}


def persona(name: str, world: Any, other_handler: Any) -> Any:
    """The user of a persona of APPEALS_VISIBLE_TO."""
    if name == "other_handler":
        return other_handler
    if name == "colleague":
        return make_user("colleague", Role.FIC_STAFF, world.users["staff"].organisation)
    return world.users[name]
