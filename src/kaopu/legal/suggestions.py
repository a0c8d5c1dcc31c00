"""Which lawyers to suggest for a request, and why.

The available lawyers of the request's district's active firms, best first: those who practise the
request's field of law, then the lowest current load (open requests), then the most years of
practice. Lawyers already at their maximum load come last (staff may still override). Each comes
with its reason as staff read it: “擅长：劳动用工 · 在办 2 件”. Two queries whatever the team's size
(the lawyers with their load, and their fields of law).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kaopu.legal.models import Lawyer, LegalRequest

OPEN_STATES = (LegalRequest.State.ASSIGNED, LegalRequest.State.IN_PROGRESS)


@dataclass
class Suggestion:
    lawyer: Lawyer
    load: int
    area_match: bool
    is_full: bool
    is_current: bool
    reason: str


def candidates(district_id: int):  # type: ignore[no-untyped-def]
    """The lawyers who may be assigned in ``district_id``, each with ``load`` (open requests)."""
    return (Lawyer.objects.filter(firm__district_id=district_id, firm__is_active=True, is_available=True,
                                  user__is_active=True)
            .select_related("user", "firm")
            .annotate(load=Count("requests", filter=Q(requests__state__in=OPEN_STATES)))
            .prefetch_related("practice_areas"))


def suggest_lawyers(request: LegalRequest, limit: int = 8) -> list[Suggestion]:
    area_id = request.practice_area_id
    rows = []
    for lawyer in candidates(request.district_id):
        areas = list(lawyer.practice_areas.all())
        match = area_id is not None and any(area.pk == area_id for area in areas)
        full = lawyer.load >= lawyer.max_open_requests
        names = "、".join(area.name for area in areas[:3]) or "—"
        reason = _("Practises: %(areas)s · %(n)s open") % {"areas": names, "n": lawyer.load}
        if full:
            reason += " · " + _("full (at most %(max)s)") % {"max": lawyer.max_open_requests}
        rows.append(Suggestion(lawyer=lawyer, load=lawyer.load, area_match=match, is_full=full,
                               is_current=lawyer.pk == request.lawyer_id, reason=reason))
    rows.sort(key=lambda s: (s.is_full, not s.area_match, s.load, -s.lawyer.years_of_practice, s.lawyer.pk))
    return rows[:limit]
