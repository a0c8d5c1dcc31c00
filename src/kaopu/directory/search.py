"""The directory's kinds of the platform search: enterprises (by name or credit code) and people.

Enterprises are found by the directory list's own search (selectors.search_enterprises: on
PostgreSQL the trigram GIN index for three characters or more, the character GIN index for the
one- and two-character queries people type, 科技, 餐饮), newest first like the list, so that
"more" opens the list filtered by the same query on the same rows.

People are found by name among those the directory's rule lets the user see (staff and leaders:
their district; an enterprise user: its own people), each with the enterprises the user may see
(never another enterprise a person is linked to). Phones are masked in a list of results, except
for an enterprise looking at its own people: the whole number is on the enterprise's page, whose
viewing is audited (personal_data). The directory has no people list, so this kind has no "more" link.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.masking import mask_phone
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles
from kaopu.directory.models import Enterprise, EnterprisePerson, Person
from kaopu.directory.selectors import search_enterprises

READERS = roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.ENTERPRISE_USER)


def _enterprise_url(user: Any, enterprise_id: int) -> str:
    if user.role == Role.ENTERPRISE_USER:
        return reverse("directory:my_enterprise")
    return reverse("directory:enterprise_detail", args=[enterprise_id])


def enterprise_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    visible = access.scope(user, Enterprise.objects.only("id", "name", "credit_code"))
    return [SearchHit(text=e.name, url=_enterprise_url(user, e.pk), detail=e.credit_code)
            for e in search_enterprises(visible, query).order_by("-id")[:limit]]


def enterprises_more(user: Any, query: str) -> str:
    if user.role == Role.ENTERPRISE_USER:
        return reverse("directory:my_enterprise")  # its one enterprise
    return list_url("directory:enterprise_list", query)


def _phone(user: Any, person: Person, enterprise_id: int | None) -> str:
    if not person.phone:
        return ""
    own = enterprise_id is not None and enterprise_id == getattr(user, "enterprise_id", None)
    return person.phone if own else mask_phone(person.phone)


def people_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    """Two queries: the people, then their links to the enterprises the user may see."""
    links = (EnterprisePerson.objects.filter(enterprise__in=access.scope(user, Enterprise).values("pk"))
             .select_related("enterprise").only("id", "person_id", "role", "position", "enterprise__id",
                                                "enterprise__name"))
    people = (access.scope(user, Person.objects.only("id", "name", "phone")).filter(name__contains=query)
              .prefetch_related(Prefetch("enterprise_links", queryset=links, to_attr="visible_links"))
              .order_by("-id")[:limit])
    hits = []
    for person in people:
        first = person.visible_links[0] if person.visible_links else None  # type: ignore[attr-defined]
        enterprise_id = first.enterprise_id if first else None
        roles_in = "、".join(f"{link.enterprise.name} {link.position or link.get_role_display()}"
                            for link in person.visible_links[:2])  # type: ignore[attr-defined]
        detail = " · ".join(filter(None, [roles_in, _phone(user, person, enterprise_id)]))
        hits.append(SearchHit(text=person.name, url=_enterprise_url(user, enterprise_id) if first else "",
                              detail=detail))
    return hits


registry.add_search(SearchProvider(
    key="directory.enterprises", label=pgettext_lazy("search kind", "Enterprises"), roles=READERS,
    search=enterprise_hits, more_url=enterprises_more, order=10))
registry.add_search(SearchProvider(
    key="directory.people", label=pgettext_lazy("search kind", "People"), roles=READERS,
    search=people_hits, more_url=lambda user, query: "", order=15))
