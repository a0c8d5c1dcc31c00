from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from kaopu.accounts.roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts on the page of its daily work."""
    user = request.user
    if user.role == Role.FIC_STAFF:
        return redirect("appeals:triage")
    if user.role == Role.DISTRICT_LEADER:
        return redirect("appeals:overview")
    if user.role == Role.DEPARTMENT_HANDLER:
        return redirect("appeals:inbox")
    if user.role == Role.ENTERPRISE_USER:
        return redirect("directory:my_enterprise")
    if user.role == Role.AUDIT_ADMIN:
        return redirect("audit:entry_list")
    if user.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
        return redirect("admin:index")
    if user.role == Role.BANK_OFFICER:
        return redirect("finance:bank_worklist")
    if user.role == Role.LAWYER:
        return redirect("legal:lawyer_home")
    return render(request, "core/home.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon that WhiteNoise
    serves (with its hashed name in production), rather than log a 404 for every new visitor."""
    return HttpResponsePermanentRedirect(static("kaopu/favicon.svg"))
