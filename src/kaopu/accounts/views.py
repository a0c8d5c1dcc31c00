from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts import account_page, actions, passwords
from kaopu.accounts.forms import AdminRoleRequestForm, DecisionForm, LoginForm, OwnPasswordForm, TokenForm
from kaopu.accounts.models import AdminRoleRequest, ApiToken
from kaopu.accounts.roles import Permission
from kaopu.core.decorators import for_permission

# How many revoked or expired tokens the tokens page still lists (newest first).
PAST_TOKENS_SHOWN = 20
DECIDED_REQUESTS_SHOWN = 20


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        if request.session.pop("kaopu_idle_logout", False):
            messages.info(request, _("You were logged out after a period of inactivity."))
        return super().get(request, *args, **kwargs)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """My account: who I am, how old my password is, links to change it and to my API tokens, and the
    sections other apps add (account_page.register_section)."""
    user = request.user
    changed = user.password_changed_at
    return render(request, "accounts/account.html", {
        "password_age_days": (timezone.now() - changed).days if changed else None,
        "password_expires_at": passwords.expires_at(user),
        "uses_tokens": user.holds(Permission.API_TOKENS),
        "active_tokens": ApiToken.objects.filter(user=user, revoked_at__isnull=True,
                                                 expires_at__gt=timezone.now()).count(),
        "account_sections": account_page.sections(),
    })


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the current one required). The page every user is sent to while
    their password was chosen by someone else or has expired (accounts.middleware)."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "forced": user.must_change_password, "expired": passwords.is_expired(user),
            "next": self._next() or "",
        }

    def _next(self) -> str | None:
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()},
                                                      require_https=self.request.is_secure()):
            return target
        return None

    def form_valid(self, form: OwnPasswordForm) -> HttpResponse:
        user = actions.change_own_password(self.request.user, new_password=form.cleaned_data["new_password1"],
                                           revoke_tokens=form.cleaned_data["revoke_tokens"], request=self.request)
        update_session_auth_hash(self.request, user)  # keep this session; the others end
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self._next() or reverse("accounts:account"))


@for_permission(Permission.API_TOKENS)
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = actions.issue_token(request.user, name=form.cleaned_data["name"],
                                                    scope=form.cleaned_data["scope"], days=form.cleaned_data["days"],
                                                    request=request)
            form = TokenForm()
        except ValidationError as error:
            _add_errors(form, error)
    now = timezone.now()
    mine = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/tokens.html", {
        "form": form,
        "new_token": new_token,
        "tokens": mine.filter(revoked_at__isnull=True, expires_at__gt=now).order_by("expires_at"),
        "past_tokens": mine.filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))
                           .order_by("-id")[:PAST_TOKENS_SHOWN],
        "now": now,
    })


@for_permission(Permission.API_TOKENS)
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    if actions.revoke_token(request.user, pk, request=request):
        messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def admin_roles(request: HttpRequest) -> HttpResponse:
    """Requests for administrator roles: the security administrator asks, another administrator
    approves or refuses (the two-person rule, accounts.actions)."""
    if not actions.can_decide_admin_roles(request.user):
        raise PermissionDenied
    form = None
    if actions.can_request_admin_roles(request.user):
        form = AdminRoleRequestForm(request.POST or None, acting_user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                actions.request_admin_role(form.cleaned_data["target"], role=form.cleaned_data["role"],
                                           reason=form.cleaned_data["reason"], acting_user=request.user,
                                           request=request)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The request was made: another administrator must approve it."))
                return redirect("accounts:admin_roles")
    elif request.method == "POST":
        raise PermissionDenied
    requests = AdminRoleRequest.objects.select_related("target__organisation", "requested_by", "decided_by")
    pending = list(requests.filter(decision=AdminRoleRequest.Decision.PENDING).order_by("id"))
    return render(request, "accounts/admin_roles.html", {
        "form": form,
        "pending": [(item, actions.may_decide(request.user, item)) for item in pending],
        "decided": requests.exclude(decision=AdminRoleRequest.Decision.PENDING)[:DECIDED_REQUESTS_SHOWN],
        "decision_form": DecisionForm(),
    })


@login_required
@require_POST
def decide_admin_role(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        messages.error(request, _("Choose approve or refuse."))
        return redirect("accounts:admin_roles")
    approve = decision == "approve"
    try:
        actions.decide_admin_role_request(pk, approve=approve, acting_user=request.user, note=note, request=request)
    except (ValidationError, PermissionDenied) as refusal:
        if isinstance(refusal, PermissionDenied) and not actions.can_decide_admin_roles(request.user):
            raise
        messages.error(request, " ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal))
    else:
        messages.success(request, _("The request was approved: the role has changed.") if approve
                         else _("The request was refused."))
    return redirect("accounts:admin_roles")
