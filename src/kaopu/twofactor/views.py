"""Each user's own pages: the second step of logging in, enrolment, recovery codes, status."""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.twofactor import actions, devices, session, throttle
from kaopu.twofactor.forms import CodeForm, DisableForm, EnrolForm
from kaopu.twofactor.policy import requires_two_factor
from kaopu.twofactor.qr import inline_svg


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked_out(request: HttpRequest) -> HttpResponse:
    """Too many wrong codes: the half-open session ends, and the lockout page says for how long."""
    logout(request)
    return throttle.lockout_response(request)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: the authenticator's code or a recovery code, after the password."""
    user = request.user
    if session.need(request) != session.VERIFY or session.fully_logged_in(request):
        return redirect(_next_url(request))
    if throttle.is_locked(request, user):
        return _locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.verify_second_step(user, form.cleaned_data["code"], request=request):
            return redirect(_next_url(request))
        if throttle.is_locked(request, user):
            return _locked_out(request)
        form.add_error("code", _("Code: the code is wrong, expired or already used. Enter the six digits your "
                                 "authenticator app shows now, or an unused recovery code."))
    return render(request, "twofactor/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Add an authenticator: a QR code and the secret as text, confirmed with a code it shows; then the
    ten recovery codes, shown once."""
    user = request.user
    if devices.confirmed_totp(user) is not None:
        return redirect("twofactor:status")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.confirm_enrolment(user, form.cleaned_data["code"], request=request)
        except ValidationError as error:
            form.add_error("code", error.message_dict.get("code", error.messages))
            if throttle.is_locked(request, user):
                return _locked_out(request)
        else:
            return render(request, "twofactor/recovery_codes.html", {"codes": codes, "first_time": True})
    device = actions.start_enrolment(user, request=request)
    secret = b32encode(device.bin_key).decode()
    return render(request, "twofactor/enrol.html", {
        "form": form,
        "qr": inline_svg(device.config_url, title=_("QR code of the authenticator secret")),
        "secret": secret,
        "secret_groups": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": requires_two_factor(user),
    })


@login_required
def status(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "twofactor/status.html", {
        "enrolled": devices.confirmed_totp(user) is not None,
        "codes_left": devices.recovery_codes_left(user),
        "required": requires_two_factor(user),
        "disable_form": DisableForm(),
    })


@login_required
@require_POST
def regenerate(request: HttpRequest) -> HttpResponse:
    codes = actions.regenerate_recovery_codes(request.user, request=request)
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "first_time": False})


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DisableForm(request.POST)
    if form.is_valid():
        try:
            actions.disable(user, password=form.cleaned_data["password"], code=form.cleaned_data["code"],
                            request=request)
        except ValidationError as error:
            if throttle.is_locked(request, user):
                return _locked_out(request)
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("Two-factor authentication is turned off."))
            return redirect("twofactor:status")
    return render(request, "twofactor/status.html", {
        "enrolled": devices.confirmed_totp(user) is not None,
        "codes_left": devices.recovery_codes_left(user),
        "required": requires_two_factor(user),
        "disable_form": form,
    }, status=400)
