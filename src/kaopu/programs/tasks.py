"""The certificates' PDFs, written on the huey queue after graduation (kaopu.programs.actions_training).

Idempotent and safe to retry: a worker first claims the certificate (queued or failed → running, one more
attempt) with one UPDATE, so a doubled task does nothing; a ready PDF is never written again. A failure (a
character the font lacks, a full disk) is kept on the certificate for staff to read, and staff queue it again
(retry_certificate_pdf). The demo's hundreds of past certificates are written on their first download instead
(:func:`ensure_pdf`), not all at load.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from huey.contrib.djhuey import db_task

from kaopu.core.errors import ActionRefused
from kaopu.core.stored_files import delete_after_commit
from kaopu.programs import certificates
from kaopu.programs.models import Certificate

logger = logging.getLogger(__name__)
PdfState = Certificate.PdfState


def write_pdf(certificate_id: int) -> bool:
    """Write one certificate's PDF if it is queued or failed (True when this call wrote it)."""
    claimed = Certificate.objects.filter(pk=certificate_id, pdf_state__in=[PdfState.QUEUED, PdfState.FAILED]).update(
        pdf_state=PdfState.RUNNING, pdf_attempts=F("pdf_attempts") + 1)
    if not claimed:
        return False
    certificate = Certificate.objects.get(pk=certificate_id)
    try:
        content = certificates.render(certificate)
    except ActionRefused as error:
        Certificate.objects.filter(pk=certificate_id).update(pdf_state=PdfState.FAILED, pdf_error=error.message[:300])
        return False
    except Exception as error:
        logger.exception("certificate %s: the PDF could not be written", certificate.number)
        Certificate.objects.filter(pk=certificate_id).update(pdf_state=PdfState.FAILED, pdf_error=str(error)[:300])
        return False
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        previous = locked.pdf.name
        locked.pdf.save(f"{locked.number}.pdf", ContentFile(content), save=False)
        if previous and previous != locked.pdf.name:
            delete_after_commit(previous)
        locked.pdf_state, locked.pdf_error = PdfState.DONE, ""
        locked.save(update_fields=["pdf", "pdf_state", "pdf_error"])
    return True


def ensure_pdf(certificate: Certificate) -> Certificate:
    """The certificate with its PDF, written now when it was never written (the demo's past cohorts)."""
    if certificate.pdf_state != PdfState.DONE:
        write_pdf(certificate.pk)
        certificate.refresh_from_db()
    return certificate


@db_task(retries=2, retry_delay=30)
def write_certificate_pdf(certificate_id: int) -> None:
    write_pdf(certificate_id)
