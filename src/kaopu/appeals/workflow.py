"""The appeal's state table, as data: which action may move an appeal from which states, by whom.

Every state change goes through kaopu.appeals.actions, which looks the action up here before it
writes anything; pages show only the actions this table allows. DESIGN.md section 4 is the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.appeals.models import Appeal

S = Appeal.State
OPEN_STATES = frozenset({S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.REVIEWING, S.REPLIED})
FINAL_STATES = frozenset({S.DECLINED, S.CLOSED, S.WITHDRAWN, S.MERGED})
# The two lowest ratings send the appeal back to the department (reopen), and need a written reason.
REOPENING_RATINGS = frozenset({Appeal.Rating.DISSATISFIED, Appeal.Rating.VERY_DISSATISFIED})


@dataclass(frozen=True)
class Transition:
    name: str
    label: object  # a lazy translation
    sources: frozenset[str]
    # None: the action decides (rating closes or reopens; a refused return stays where it is).
    target: str | None
    roles: frozenset[str]


def _t(name: str, label: object, sources: set[str], target: str | None, *roles: str) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(roles))


STAFF, DEPT, ENTERPRISE, LEADER = Role.FIC_STAFF, Role.DEPARTMENT_HANDLER, Role.ENTERPRISE_USER, Role.DISTRICT_LEADER

TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    _t("accept", _("accept"), {S.SUBMITTED}, S.ACCEPTED, STAFF),
    _t("decline", _("decline"), {S.SUBMITTED}, S.DECLINED, STAFF),
    _t("dispatch", _("dispatch"), {S.ACCEPTED}, S.DISPATCHED, STAFF),
    _t("sign_for", _("sign for"), {S.DISPATCHED}, S.IN_PROGRESS, DEPT),
    _t("request_return", _("ask to return"), {S.DISPATCHED}, S.DISPATCHED, DEPT),
    _t("approve_return", _("approve the return"), {S.DISPATCHED}, S.ACCEPTED, STAFF),
    _t("refuse_return", _("refuse the return"), {S.DISPATCHED}, S.DISPATCHED, STAFF),
    _t("give_opinion", _("give the co-handler's opinion"), {S.DISPATCHED, S.IN_PROGRESS}, None, DEPT),
    _t("request_extension", _("ask for an extension"), {S.DISPATCHED, S.IN_PROGRESS}, None, DEPT),
    _t("approve_extension", _("approve the extension"), {S.DISPATCHED, S.IN_PROGRESS}, None, STAFF),
    _t("refuse_extension", _("refuse the extension"), {S.DISPATCHED, S.IN_PROGRESS}, None, STAFF),
    # A category whose replies FIC staff review: the reply waits (reviewing) for approval or a return.
    _t("reply", _("reply"), {S.IN_PROGRESS}, None, DEPT),
    _t("approve_reply", _("approve the reply"), {S.REVIEWING}, S.REPLIED, STAFF),
    _t("return_reply", _("send the reply back"), {S.REVIEWING}, S.IN_PROGRESS, STAFF),
    _t("withdraw", _("withdraw"), {S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.REVIEWING},
       S.WITHDRAWN, ENTERPRISE),
    _t("rate", _("rate the answer"), {S.REPLIED}, None, ENTERPRISE),
    _t("arbitrate", _("arbitrate and close"), {S.REPLIED, S.IN_PROGRESS}, S.CLOSED, STAFF),
    _t("merge", _("merge into another appeal"), {S.SUBMITTED, S.ACCEPTED}, S.MERGED, STAFF),
    _t("instruct", _("write an instruction"), set(OPEN_STATES), None, LEADER),
]}


class TransitionError(Exception):
    """An action that is not allowed now; the message says which action and which state, for a person."""


def check(appeal: Appeal, action: str, role: str) -> Transition:
    """The transition, or TransitionError naming the action and the state."""
    transition = TRANSITIONS[action]
    if role not in transition.roles:
        raise TransitionError(_("Your role may not %(action)s an appeal.") % {"action": transition.label})
    if appeal.state not in transition.sources:
        raise TransitionError(_("An appeal that is “%(state)s” cannot be given the action “%(action)s”.")
                              % {"state": appeal.get_state_display(), "action": transition.label})
    return transition


def actions_for(appeal: Appeal, role: str) -> list[Transition]:
    """What a user of ``role`` may do now (the page's buttons; actions check again when called)."""
    return [t for t in TRANSITIONS.values() if role in t.roles and appeal.state in t.sources]
