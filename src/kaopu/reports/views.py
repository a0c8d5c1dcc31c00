"""The work reports' pages: the list with the form that asks for one, a report's page with its progress,
summary and downloads. Thin: the work is in actions.py and the task queue. Staff and leaders of a district
see its reports (a city-level user: every one); staff generate and edit; anyone else gets 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kaopu.core import access, downloads
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.pagination import keyset_page, page_links, parse_cursor
from kaopu.directory.models import District
from kaopu.insights.cockpit import visible_districts
from kaopu.notifications.actions import mark_read_for
from kaopu.reports import actions
from kaopu.reports.forms import ReportForm, SummaryForm
from kaopu.reports.models import WorkReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 20


def _form(request: HttpRequest, data: object = None) -> ReportForm:
    return ReportForm(data, districts=visible_districts(request.user), city_level=request.user.district_id is None)


def _reports(request: HttpRequest) -> dict[str, object]:
    queryset = access.scope(request.user, WorkReport).select_related("user", "district")
    page = keyset_page(queryset, after=parse_cursor(request.GET.get("after")),
                       before=parse_cursor(request.GET.get("before")), size=PAGE_SIZE)
    return page_links(request.GET, page)


@staff_and_leaders
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/report_list.html", {"form": _form(request), **_reports(request),
                                                         "may_generate": request.user.role == "fic_staff"})


@staff_only
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form = _form(request, request.POST)
    if form.is_valid():
        district_id = request.user.district_id or form.district_id()
        district = District.objects.filter(pk=district_id).first() if district_id else None
        try:
            report = actions.request_report(request.user, district, form.period(),
                                            recompute=form.cleaned_data["recompute"],
                                            language=getattr(request, "LANGUAGE_CODE", ""))
        except actions.ReportRefused as refused:
            form.add_error(refused.field or None, refused.message)
        else:
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_list.html", {"form": form, **_reports(request), "may_generate": True},
                  status=400)


@staff_and_leaders
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_object_for_user(request.user, WorkReport.objects.select_related("user", "district",
                                                                                        "summary_edited_by"), pk)
    mark_read_for(request.user, request.path)
    return render(request, "reports/report_detail.html", _detail_context(request, report, SummaryForm(
        initial={"summary": report.summary})))


def _detail_context(request: HttpRequest, report: WorkReport, form: SummaryForm) -> dict[str, object]:
    sections = report.figures.get("sections", []) if report.figures else []
    return {"report": report, "summary_form": form, "sections": sections,
            "may_edit": access.scope(request.user, WorkReport, "change").filter(pk=report.pk).exists()}


@staff_and_leaders
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the report's page that changes; htmx polls it every second until the report is done."""
    report = access.get_object_for_user(request.user, WorkReport, pk)
    response = render(request, "reports/_progress.html", {"report": report})
    if report.is_finished and request.headers.get("HX-Request"):
        # Finished while the page watched: load the whole page, with the summary and the sections.
        response["HX-Refresh"] = "true"
    return response


@staff_only
@require_POST
def edit_summary(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_object_for_user(request.user, WorkReport.objects.select_related("user", "district"), pk,
                                        "change")
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            actions.edit_summary(report, form.cleaned_data["summary"], user=request.user)
        except actions.ReportRefused as refused:
            form.add_error("summary", refused.message)
        else:
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report, form), status=400)


@staff_and_leaders
@require_GET
def download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    report = access.get_object_for_user(request.user, WorkReport, pk)
    if not report.is_downloadable:
        raise Http404
    if kind == "docx":
        response = downloads.stored_attachment(report.docx, report.file_name, DOCX)
    elif kind == "pdf" and report.pdf:
        response = downloads.stored_attachment(report.pdf, report.pdf_name, "application/pdf")
    else:
        raise Http404
    actions.record_download(report, kind, request=request)
    return response
