"""The enterprise's training page (培训报名: open cohorts, applying, its trainees, their check-in QR codes and
certificates), the certificate download (the enterprise's own, or staff's of the district), the alumni list
with its export, and the public verification page (/programs/verify/, no login)."""

from __future__ import annotations

import io

import segno
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.decorators import for_roles, staff_and_leaders
from kaopu.core.masking import mask_phone
from kaopu.core.page_actions import attempt, form_errors
from kaopu.core.pagination import page_from_query, page_links
from kaopu.core.public_pages import public_page
from kaopu.dialogues import codes
from kaopu.programs import actions_training as actions
from kaopu.programs import selectors_training as selectors
from kaopu.programs.forms_training import AlumniFilterForm, PersonForm, VerifyForm
from kaopu.programs.models import Certificate, Trainee
from kaopu.programs.tasks import ensure_pdf

enterprises = for_roles(Role.ENTERPRISE_USER)
certificate_readers = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.ENTERPRISE_USER)
ALUMNI_PAGE = 50


@enterprises
def enterprise_page(request: HttpRequest) -> HttpResponse:
    """Open cohorts with the form to apply, and the enterprise's own trainees (mobile masked)."""
    if request.method == "POST":
        form = PersonForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
        else:
            attempt(request, lambda: actions.apply_to_cohort(request.POST.get("cohort"), acting_user=request.user,
                                                             **form.cleaned_data), _("Your application was sent."))
        return redirect("programs:training_enterprise")
    own = list(selectors.enterprise_trainees(request.user)[:100])
    issued = {c.trainee_id: c for c in
              access.scope(request.user, Certificate).filter(trainee_id__in=[t.pk for t in own])}
    for trainee in own:
        trainee.masked_mobile = mask_phone(trainee.mobile)
        trainee.issued = issued.get(trainee.pk)
    return render(request, "programs/training/enterprise.html", {
        "open_cohorts": list(selectors.open_cohorts(request.user)[:10]), "form": PersonForm(), "own": own})


@enterprises
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    attempt(request, lambda: actions.withdraw_application(pk, acting_user=request.user),
            _("The application was withdrawn."))
    return redirect("programs:training_enterprise")


@certificate_readers
def trainee_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The trainee's check-in code as a QR image (SVG), for the trainee to show at the door."""
    trainee = access.get_object_for_user(request.user, Trainee, pk)
    if trainee.state != Trainee.State.APPROVED or not trainee.check_in_code:
        raise Http404
    buffer = io.BytesIO()
    segno.make(codes.display(trainee.check_in_code), error="m", micro=False).save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False, title=codes.display(trainee.check_in_code))
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@certificate_readers
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate's PDF (written now if the background never wrote it); audited as personal data leaving."""
    certificate = ensure_pdf(access.get_object_for_user(request.user, Certificate, pk))
    if certificate.pdf_state != Certificate.PdfState.DONE:
        raise Http404
    record(Action.EXPORT, request=request, target=certificate,
           summary=f"下载结业证书{certificate.number}（{certificate.name}，{certificate.cohort_name}）")
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, filename=f"结业证书-{certificate.number}.pdf",
                        content_type="application/pdf")


def _alumni(request: HttpRequest) -> tuple[AlumniFilterForm, object]:
    cohorts = list(selectors.cohorts(request.user).filter(graduated_on__isnull=False).only("id", "name")[:200])
    form = AlumniFilterForm(request.GET or None, cohorts=cohorts)
    rows = selectors.alumni(request.user)
    if form.is_valid():
        rows = selectors.alumni(request.user, year=form.cleaned_data["year"], cohort_id=form.cleaned_data["cohort"],
                                name=(form.cleaned_data["name"] or "").strip())
    return form, rows


@staff_and_leaders
def alumni(request: HttpRequest) -> HttpResponse:
    """Every graduate across the years, newest first (keyset), with the headline N名学员 · M期 · Y年."""
    form, rows = _alumni(request)
    page = page_from_query(rows, request.GET, ALUMNI_PAGE)
    return render(request, "programs/training/alumni.html", {
        "form": form, "headline": selectors.headline(request.user), "tab": "alumni",
        **page_links(request.GET, page)})


@public_page
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a certificate by its number: name, cohort, graduation date and issuer, nothing more."""
    form = VerifyForm(request.GET or None)
    number = form.cleaned_data["number"].strip() if form.is_valid() else ""
    found = selectors.verify(number) if number else None
    return render(request, "programs/training/verify.html", {"form": form, "asked": bool(number), "found": found})
