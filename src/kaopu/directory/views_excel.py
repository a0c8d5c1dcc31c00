"""Excel pages of the directory: roster import (as a background job). The exports of the enterprise
list and its people are background jobs too (exports.py, run by kaopu.exports).

Thin views: the rules are in permissions.py and access rules, the work in importer.py and tasks.py.
An import job is visible only to the user who started it (404 for anyone else).
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from kaopu.core import access, archives, downloads
from kaopu.directory import importer, permissions, tasks
from kaopu.directory.models import ImportJob, Subdistrict

logger = logging.getLogger(__name__)

_ZIP_SIGNATURE = b"PK\x03\x04"
RECENT_JOBS = 10


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Roster workbook (.xlsx)"))

    def __init__(self, *args: Any, declared_size: int | None = None, **kwargs: Any) -> None:
        """``declared_size``: the request's Content-Length when it is refused unread (far too big)."""
        super().__init__(*args, **kwargs)
        self.declared_size = declared_size
        if declared_size is not None:
            self.fields["file"].required = False

    def clean_file(self) -> Any:
        limit = settings.KAOPU_IMPORT_MAX_BYTES
        if self.declared_size is not None:
            raise ValidationError(self._too_big(self.declared_size, limit), code="size")
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise ValidationError(_("Only Excel workbooks (.xlsx) can be imported; save an .xls or .csv file "
                                    "as “Excel workbook (*.xlsx)” first."), code="extension")
        if upload.size > limit:
            raise ValidationError(self._too_big(upload.size, limit), code="size")
        signature = upload.read(4)
        upload.seek(0)
        if signature != _ZIP_SIGNATURE:
            raise ValidationError(_("This file is not an Excel workbook (.xlsx), even though its name ends "
                                    "in .xlsx. Open it in Excel or WPS and save it as “Excel workbook "
                                    "(*.xlsx)”."), code="format")
        try:
            # Only the central directory is read: a zip bomb is refused here, before any job exists.
            archives.check_zip(upload)
        except archives.ArchiveTooLarge as error:
            raise ValidationError(str(error), code="expands") from None
        except (zipfile.BadZipFile, OSError, EOFError):
            pass  # a damaged archive fails its job with the importer's explanation
        return upload

    @staticmethod
    def _too_big(size: int, limit: int) -> str:
        return (_("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
                % {"size": _megabytes(size), "limit": _megabytes(limit)})


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def _require_import_right(request: HttpRequest) -> None:
    if not permissions.can_import(request.user) or request.user.district_id is None:
        raise PermissionDenied


# A request this much bigger than the limit is refused without reading its body. The CSRF check reads
# the body (the token is a form field), so this view is exempt and checks CSRF itself once the size is
# known to be acceptable; the refusal writes nothing and shows only the form again.
_BODY_SLACK = 1024 * 1024


@csrf_exempt
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _require_import_right(request)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if request.method == "POST" and declared > settings.KAOPU_IMPORT_MAX_BYTES + _BODY_SLACK:
        form = ImportUploadForm(data={}, files={}, declared_size=declared)
        form.is_valid()
        return _import_page(request, form)
    return _import_upload(request)


@csrf_protect
def _import_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _import_page(request, ImportUploadForm())
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form)
    job = importer.create_job(upload=form.cleaned_data["file"], user=request.user,
                              language=getattr(request, "LANGUAGE_CODE", ""))
    try:
        tasks.import_enterprises(job.pk)
    except Exception:  # the queue's storage is down: say so on the job page instead of a 500
        logger.exception("import job %s could not be queued", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error_message=_(
            "The import could not be queued; try again later or tell the system administrator."))
    return redirect("directory:import_detail", pk=job.pk)


def _import_page(request: HttpRequest, form: ImportUploadForm) -> HttpResponse:
    return render(request, "directory/import_start.html", {
        "form": form,
        "jobs": access.scope(request.user, ImportJob)[:RECENT_JOBS],
        "required": [c.header for c in importer.COLUMNS if c.required],
        "optional": [c.header for c in importer.COLUMNS if not c.required],
        "max_megabytes": _megabytes(settings.KAOPU_IMPORT_MAX_BYTES),
    })


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_object_for_user(request.user, ImportJob, pk)
    return render(request, "directory/import_detail.html", {"job": job})


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the job page that changes; htmx polls it every second until the job ends."""
    job = access.get_object_for_user(request.user, ImportJob, pk)
    return render(request, "directory/import_progress.html", {"job": job})


@login_required
@require_GET
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_object_for_user(request.user, ImportJob, pk)
    return downloads.stored_attachment(job.error_file, f"{PurePath(job.original_name).stem}-错误和警告.xlsx")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _require_import_right(request)
    names = list(Subdistrict.objects.filter(district_id=request.user.district_id)
                 .values_list("name", flat=True))
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    importer.template_workbook(handle, names)
    handle.seek(0)
    return downloads.attachment(handle, "企业名录导入模板.xlsx")
