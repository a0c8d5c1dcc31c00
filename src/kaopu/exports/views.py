"""The exports' pages: ask for an export (POST from a list page), the job page with its progress, the
user's recent exports, and the download. Thin: the work is in actions.py and the task queue.

Every job is visible to its owner only (permissions.py): anyone else gets 404, as for a job that does
not exist.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kaopu.core import access, downloads
from kaopu.exports import actions
from kaopu.exports.models import ExportJob
from kaopu.notifications.actions import mark_read_for

RECENT = 20


@login_required
@require_POST
def create(request: HttpRequest, kind: str) -> HttpResponse:
    """Store and queue the export with the list page's filters (the POSTed fields), then show its page.
    No row is read here: the request returns at once whatever the size of the list."""
    try:
        job = actions.request_export(request.user, kind, request.POST, language=getattr(request, "LANGUAGE_CODE", ""))
    except actions.ExportRefused:
        raise Http404 from None
    return redirect("exports:detail", pk=job.pk)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = access.scope(request.user, ExportJob)[:RECENT]
    return render(request, "exports/job_list.html", {"jobs": jobs, "keep_hours": _keep_hours()})


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_object_for_user(request.user, ExportJob, pk)
    mark_read_for(request.user, request.path)  # opening the page the notification points to reads it
    return render(request, "exports/job_detail.html", {"job": job, "keep_hours": _keep_hours()})


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the job page that changes; htmx polls it every second until the job ends."""
    job = access.get_object_for_user(request.user, ExportJob, pk)
    return render(request, "exports/job_progress.html", {"job": job, "keep_hours": _keep_hours()})


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_object_for_user(request.user, ExportJob, pk)
    if not job.is_downloadable:
        raise Http404
    response = downloads.stored_attachment(job.file, job.file_name)
    actions.record_download(job, request=request)
    return response


def _keep_hours() -> int:
    return settings.KAOPU_EXPORT_KEEP_HOURS
