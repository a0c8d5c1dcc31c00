"""Login throttling in the application, beside django-axes' lockout (issue 11, point 7).

Three rules, each unable to lock a person out from their own address because of what a stranger does
elsewhere:

1. **User and address** (django-axes, ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``):
   ``AXES_FAILURE_LIMIT`` failures for one user name *from one address* lock that pair for
   ``AXES_COOLOFF_TIME``. The same user name from another address is not locked.
2. **Per address** (``KAOPU_LOGIN_ADDRESS_LIMIT`` failures within ``KAOPU_LOGIN_ADDRESS_WINDOW_MINUTES``,
   over every user name): the address may not try again until the oldest of those failures leaves the
   window. Guessing across 25 accounts from one address stops here.
3. **Site-wide** (``KAOPU_LOGIN_GLOBAL_LIMIT`` failures within one minute, from anywhere): while the site
   is under such a wave, only *known* addresses (someone logged in from them successfully within
   ``KAOPU_LOGIN_KNOWN_ADDRESS_DAYS``) without a failure of their own in the last minute may try; the
   rest are asked to wait until the wave has passed. An administrator's usual address is known.

Failures are rows in the database (``LoginFailure``), so the counts hold across every worker and app
server without a shared cache. Password failures arrive through Django's ``user_login_failed`` signal
(``signals.py``), wrong second-step codes through ``record_failure``. ``LoginThrottleMiddleware``
refuses a throttled POST to a login form before any password is checked, with a Chinese page that says
when to try again (HTTP 429).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.audit.log import client_ip, record
from kaopu.audit.models import Action
from kaopu.twofactor.models import KnownAddress, LoginFailure

GLOBAL_WINDOW = timedelta(minutes=1)


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address behind ``PROXY_COUNT`` proxies: the same one the audit log records.
    django-axes reads it too (``AXES_CLIENT_IP_CALLABLE``); without it axes would see only nginx's
    127.0.0.1 and every lockout would be site-wide."""
    return client_ip(request)


def address_limit() -> int:
    return int(settings.KAOPU_LOGIN_ADDRESS_LIMIT)


def address_window() -> timedelta:
    return timedelta(minutes=int(settings.KAOPU_LOGIN_ADDRESS_WINDOW_MINUTES))


def global_limit() -> int:
    return int(settings.KAOPU_LOGIN_GLOBAL_LIMIT)


@dataclass(frozen=True)
class Refusal:
    until: datetime
    message: str


def check(address: str | None, now: datetime | None = None) -> Refusal | None:
    """Why a login attempt from ``address`` must wait, or None when it may go ahead (two or three
    small indexed queries)."""
    if not address:
        return None
    now = now or timezone.now()
    # The limit-th newest failure of this address: while it is inside the window, so are `limit` failures.
    nth = (LoginFailure.objects.filter(address=address, at__gt=now - address_window())
           .order_by("-at").values_list("at", flat=True)[address_limit() - 1:address_limit()].first())
    if nth is not None:
        until = nth + address_window()
        return Refusal(until, _("Too many failed logins from your network address. Please try again after "
                                "%(time)s.") % {"time": _clock(until)})
    nth = (LoginFailure.objects.filter(at__gt=now - GLOBAL_WINDOW)
           .order_by("-at").values_list("at", flat=True)[global_limit() - 1:global_limit()].first())
    if nth is not None and not _trusted(address, now):
        until = nth + GLOBAL_WINDOW
        return Refusal(until, _("Kaopu is receiving unusually many failed logins, so logins from addresses it "
                                "does not know are paused for a moment. Please try again after %(time)s.")
                       % {"time": _clock(until)})
    return None


def _trusted(address: str, now: datetime) -> bool:
    known_since = now - timedelta(days=int(settings.KAOPU_LOGIN_KNOWN_ADDRESS_DAYS))
    return (KnownAddress.objects.filter(address=address, last_success_at__gt=known_since).exists()
            and not LoginFailure.objects.filter(address=address, at__gt=now - GLOBAL_WINDOW).exists())


