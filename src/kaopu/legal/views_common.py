"""What the legal pages of every side share: role guards, refusals as messages, form errors that name
their field, and the attachment download that applies the request's access rules."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from kaopu.appeals.attachments import KINDS
from kaopu.core import access
from kaopu.core.decorators import for_roles
from kaopu.legal.actions import LegalError
from kaopu.legal.models import LegalRequest, RequestAttachment

logger = logging.getLogger(__name__)

__all__ = ["attempt", "for_roles", "form_errors"]


def form_errors(request: HttpRequest, form: Form) -> None:
    """Each error of ``form`` as a message that names its field (“主题：此项为必填项。”)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            named = not label or str(error).startswith(str(label))
            messages.error(request, error if named else _("%(label)s: %(error)s") % {"label": label, "error": error})


def attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> Any:
    """Run one action; its refusal becomes an error message on the page. The result, or None."""
    try:
        result = call()
    except LegalError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, done)
    return result if result is not None else True


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A request's file, for whoever may see the request (404 for anyone else, as for a missing file)."""
    visible = access.scope(request.user, LegalRequest).values("pk")
    row = RequestAttachment.objects.filter(request__in=visible, pk=pk).first()
    if row is None:
        raise Http404
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        logger.error("The file of legal attachment %s (%s) is missing", row.pk, row.file.name)
        raise Http404 from None
    kind = KINDS.get(row.original_name.rpartition(".")[2].lower())
    response = FileResponse(handle, as_attachment=True, filename=row.original_name,
                            content_type=kind.content_type if kind else "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
