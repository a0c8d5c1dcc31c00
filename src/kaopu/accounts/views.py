from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts import actions
from kaopu.accounts.forms import LoginForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        if request.session.pop("kaopu_idle_logout", False):
            messages.info(request, _("You were logged out after a period of inactivity."))
        return super().get(request, *args, **kwargs)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = actions.issue_token(request.user, name=form.cleaned_data["name"], request=request)
        form = TokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form,
        "new_token": new_token,
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
    })


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    actions.revoke_token(request.user, pk, request=request)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")
