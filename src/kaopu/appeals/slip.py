"""The dispatch slip (交办单): one appeal on one A4 sheet, in the layout district governments use to hand
an enterprise's appeal to a department (views_staff.dispatch_slip, templates/appeals/staff_slip.html).

It is read, not written: everything on it comes from the appeal and its timeline (acceptance, the last
dispatch and its note as 交办意见). Four queries whatever the timeline's length: the appeal with its
relations, its co-handlers, its acceptance and dispatch events, the reply deadline's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.appeals import deadlines
from kaopu.appeals.models import Appeal
from kaopu.appeals.page_helpers import due_label
from kaopu.core.masking import mask_personal_data, mask_phone

# The queryset a slip is read from (through access.get_object_for_user).
SLIP_RELATIONS = ("district", "enterprise", "category", "lead_department", "created_by__organisation")


@dataclass
class DispatchSlip:
    appeal: Appeal
    title: str
    number: str
    contact_name: str
    contact_phone: str
    phone_shown_unmasked: bool
    content: str
    accepted_at: datetime | None
    co_handlers: list[str]
    due_label: str
    reply_working_days: int
    instruction: str
    dispatched_by: str
    dispatched_at: datetime | None


def _contact(appeal: Appeal) -> tuple[str, str]:
    """The enterprise's contact for the department: the person and phone chosen with the appeal
    (kaopu.appeals.contact); an appeal from before contacts were kept falls back to the enterprise's user
    who submitted it, when it was one (staff recording an appeal are not it)."""
    if appeal.contact_name or appeal.contact_phone:
        return appeal.contact_name, appeal.contact_phone
    creator = appeal.created_by
    if getattr(creator.organisation, "enterprise_id", None) == appeal.enterprise_id:
        return creator.name, creator.phone
    return "", ""


def dispatch_slip(appeal: Appeal, viewer: Any) -> DispatchSlip:
    """The slip of ``appeal`` as ``viewer`` may read it, as on the viewer's own page of the appeal: FIC staff
    and the appeal's departments (who must call the enterprise, as a bank or a lawyer would) read the
    contact and the content unmasked; a district leader reads them masked."""
    events = {event.action: event for event in appeal.events.filter(action__in=("accept", "dispatch"))
              .select_related("actor").order_by("id")}  # the last of each wins
    accepted, dispatched = events.get("accept"), events.get("dispatch")
    name, phone = _contact(appeal)
    unmasked = bool(viewer.sees_personal_data) or viewer.role == Role.DEPARTMENT_HANDLER
    return DispatchSlip(
        appeal=appeal,
        title=_("%(district)s FIC appeal dispatch slip") % {"district": appeal.district.name},
        number=appeal.number,
        contact_name=name,
        contact_phone=phone if unmasked else mask_phone(phone),
        phone_shown_unmasked=unmasked and bool(phone),
        content=appeal.content if unmasked else mask_personal_data(
            appeal.content, names=[name], organisations=[]),
        accepted_at=accepted.at if accepted else None,
        co_handlers=[str(name) for name in appeal.co_handlers.values_list("department__name", flat=True)],
        due_label=due_label(appeal),
        reply_working_days=deadlines.working_days_for("reply", appeal),
        instruction=(dispatched.data.get("instruction") or dispatched.text) if dispatched else "",
        dispatched_by=dispatched.actor.name if dispatched and dispatched.actor else "",
        dispatched_at=dispatched.at if dispatched else None,
    )
