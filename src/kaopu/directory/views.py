"""Directory pages. Thin: authorize, parse, call a selector or an action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders
from kaopu.core.pagination import query_with
from kaopu.directory import actions, permissions, personal_data, selectors
from kaopu.directory.forms import EnterpriseFilterForm, EnterpriseForm, make_edit_form
from kaopu.directory.models import Enterprise


@staff_and_leaders
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """The district's directory: FIC staff and district leaders (the menu's “企业名录”); every other role
    gets 404, as the menu shows it nothing (an enterprise user opens “我的企业” instead)."""
    form = EnterpriseFilterForm(request.GET or None, district_id=request.user.district_id)
    filters = form.filters() if form.is_bound else selectors.EnterpriseFilters()
    page = selectors.enterprise_page(request.user, filters, request.GET)
    return render(request, "directory/enterprise_list.html", {
        "form": form,
        "page": page,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
        "can_create": permissions.can_create_enterprise(request.user),
        "can_import": permissions.can_import(request.user),
        "filters_active": any(request.GET.get(name) for name in form.fields if name != "q"),
    })


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_detail(request.user, pk)
    links = list(enterprise.person_links.all())
    for link in links:
        link.person.shown_phone = permissions.phone_for(request.user, link.person.phone, enterprise.pk)
    if permissions.sees_personal_data(request.user) and (enterprise.phone or any(link.person.phone for link in links)):
        personal_data.record_viewing(request, request.user, what="电话号码", enterprises=[enterprise])
    return render(request, "directory/enterprise_detail.html", {
        "enterprise": enterprise,
        "links": links,
        "phone": permissions.phone_for(request.user, enterprise.phone, enterprise.pk),
        "can_change": access.can(request.user, enterprise, "change"),
    })


@login_required
def my_enterprise(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.ENTERPRISE_USER or not request.user.enterprise_id:
        raise Http404
    return enterprise_detail(request, request.user.enterprise_id)


@login_required
def enterprise_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_enterprise(request.user) or request.user.district_id is None:
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, district_id=request.user.district_id)
    if request.method == "POST" and form.is_valid():
        enterprise = actions.create_enterprise(data=form.cleaned_data, district_id=request.user.district_id,
                                               acting_user=request.user, request=request)
        messages.success(request, _("The enterprise “%(name)s” was added.") % {"name": enterprise.name})
        return redirect("directory:enterprise_detail", pk=enterprise.pk)
    return render(request, "directory/enterprise_form.html", {"form": form, "creating": True})


@login_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.get_object_for_user(request.user, Enterprise, pk, "change")
    form = make_edit_form(request.user, enterprise, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        actions.update_enterprise(enterprise, changes=changes, acting_user=request.user, request=request)
        messages.success(request, _("Your changes were saved."))
        return redirect("directory:enterprise_detail", pk=enterprise.pk)
    return render(request, "directory/enterprise_form.html", {"form": form, "enterprise": enterprise})
