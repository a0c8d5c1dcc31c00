"""Financing's entries on the start pages (工作台, kaopu.core.registry).

Every count reads the same selector as the list its link opens (kaopu.finance.selectors), so the number
on the start page and the rows of the list are one definition:

- FIC staff: the demands not yet pushed to any bank, and the demands no bank granted (every bank they
  were pushed to declined: the demand's state "unmet", set by kaopu.finance.actions.decline);
- an enterprise user: its demands no bank may see until it consents, and a short list of its demands
  with each bank's answer;
- a bank officer: the demands pushed to their bank to claim, those they claimed and must answer (the
  worklist's tabs), and a short list of both.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.registry import Panel, PanelRow, Todo, registry
from kaopu.finance import selectors
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.views_common import DEMAND_BADGES, PUSH_BADGES, attach_pushes

D = FinancingDemand.State
P = DemandPush.State
STAFF = frozenset({Role.FIC_STAFF})
ENTERPRISE = frozenset({Role.ENTERPRISE_USER})
BANK = frozenset({Role.BANK_OFFICER})


def _badge(css: str, label: Any) -> str:
    return format_html('<span class="badge {}">{}</span>', css, label)


def _amount_and_term(demand: FinancingDemand) -> str:
    return gettext("%(amount)s (10k yuan) for %(term)s months") % {
        "amount": floatformat(demand.amount, -2), "term": demand.term_months}


def _mine(user: Any) -> Any:
    return access.scope(user, FinancingDemand).filter(enterprise_id=user.enterprise_id)


# --- The to-dos: (key, label, roles, the rows counted, the list showing them, its filter, definition,
# urgent). The count and the link read the same rows: the list page applies the same selector.

TODOS = (
    ("finance.to_push", _("Financing demands to push to banks"), STAFF,
     lambda user: selectors.filtered_demands(user, {"state": D.SUBMITTED}), "finance:demand_list",
     {"state": D.SUBMITTED},
     _("Financing demands of your district not yet passed to any bank (state “waiting to be pushed”): "
       "push each to the banks whose products fit. A demand whose enterprise has not consented to share "
       "its data cannot be pushed: ask the enterprise for its consent first."), False),
    ("finance.unmet", _("Financing demands no bank granted"), STAFF,
     lambda user: selectors.filtered_demands(user, {"state": D.UNMET}), "finance:demand_list", {"state": D.UNMET},
     _("Financing demands that every bank they were pushed to has declined, with no grant (state “no bank "
       "granted”): push them to other banks, or tell the enterprise what else may help (a policy "
       "guarantee scheme, another product)."), True),
    ("finance.to_consent", _("Financing demands waiting for your consent"), ENTERPRISE,
     lambda user: selectors.waiting_for_consent(_mine(user)), "finance:my_demands",
     {"state": D.SUBMITTED, "consent": "missing"},
     _("Your financing demands that no bank can see yet, because your enterprise has not consented to "
       "share its data with the alliance banks: open each one and give your consent, or withdraw it."), False),
    ("finance.to_claim", _("Financing demands to claim"), BANK,
     lambda user: selectors.worklist(user, "claim"), "finance:bank_worklist", {"tab": "claim"},
     _("Financing demands the FIC pushed to your bank that no officer of your bank has claimed yet: claim "
       "one to contact the enterprise."), False),
    ("finance.to_answer", _("Claimed financing demands to answer"), BANK,
     lambda user: selectors.worklist(user, "mine"), "finance:bank_worklist", {"tab": "mine"},
     _("Financing demands you claimed and have not yet granted or declined (claimed, or enterprise "
       "contacted): contact the enterprise, then grant the loan or decline with a reason."), False),
)

for order, (key, label, roles, rows, list_name, params, definition, urgent) in enumerate(TODOS, start=70):
    registry.add_todo(Todo(
        key=key, label=label, roles=roles, help=definition, urgent=urgent, order=order,
        count=lambda user, rows=rows: rows(user).count(),
        url=lambda user, list_name=list_name, params=params: f"{reverse(list_name)}?{urlencode(params)}"))


# --- The enterprise's panel ---------------------------------------------------------------------

def _answers(demand: FinancingDemand) -> str:
    """Each bank's answer, in words: a grant with its terms, or the push's state."""
    answers = []
    for push in demand.bank_pushes:
        if push.state == P.GRANTED:
            answers.append(gettext("%(bank)s granted %(amount)s (10k yuan) at %(rate)s%% for %(term)s months") % {
                "bank": push.bank.short_name, "amount": floatformat(push.granted_amount, -2),
                "rate": push.granted_rate, "term": push.granted_term_months})
        else:
            answers.append(f"{push.bank.short_name}·{push.state_label}")
    if not answers and selectors.needs_consent(demand):
        return gettext("no bank can see it")
    return "；".join(answers) or gettext("No bank yet.")


def my_demands(user: Any, limit: int) -> list[PanelRow]:
    """The enterprise's newest demands with each bank's answer: two queries (the demands by the index
    demand_enterprise_id, then their pushes)."""
    demands = list(_mine(user).order_by("-id")[:limit])
    attach_pushes(user, demands)
    return [PanelRow(text=f"{_amount_and_term(d)} · {d.get_purpose_display()}",
                     url=reverse("finance:my_demand", args=[d.pk]), detail=_answers(d),
                     badge=_badge(DEMAND_BADGES.get(d.state, ""), d.get_state_display()),
                     urgent=selectors.needs_consent(d)) for d in demands]


registry.add_panel(Panel(
    key="finance.my_demands", label=_("My financing demands and the banks' answers"), roles=ENTERPRISE,
    rows=my_demands, url=lambda user: reverse("finance:my_demands"),
    empty=_("You have not asked for financing yet. The FIC passes your demand to the alliance banks whose "
            "products fit."), order=70))


# --- The bank officer's panel ------------------------------------------------------------------------

def bank_queue(user: Any, limit: int) -> list[PanelRow]:
    """The pushes of the two to-dos above, newest first, in one query."""
    pushes = (selectors.worklist(user, "claim") | selectors.worklist(user, "mine")).select_related(
        "demand__enterprise").order_by("-id")[:limit]
    return [PanelRow(text=push.demand.enterprise.name, url=reverse("finance:bank_demand", args=[push.pk]),
                     detail=_amount_and_term(push.demand),
                     badge=_badge(PUSH_BADGES.get(push.state, ""), push.get_state_display()))
            for push in pushes]


registry.add_panel(Panel(
    key="finance.bank_queue", label=_("Financing demands for my bank"), roles=BANK, rows=bank_queue,
    url=lambda user: reverse("finance:bank_worklist"),
    empty=_("No demand waits for your bank at the moment."), order=70))