def _clock(moment: datetime) -> str:
    """The time to try again, as the reader's clock shows it (minutes rounded up)."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.strftime("%H:%M")


def record_failure(request: HttpRequest | None, username: str) -> None:
    """Count one failed password or code. When this failure makes the address reach its limit, or
    the site reach its wave limit, that moment is audited (once, not per refused attempt)."""
    address = client_address(request)
    if not address:
        return
    now = timezone.now()
    with transaction.atomic():
        LoginFailure.objects.create(address=address, username=username[:150], at=now)
        from_address = LoginFailure.objects.filter(address=address, at__gt=now - address_window()).count()
        if from_address == address_limit():
            record(Action.LOCKED_OUT, actor=None, actor_name=username[:150], request=request,
                   object_type="twofactor.address", object_id=address,
                   summary=f"网络地址 {address} 登录失败达 {from_address} 次，暂停其登录 "
                           f"{int(settings.KAOPU_LOGIN_ADDRESS_WINDOW_MINUTES)} 分钟")
        site_wide = LoginFailure.objects.filter(at__gt=now - GLOBAL_WINDOW).count()
        if site_wide == global_limit():
            record(Action.LOCKED_OUT, actor=None, actor_name=username[:150], request=request,
                   object_type="twofactor.address", object_id=address,
                   summary=f"全站一分钟内登录失败达 {site_wide} 次，暂停陌生网络地址的登录")


def second_step_failed(request: HttpRequest, user: Any) -> None:
    """A wrong second-step code counts like a wrong password: for django-axes' lockout of the user and
    address, and for the address and site-wide throttles. (axes' handler is called directly rather
    than through ``user_login_failed``, whose audit receiver would write a second entry.)"""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.user_login_failed(sender=None, credentials={"username": user.get_username()},
                                       request=request)
    record_failure(request, user.get_username())


def is_locked(request: HttpRequest, user: Any) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return bool(AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()}))


def reset_pair(request: HttpRequest, user: Any) -> None:
    """After a correct second step, the user's failed codes from this address are forgotten, as a
    correct password forgets the failed passwords (``AXES_RESET_ON_SUCCESS``)."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.reset_attempts(ip_address=client_address(request), username=user.get_username())


def record_success(request: HttpRequest | None) -> None:
    address = client_address(request)
    if not address:
        return
    now = timezone.now()
    updated = KnownAddress.objects.filter(address=address).update(last_success_at=now)
    if not updated:
        KnownAddress.objects.bulk_create([KnownAddress(address=address, last_success_at=now)],
                                         ignore_conflicts=True)


def forget_old(now: datetime | None = None) -> int:
    """Delete failures no rule looks at any more (older than a day): the task queue runs it hourly."""
    now = now or timezone.now()
    horizon = max(address_window(), GLOBAL_WINDOW, timedelta(days=1))
    deleted, _rows = LoginFailure.objects.filter(at__lt=now - horizon).delete()
    return deleted


def throttled_paths() -> set[str]:
    """The forms that check a password or a second-step code."""
    return {reverse("accounts:login"), reverse("admin:login"), reverse("twofactor:verify")}


class LoginThrottleMiddleware:
    """Refuses a throttled POST to a login form before the password is checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info in throttled_paths():
            refusal = check(client_address(request))
            if refusal is not None:
                return refused(request, refusal)
        return self.get_response(request)


def refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    response = render(request, "twofactor/throttled.html", {"refusal": refusal}, status=429)
    response["Retry-After"] = str(max(1, int((refusal.until - timezone.now()).total_seconds()) + 1))
    return response


def lockout_response(request: HttpRequest, original_response: Any = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes' lockout page (``AXES_LOCKOUT_CALLABLE``), saying how long the lock lasts as the
    settings say, not a number written into the template."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
