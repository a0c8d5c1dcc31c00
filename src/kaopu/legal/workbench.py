"""Legal services' entries on the start pages (工作台, kaopu.core.registry).

Every count reads the same selector as the list its link opens (kaopu.legal.selectors), so the number
on the start page and the rows of the list are one definition:

- FIC staff: the requests waiting for a lawyer (``?state=submitted`` on the staff list);
- an enterprise user: its requests completed and waiting for its rating (``?state=completed`` on its
  list), and a short list of its requests with their state and last answer;
- a lawyer: the requests assigned to them with no session yet, those in progress (``?state=`` on the
  lawyer's page), and a short list of their open requests.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.registry import Panel, PanelRow, Todo, registry
from kaopu.legal import selectors
from kaopu.legal.models import LegalRequest

S = LegalRequest.State
ENTERPRISE = frozenset({Role.ENTERPRISE_USER})
LAWYER = frozenset({Role.LAWYER})


def _badge(request: LegalRequest) -> str:
    selectors.badge(request)
    return format_html('<span class="badge {}">{}</span>', request.badge, request.get_state_display())


# --- The to-dos: (key, label, roles, the rows counted, the list showing them, its filter, definition) ---
# The count and the link read the same rows: the list page applies the same selector with the filter.

TODOS = (
    ("legal.to_assign", _("Legal requests to assign"), frozenset({Role.FIC_STAFF}),
     lambda user: selectors.request_list(user, state=S.SUBMITTED), "legal:request_list", {"state": S.SUBMITTED},
     _("Legal service requests of your district that wait for a lawyer (state “waiting for a lawyer”): "
       "assign a lawyer of the service team, or decline the request with a reason.")),
    ("legal.to_rate", _("Legal services to rate"), ENTERPRISE,
     lambda user: selectors.request_list(user, state=S.COMPLETED), "legal:my_list", {"state": S.COMPLETED},
     _("Your enterprise's legal service requests that the lawyer has completed and that wait for your "
       "rating (1 to 5 stars).")),
    ("legal.lawyer_to_start", _("New requests to take up"), LAWYER,
     lambda user: selectors.lawyer_requests(user, S.ASSIGNED), "legal:lawyer_home", {"state": S.ASSIGNED},
     _("Requests assigned to you on which no session is recorded yet: contact the enterprise and record "
       "the first session.")),
    ("legal.lawyer_in_progress", _("Requests in progress"), LAWYER,
     lambda user: selectors.lawyer_requests(user, S.IN_PROGRESS), "legal:lawyer_home", {"state": S.IN_PROGRESS},
     _("Requests assigned to you with at least one session recorded and not yet completed: record the "
       "outcome when the service is done, and the enterprise is asked to rate it.")),
)

for order, (key, label, roles, rows, list_name, params, definition) in enumerate(TODOS, start=60):
    registry.add_todo(Todo(
        key=key, label=label, roles=roles, help=definition, order=order,
        count=lambda user, rows=rows: rows(user).count(),
        url=lambda user, list_name=list_name, params=params: f"{reverse(list_name)}?{urlencode(params)}"))


# --- The enterprise's panel ---------------------------------------------------------------------

def _last_answer(request: LegalRequest) -> str:
    """What the enterprise last heard: the outcome (and its rating), the lawyer assigned, or nothing yet."""
    if request.outcome:
        answer = request.get_outcome_display()
        return f"{answer} · {request.rating}/5" if request.rating else str(answer)
    if request.lawyer_id:
        return gettext("Lawyer: %(name)s") % {"name": request.lawyer.user.name}
    return gettext("submitted on %(date)s") % {"date": f"{timezone.localdate(request.created_at):%Y-%m-%d}"}


def my_requests(user: Any, limit: int) -> list[PanelRow]:
    """The enterprise's newest requests, one query (index legalreq_enterprise_id)."""
    rows = selectors.request_list(user).order_by("-id")[:limit]
    return [PanelRow(text=f"{r.service.name}：{r.topic}", url=reverse("legal:my_detail", args=[r.pk]),
                     detail=_last_answer(r), badge=_badge(r), urgent=r.state == S.COMPLETED) for r in rows]


registry.add_panel(Panel(
    key="legal.my_requests", label=_("My legal service requests"), roles=ENTERPRISE, rows=my_requests,
    url=lambda user: reverse("legal:my_list"),
    empty=_("You have not asked for legal services yet."), order=60))


# --- The lawyer's panel ----------------------------------------------------------------------------

def lawyer_queue(user: Any, limit: int) -> list[PanelRow]:
    """The lawyer's open requests, what to do next first (one query, as on the lawyer's page)."""
    rows = []
    for r in selectors.lawyer_open(user, limit):
        when = f"{r.preferred_date:%Y-%m-%d} {r.get_preferred_slot_display()}" if r.preferred_date else ""
        rows.append(PanelRow(text=f"{r.enterprise.name}：{r.topic}", url=reverse("legal:lawyer_detail", args=[r.pk]),
                             detail=" · ".join(part for part in (r.service.name, when) if part),
                             badge=_badge(r)))
    return rows


registry.add_panel(Panel(
    key="legal.lawyer_queue", label=_("My open legal service requests"), roles=LAWYER, rows=lawyer_queue,
    url=lambda user: reverse("legal:lawyer_home"), empty=_("Nothing to do at the moment."), order=60))
