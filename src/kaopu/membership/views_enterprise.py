"""The enterprise user's "our membership" page: their enterprise's status, the application to join, its
dues invoices and payments. Only their own enterprise's rows (kaopu.membership.permissions)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.decorators import for_roles
from kaopu.membership import actions, selectors
from kaopu.membership.models import Application, Payment
from kaopu.membership.web import attempt

enterprise_only = for_roles(Role.ENTERPRISE_USER)


@enterprise_only
def our_membership(request: HttpRequest) -> HttpResponse:
    member = selectors.own_member(request.user)
    invoices = list(member.invoices.select_related("category").order_by("-year")[:20]) if member else []
    return render(request, "membership/our_membership.html", {
        "member": member, "invoices": invoices,
        "payments": list(access.scope(request.user, Payment).select_related("invoice")
                         .order_by("-paid_on", "-id")[:50]),
        "applications": list(access.scope(request.user, Application).order_by("-id")[:5]),
        "statement": request.POST.get("statement", "")})


@require_POST
@enterprise_only
def apply(request: HttpRequest) -> HttpResponse:
    done = attempt(request, lambda: actions.apply_for_membership(
        acting_user=request.user, statement=request.POST.get("statement", "")),
        _("Your application was sent to the FIC."))
    if not done:
        return our_membership(request)
    return redirect("membership:our_membership")
