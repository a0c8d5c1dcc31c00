"""Downloading an appeal's attachment: the only way its file leaves the server.

Whoever may see the appeal (kaopu.core.access, the same rules as its pages) may download its
attachments, except that an enterprise gets only the public ones (those of the events its timeline
shows); everything else is 404, as for an id that does not exist. The file goes out as a download
under its original name, with the content type fixed by its checked extension and nosniff, so that
a browser never renders an uploaded file as a page of this site.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from kaopu.accounts.roles import Role
from kaopu.appeals.models import Appeal, Attachment
from kaopu.core import access

logger = logging.getLogger(__name__)


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    user = request.user
    attachments = Attachment.objects.filter(appeal__in=access.scope(user, Appeal).values("pk"))
    if user.role == Role.ENTERPRISE_USER:
        attachments = attachments.filter(is_public=True)
    attachment = attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("The file of attachment %s (%s) is missing", attachment.pk, attachment.file.name)
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
