"""The security administrator's page: the two-factor policy per role, and resetting a user's second
factor (never an administrator's: that is done on the server's command line)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core.decorators import for_roles
from kaopu.twofactor import actions, devices
from kaopu.twofactor.forms import FindUserForm, PolicyForm
from kaopu.twofactor.permissions import can_reset_from_web
from kaopu.twofactor.policy import policy_table

security_admin_only = for_roles(Role.SECURITY_ADMIN)


@security_admin_only
def policy(request: HttpRequest) -> HttpResponse:
    table = policy_table()
    form = PolicyForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        changed = [role for role, required in form.cleaned_data.items()
                   if actions.set_policy(role, required=required, acting_user=request.user, request=request)]
        if changed:
            messages.success(request, _("The two-factor policy is saved (%(count)d roles changed).")
                             % {"count": len(changed)})
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("twofactor:policy")
    find = FindUserForm(request.GET or None)
    found = None
    if find.is_valid():
        found = User.objects.select_related("organisation").filter(
            username=find.cleaned_data["username"]).first()
        if found is None:
            find.add_error("username", _("User name: no account has this user name."))
    return render(request, "twofactor/policy.html", {
        "form": form,
        "explicit": {role for role, _required, explicit in table if explicit},
        "find": find,
        "found": found,
        "found_enrolled": found is not None and devices.has_second_factor(found),
        "found_resettable": found is not None and can_reset_from_web(request.user, found),
    })


@security_admin_only
@require_POST
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    # 三员: an administrator's account is refused here (PermissionDenied, 403); the page never offers it.
    removed = actions.reset(target, acting_user=request.user, request=request)
    messages.success(request, _("The second factor of %(name)s is reset (%(count)d devices removed): at the next "
                                "login they enrol again if their role requires it.")
                     % {"name": target.in_words, "count": removed})
    return redirect(f"{reverse('twofactor:policy')}?{urlencode({'username': target.username})}")
