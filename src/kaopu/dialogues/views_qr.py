"""The QR image of a registration's check-in code (SVG drawn by segno in the process: no network).

Shown on the staff's pages and on the enterprise's own registration page (views_enterprise.py); the
access rules decide who may fetch it (staff and leaders of the meeting's district, the registration's
enterprise), everyone else gets 404. Only a code that can still be used has an image: approved, not
checked in yet, its meeting neither cancelled nor over (Registration.code_is_usable).
"""

from __future__ import annotations

import io

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from kaopu.core import access
from kaopu.dialogues import codes
from kaopu.dialogues.models import Registration


@login_required
def registration_qr(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.get_object_for_user(request.user, Registration.objects.select_related("meeting"), pk)
    if not registration.code_is_usable(timezone.now()):
        raise Http404
    # The scanner types what the image holds into the check-in field; the dash is ignored there.
    image = segno.make(codes.display(registration.code), error="m", micro=False)
    buffer = io.BytesIO()
    image.save(buffer, kind="svg", scale=8, border=2, xmldecl=False, title=codes.display(registration.code))
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
