"""What the finance pages of every side share: role gates, badges, the keyset page's links, the
timeline and the pushes of a demand, and turning a FinanceError into a message on its field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.decorators import for_roles
from kaopu.core.pagination import KeysetPage, query_with
from kaopu.finance.actions import FinanceError
from kaopu.finance.forms import apply_error
from kaopu.finance.models import Bank, Collateral, DemandEvent, DemandPush, FinancingDemand

enterprise_only = for_roles(Role.ENTERPRISE_USER)
officer_only = for_roles(Role.BANK_OFFICER)
product_readers = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.BANK_OFFICER)
product_writers = for_roles(Role.FIC_STAFF, Role.BANK_OFFICER)

DEMAND_BADGES = {FinancingDemand.State.SUBMITTED: "warn", FinancingDemand.State.PUSHED: "",
                 FinancingDemand.State.GRANTED: "ok", FinancingDemand.State.UNMET: "danger",
                 FinancingDemand.State.WITHDRAWN: ""}
PUSH_BADGES = {DemandPush.State.PUSHED: "warn", DemandPush.State.CLAIMED: "", DemandPush.State.CONTACTED: "",
               DemandPush.State.GRANTED: "ok", DemandPush.State.DECLINED: "danger", DemandPush.State.WITHDRAWN: ""}


def url_or_empty(name: str, *args: Any) -> str:
    """The url of a page that may not exist yet (finmatch's matches and figures): "" until it does."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def page_links(request: HttpRequest, page: KeysetPage[Any]) -> dict[str, Any]:
    return {"page": page,
            "next_query": query_with(request.GET, after=page.next_cursor, before=None),
            "previous_query": query_with(request.GET, before=page.previous_cursor, after=None)}


def mark_demands(demands: Iterable[FinancingDemand]) -> None:
    for demand in demands:
        demand.badge = DEMAND_BADGES.get(demand.state, "")


def mark_pushes(pushes: Iterable[DemandPush]) -> None:
    for push in pushes:
        push.badge = PUSH_BADGES.get(push.state, "")
        push.state_label = DemandPush.State(push.state).label


def attach_pushes(user: Any, demands: list[FinancingDemand]) -> None:
    """Each demand's pushes the user may see (with their bank) as ``demand.bank_pushes``: one query."""
    by_demand: dict[int, list[DemandPush]] = defaultdict(list)
    if demands:
        rows = access.scope(user, DemandPush).filter(demand_id__in=[d.pk for d in demands]).select_related("bank")
        for push in rows.order_by("id"):
            by_demand[push.demand_id].append(push)
    for demand in demands:
        demand.bank_pushes = by_demand.get(demand.pk, [])
        mark_pushes(demand.bank_pushes)
        demand.granted_pushes = [push for push in demand.bank_pushes if push.state == DemandPush.State.GRANTED]


def demand_pushes(user: Any, demand: FinancingDemand) -> list[DemandPush]:
    pushes = list(access.scope(user, DemandPush).filter(demand=demand).select_related(
        "bank", "claimed_by", "product").order_by("id"))
    mark_pushes(pushes)
    return pushes


def timeline(user: Any, demand: FinancingDemand) -> list[DemandEvent]:
    """The events of the demand the user may see (an enterprise: none internal; a bank: its own)."""
    events = list(access.scope(user, DemandEvent).filter(demand=demand).select_related("actor", "push__bank")
                  .order_by("id"))
    for event in events:
        event.kind_label = DemandEvent.Kind(event.kind).label
    return events


def attempt(request: HttpRequest, call: Callable[[], Any], done: str, form: Form | None = None) -> bool:
    """Run one action: a success message, or the refusal on the form's field (or as a message)."""
    try:
        call()
    except FinanceError as error:
        on_fields = [each for each in error.errors if form is not None and each.field in form.fields]
        if form is not None and on_fields:
            apply_error(form, error)
        else:  # about the demand's state, not a field: a message above the page
            messages.error(request, error.message)
        request.finance_refused = True  # type: ignore[attr-defined]
        return False
    messages.success(request, done)
    return True


def flash_form_errors(request: HttpRequest, form: Form) -> None:
    """The errors of a small form posted from a detail page, as messages naming their field."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            named = not label or str(error).startswith(str(label))
            messages.error(request, error if named else _("%(label)s: %(error)s") % {"label": label, "error": error})


def alliance_bank_names(user: Any) -> list[str]:
    """The active alliance banks the user's demand may go to, by name, for the consent's wording."""
    return list(access.scope(user, Bank).filter(is_active=True).order_by("sort_order", "id")
                .values_list("name", flat=True))


def label_collateral(demand: FinancingDemand) -> FinancingDemand:
    """The collateral offered, in words, as ``demand.collateral_labels`` (for _demand_facts.html)."""
    labels = dict(Collateral.choices)
    demand.collateral_labels = [labels.get(code, code) for code in demand.collateral or ()]
    return demand


def form_status(request: HttpRequest, form: Form) -> int:
    """422 when the form was refused (by its own checks or by the action), else 200."""
    return 422 if form.errors or getattr(request, "finance_refused", False) else 200


def record_contact_viewing(request: HttpRequest, demand: FinancingDemand) -> None:
    """Staff, district leaders and the officers of a bank the demand was pushed to read its contact's
    phone whole: one VIEW_PERSONAL audit entry per page or API response (the enterprise's own reading
    needs none)."""
    from kaopu.directory.personal_data import record_viewing

    user = getattr(request, "auth", None) or request.user
    if demand.contact_phone and user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.BANK_OFFICER):
        record_viewing(request, user, what=f"融资需求（#{demand.pk}）联系人 {demand.contact_name} 的电话",
                       enterprises=[demand.enterprise], object_type="finance.financingdemand", object_id=demand.pk)
