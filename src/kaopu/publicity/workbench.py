"""Publicity's to-dos on the start pages (工作台, kaopu.core.registry). Each count reads the same selector
as the list tab its link opens (kaopu.publicity.selectors_staff), so the number and the rows agree:

- 待我审核: articles in review at a step the user may decide (FIC staff; leaders granted the final approval);
- 退回修改: the user's drafts a reviewer sent back;
- 待发布: approved articles with no scheduled time.

Importing this module also registers the publishing notification (kaopu.publicity.notify).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.registry import Todo, registry
from kaopu.publicity import duty_workbench, notify, selectors_staff  # noqa: F401  (duty's to-dos register)

notify.register()

STAFF = frozenset({Role.FIC_STAFF})
REVIEWERS = frozenset({Role.FIC_STAFF, Role.DISTRICT_LEADER})

TODOS = (
    ("publicity.to_review", _("Articles to review"), REVIEWERS, selectors_staff.to_review, "to_review",
     _("Articles of your district in review at a step you may decide: the first review (FIC staff) or the "
       "final approval (holders of the final-approval permission); never an article you wrote or whose "
       "earlier step you decided.")),
    ("publicity.returned", _("Articles sent back to me"), STAFF, selectors_staff.returned, "returned",
     _("Your drafts a reviewer sent back with a comment: correct them and submit them again.")),
    ("publicity.to_publish", _("Articles to publish"), STAFF, selectors_staff.to_publish, "to_publish",
     _("Approved articles of your district with no scheduled time: publish them now or schedule them.")),
)

for order, (key, label, roles, rows, tab, definition) in enumerate(TODOS, start=70):
    registry.add_todo(Todo(
        key=key, label=label, roles=roles, help=definition, order=order,
        count=lambda user, rows=rows: rows(user).count(),
        url=lambda user, tab=tab: f"{reverse('publicity:article_list')}?{urlencode({'tab': tab})}"))
