"""Membership's entries on the start pages (工作台, kaopu.core.registry).

FIC staff: the applications to decide and the members in arrears; an enterprise user: their enterprise's
dues to pay. Each count and the list it links to read the same selector (kaopu.membership.selectors), so
that they cannot disagree.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.registry import Todo, registry
from kaopu.membership import selectors

STAFF = frozenset({Role.FIC_STAFF})

registry.add_todo(Todo(
    key="membership.applications", label=_("Membership applications to decide"), roles=STAFF,
    count=lambda user: selectors.applications_to_decide(user).count(),
    url=lambda user: reverse("membership:application_list"),
    help=_("Enterprises of your district that applied to join the FIC: approve them with their category or "
           "refuse with a reason; the enterprise is told."),
    order=85))

registry.add_todo(Todo(
    key="membership.arrears", label=_("Members in arrears"), roles=STAFF,
    count=lambda user: selectors.in_arrears(user).count(),
    url=lambda user: reverse("membership:arrears"),
    help=_("Members who owe dues of an issued year: record their payments when they pay, or remind them "
           "(at most once a week)."),
    order=86))

registry.add_todo(Todo(
    key="membership.dues_to_pay", label=_("Membership dues to pay"), roles=frozenset({Role.ENTERPRISE_USER}),
    count=lambda user: selectors.unpaid_invoices(user).count(),
    url=lambda user: reverse("membership:our_membership"),
    help=_("Your enterprise's FIC membership dues not paid in full: pay the FIC office (cash or bank "
           "transfer) and keep the receipt."),
    order=60))
