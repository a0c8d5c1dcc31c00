"""The chamber officer's own entries (the menu's 本会): their chamber's page, members and brand projects.
An officer whose chamber is not recorded yet (or not linked to their organisation) is told so."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.chambers.permissions import officer_chamber
from kaopu.core.decorators import for_roles

officer_only = for_roles(Role.CHAMBER_OFFICER)


def _to(request: HttpRequest, name: str) -> HttpResponse:
    chamber = officer_chamber(request.user)
    if chamber is None:
        return render(request, "chambers/not_recorded.html")
    query = request.GET.urlencode()
    return redirect(f"{reverse(name, args=[chamber.pk])}{'?' + query if query else ''}")


@officer_only
def our_chamber(request: HttpRequest) -> HttpResponse:
    return _to(request, "chambers:chamber_detail")


@officer_only
def our_members(request: HttpRequest) -> HttpResponse:
    return _to(request, "chambers:member_list")


@officer_only
def our_projects(request: HttpRequest) -> HttpResponse:
    return _to(request, "chambers:chamber_projects")


MENU_GROUP = gettext_lazy("Our chamber")  # the officer's menu group (kaopu.core.context_processors.MENU)
