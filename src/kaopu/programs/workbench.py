"""The activities on the start pages (工作台, kaopu.core.registry): a chamber officer's recent activities
of their chamber, for FIC staff the year's count (the cockpit's “activities held”, same selector), and
for a lecturer with an account their invitations waiting for an answer."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.registry import Panel, PanelRow, Todo, registry
from kaopu.core.workdays import local_today
from kaopu.programs import actions_lecturers, selectors, selectors_lecturers
from kaopu.programs.models import Activity
from kaopu.programs.sections import row


def recent(user: Any, limit: int) -> list[PanelRow]:
    """The officer's chamber's latest activities, one query (index activity_chamber_start)."""
    rows = access.scope(user, Activity).select_related("type").order_by("-starts_at", "-id")[:limit]
    return [row(activity) for activity in rows]


def this_year(user: Any, limit: int) -> list[PanelRow]:
    """One row: the activities of the district held this year so far, the FIC's and the chambers' (one query)."""
    today = local_today()
    totals = selectors.totals(access.scope(user, Activity), today.replace(month=1, day=1), today)
    text = gettext("%(held)d activities held in %(year)d") % {"held": totals.held, "year": today.year}
    detail = gettext("%(n)d of them by chambers") % {"n": totals.by_chambers}
    return [PanelRow(text=text, url=f"{reverse('programs:figures')}?year={today.year}", detail=detail)][:limit]


registry.add_panel(Panel(
    key="programs.recent", label=_("Our recent activities"), roles=frozenset({Role.CHAMBER_OFFICER}), rows=recent,
    url=lambda user: reverse("programs:chamber_list"),
    empty=_("No activity recorded yet: record your chamber's study sessions, visits and forums here."), order=20))

registry.add_panel(Panel(
    key="programs.this_year", label=_("Activities this year"), roles=frozenset({Role.FIC_STAFF}), rows=this_year,
    url=lambda user: reverse("programs:activity_list"), empty=_("No activity recorded yet."), order=90))


# --- the youth-entrepreneur training ---------------------------------------------------------------------

def _waiting_applications(user: Any) -> int:
    """One count on the index trainee_cohort_state, through the access rule (the user's district)."""
    from kaopu.programs.selectors_training import waiting_applications

    return waiting_applications(user).count()


def _open_cohorts(user: Any, limit: int) -> list[PanelRow]:
    from kaopu.programs.selectors_training import open_cohorts

    return [PanelRow(text=cohort.name, url=reverse("programs:training_enterprise"),
                     detail=gettext("applications close %(day)s") % {"day": f"{cohort.applications_close_on:%Y-%m-%d}"})
            for cohort in open_cohorts(user)[:limit]]


def _certificates_ready(user: Any, limit: int) -> list[PanelRow]:
    """The enterprise's trainees' certificates, newest first (one query, index certificate_district)."""
    from kaopu.programs.models import Certificate

    rows = access.scope(user, Certificate).order_by("-id")[:limit]
    return [PanelRow(text=f"{c.name} · {c.cohort_name}", url=reverse("programs:training_certificate", args=[c.pk]),
                     detail=c.number) for c in rows]


registry.add_todo(Todo(
    key="programs.training_applications", label=_("Training applications waiting"),
    roles=frozenset({Role.FIC_STAFF}), count=_waiting_applications,
    url=lambda user: reverse("programs:training_cohorts"),
    help=_("Applications of young entrepreneurs to a training cohort that no one has approved or refused yet."),
    order=60))

registry.add_panel(Panel(
    key="programs.open_cohorts", label=_("Training cohorts open for applications"),
    roles=frozenset({Role.ENTERPRISE_USER}), rows=_open_cohorts,
    url=lambda user: reverse("programs:training_enterprise"),
    empty=_("No training cohort is open for applications now."), order=60))

registry.add_panel(Panel(
    key="programs.certificates", label=_("Training certificates"), roles=frozenset({Role.ENTERPRISE_USER}),
    rows=_certificates_ready, url=lambda user: reverse("programs:training_enterprise"),
    empty=_("None of your people has graduated from a training cohort yet."), order=61))
def _is_lecturer(user: Any) -> bool:
    return selectors_lecturers.own_lecturer(user) is not None


def invitations(user: Any, limit: int) -> list[PanelRow]:
    """The lecturer's invitations waiting for an answer, soonest asked first (one query, index
    booking_lecturer_state)."""
    rows = selectors_lecturers.invitations(user, waiting=True).order_by("id")[:limit]
    url = reverse("programs:my_invitations")
    return [PanelRow(text=str(b.event), url=url, urgent=True,
                     detail=f"{timezone.localtime(b.event.starts_at):%Y-%m-%d %H:%M} · {b.topic}") for b in rows]


registry.add_panel(Panel(
    key="programs.invitations", label=_("My invitations to speak"),
    roles=frozenset(actions_lecturers.ACCOUNT_ROLES), rows=invitations, shown=_is_lecturer,
    url=lambda user: reverse("programs:my_invitations"), empty=_("No invitation waits for your answer."), order=5))
