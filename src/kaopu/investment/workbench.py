"""Investment attraction's entry on the start pages (工作台, kaopu.core.registry).

FIC staff see how many of their district's open leads have an overdue next step: the count and the
lead list's ``?overdue=1`` read the same selector (kaopu.investment.selectors.overdue), so they
cannot disagree. District leaders only read the leads; the owners get their reminders from
kaopu.investment.tasks.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.registry import Todo, registry
from kaopu.core.workdays import local_today
from kaopu.investment import selectors

registry.add_todo(Todo(
    key="investment.next_step_overdue", label=_("Investment leads whose next step is overdue"),
    roles=frozenset({Role.FIC_STAFF}),
    count=lambda user: selectors.overdue(selectors.leads(user), local_today()).count(),
    url=lambda user: f"{reverse('investment:lead_list')}?overdue=1",
    help=_("Open leads of your district (negotiating or signed) whose next step was due before today: follow "
           "up with the investor, record the follow-up and its next step."),
    urgent=True, order=80))
