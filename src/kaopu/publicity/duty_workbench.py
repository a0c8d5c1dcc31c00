"""The publicity duty's entries on the FIC staff's start page (kaopu.core.registry), imported by the app's
workbench module: the columns overdue for an update and the dead links of published articles.

Each count reads the rows of the page it links to through the same function (duty.overdue_columns, the
dead-links tab of views_duty.link_rows), so that the number and the list agree: one query each.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core.registry import Todo, registry
from kaopu.publicity import duty
from kaopu.publicity.views_duty import link_rows

STAFF = frozenset({Role.FIC_STAFF})

registry.add_todo(Todo(
    key="publicity.columns_overdue", label=gettext_lazy("Columns overdue for an update"), roles=STAFF, order=60,
    urgent=True, help=gettext_lazy("Columns with an update interval in which nothing was published within it."),
    count=lambda user: len(duty.overdue_columns(user)),
    url=lambda user: reverse("publicity_duty:columns") + "?overdue=1"))

registry.add_todo(Todo(
    key="publicity.dead_links", label=gettext_lazy("Dead links"), roles=STAFF, order=61, urgent=True,
    help=gettext_lazy("Links, images and attachments of published articles that the nightly check found dead."),
    count=lambda user: link_rows(user, "dead").order_by().count(),
    url=lambda user: reverse("publicity_duty:links")))
