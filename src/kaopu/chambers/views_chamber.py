"""The pages of one chamber, for FIC staff and leaders of its district and for its own officer: the chamber's
page, its members, its terms and its brand projects. Every object is fetched through the access rule
(another chamber's ids answer 404); the forms show to those who may change (permissions.manages)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.chambers import actions, actions_roster, permissions, sections, selectors
from kaopu.chambers.actions import ChamberError
from kaopu.chambers.forms import (
    LeaveForm,
    LookupForm,
    MemberForm,
    OutcomeForm,
    PhotoForm,
    ProjectForm,
    RoleForm,
    RosterForm,
    TermForm,
)
from kaopu.chambers.models import BrandOutcome, BrandPhoto, BrandProject, Chamber, LeadershipTerm, Membership
from kaopu.chambers.web import attempt, chamber_keepers, chamber_readers, form_errors, pages, submitted
from kaopu.core import access
from kaopu.core.pagination import page_from_query
from kaopu.core.workdays import local_today

MEMBER_ROWS = 30  # ordinary members on the chamber's page; the member list pages through them all
COUNCIL_ROWS = 100  # president, vice-presidents, directors
HISTORY_ROWS = 20
TERM_ROWS = 5
PROJECT_ROWS = 10
SECTION_ROWS = 5
PAGE_SIZE = 50


def _chamber(request: HttpRequest, pk: Any) -> Chamber:
    return access.get_object_for_user(request.user, Chamber.objects.select_related(
        "subdistrict", "industry_section", "merged_into", "organisation"), pk)


def _managed(request: HttpRequest, pk: Any) -> Chamber:
    """The chamber, for a page that changes its rows: 404 for one the user does not see or does not keep."""
    chamber = _chamber(request, pk)
    if not permissions.manages(request.user, chamber):
        raise Http404
    return chamber


@chamber_readers
def chamber_detail(request: HttpRequest, pk: int) -> HttpResponse:
    chamber = _chamber(request, pk)
    registered = [(section, section.rows(request.user, chamber, SECTION_ROWS), section.url(request.user, chamber),
                   section.add_url(request.user, chamber) if section.add_url else "")
                  for section in sections.sections()]
    return render(request, "chambers/chamber_detail.html", {
        "chamber": chamber, "manages": permissions.manages(request.user, chamber),
        "is_staff": request.user.role == Role.FIC_STAFF and access.can(request.user, chamber, "change"),
        "leadership": selectors.leadership(chamber, COUNCIL_ROWS),
        "members": selectors.newest_members(chamber, MEMBER_ROWS),
        "history": selectors.member_history(chamber, HISTORY_ROWS),
        "terms": selectors.terms(chamber, TERM_ROWS), "projects": selectors.projects(chamber, PROJECT_ROWS),
        "sections": registered, "today": local_today()})


@chamber_readers
def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    chamber = _chamber(request, pk)
    role = request.GET.get("role", "")
    role = role if role in Membership.Role.values else ""
    page = selectors.member_page(chamber, request.GET, role, PAGE_SIZE)
    return render(request, "chambers/member_list.html", {
        **pages(request, page), "chamber": chamber, "role": role, "roles": Membership.Role.choices,
        "manages": permissions.manages(request.user, chamber),
        # One form per row: no ids (they would repeat), each field named by its aria-label.
        "role_form": RoleForm(initial={"on": local_today()}, auto_id=False),
        "leave_form": LeaveForm(initial={"on": local_today()}, auto_id=False)})


@chamber_keepers
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    chamber = _managed(request, pk)
    lookup = LookupForm(request.GET or None)
    found = selectors.candidates(chamber, lookup.cleaned_data["q"]) if lookup.is_valid() else []
    chosen = selectors.candidate(chamber, request.GET.get("pick"))
    form = MemberForm(request.POST or None, initial={"joined_on": local_today(),
                                                     "enterprise": getattr(chosen, "pk", None)})
    response = submitted(request, form, lambda data: actions.add_member(chamber, acting_user=request.user, **data),
                         _("The member was added."), lambda saved: redirect("chambers:member_list", pk=chamber.pk))
    if response:
        return response
    return render(request, "chambers/member_add.html", {"chamber": chamber, "lookup": lookup, "found": found,
                                                        "chosen": chosen, "form": form, "searched": lookup.is_bound,
                                                        "roster_form": RosterForm()})


@require_POST
@chamber_keepers
def member_roster(request: HttpRequest, pk: int) -> HttpResponse:
    """Members added from an Excel roster, all or none; the problems listed by row."""
    chamber = _managed(request, pk)
    form = RosterForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("chambers:member_add", pk=chamber.pk)
    upload = form.cleaned_data["roster"]
    try:
        roster = actions_roster.add_members_from_roster(chamber, acting_user=request.user, source=upload,
                                                        name=upload.name)
    except ChamberError as error:
        messages.error(request, error.message)
        return redirect("chambers:member_add", pk=chamber.pk)
    if roster.problems:
        for problem in roster.problems[:actions_roster.MAX_PROBLEMS]:
            messages.error(request, problem)
        if len(roster.problems) > actions_roster.MAX_PROBLEMS:
            messages.error(request, _("… and %(n)s more problems.") % {
                "n": len(roster.problems) - actions_roster.MAX_PROBLEMS})
        messages.error(request, _("Nothing was added: correct the roster and upload it again."))
        return redirect("chambers:member_add", pk=chamber.pk)
    messages.success(request, _("%(n)s members were added from the roster.") % {"n": len(roster.rows)})
    return redirect("chambers:member_list", pk=chamber.pk)


def _membership_post(request: HttpRequest, pk: int, form_class: Any, call: Any, done: str) -> HttpResponse:
    membership = access.get_object_for_user(request.user, Membership, pk, "change")
    form = form_class(request.POST)
    if form.is_valid():
        attempt(request, lambda: call(membership, acting_user=request.user, **form.cleaned_data), done)
    else:
        form_errors(request, form)
    return redirect("chambers:member_list", pk=membership.chamber_id)


@require_POST
@chamber_keepers
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_post(request, pk, RoleForm, actions.change_role, _("The member's role was changed."))


@require_POST
@chamber_keepers
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_post(request, pk, LeaveForm, actions.record_leaving, _("The member's leaving was recorded."))


def _term_form(request: HttpRequest, chamber: Chamber, term: LeadershipTerm | None) -> HttpResponse:
    form = TermForm(request.POST or None, chamber=chamber, initial=TermForm.initial_of(term) if term else {})
    shown = lambda saved: redirect("chambers:chamber_detail", pk=chamber.pk)  # noqa: E731
    if term is None:
        response = submitted(request, form, lambda data: actions.record_term(chamber, acting_user=request.user,
                                                                             **data),
                             _("The term was recorded."), shown)
    else:
        response = submitted(request, form, lambda data: actions.update_term(term, acting_user=request.user, **data),
                             _("The term was saved."), shown)
    return response or render(request, "chambers/term_form.html", {"form": form, "chamber": chamber, "term": term})


@chamber_keepers
def term_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _term_form(request, _managed(request, pk), None)


@chamber_keepers
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = access.get_object_for_user(request.user, LeadershipTerm, pk, "change")
    return _term_form(request, _managed(request, term.chamber_id), term)


# ---- brand projects ---------------------------------------------------------------------------------------


@chamber_readers
def chamber_projects(request: HttpRequest, pk: int) -> HttpResponse:
    """The chamber's brand projects; ?without_outcomes=1: this year's without an outcome (the officer's to-do,
    the same selector)."""
    chamber = _chamber(request, pk)
    without = request.GET.get("without_outcomes") == "1"
    projects = (selectors.unrecorded_outcomes(request.user, local_today().year) if without
                else BrandProject.objects.select_related("chamber"))
    page = page_from_query(projects.filter(chamber=chamber), request.GET, size=PAGE_SIZE)
    return render(request, "chambers/project_list.html", {**pages(request, page), "chamber": chamber,
                                                          "manages": permissions.manages(request.user, chamber),
                                                          "without_outcomes": without})


def _project_form(request: HttpRequest, chamber: Chamber, project: BrandProject | None) -> HttpResponse:
    initial = ProjectForm.initial_of(project) if project else {"year": local_today().year}
    form = ProjectForm(request.POST or None, initial=initial)
    shown = lambda saved: redirect("chambers:project_detail", pk=saved.pk)  # noqa: E731
    if project is None:
        response = submitted(request, form, lambda data: actions.create_project(chamber, acting_user=request.user,
                                                                                **data),
                             _("The project was recorded."), shown)
    else:
        response = submitted(request, form, lambda data: actions.update_project(project, acting_user=request.user,
                                                                                **data),
                             _("The project was saved."), shown)
    return response or render(request, "chambers/project_form.html",
                              {"form": form, "chamber": chamber, "project": project})


@chamber_keepers
def project_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(request, _managed(request, pk), None)


@chamber_keepers
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_object_for_user(request.user, BrandProject.objects.prefetch_related("plan"), pk, "change")
    return _project_form(request, _managed(request, project.chamber_id), project)


@chamber_readers
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(request.user, pk)
    return render(request, "chambers/project_detail.html", {
        "project": project, "chamber": project.chamber, "manages": permissions.manages(request.user, project.chamber),
        "is_staff": request.user.role == Role.FIC_STAFF and permissions.manages(request.user, project.chamber),
        "outcome_form": OutcomeForm(), "photo_form": PhotoForm()})


@require_POST
@chamber_keepers
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_object_for_user(request.user, BrandProject, pk, "change")
    form = OutcomeForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.add_outcome(project, acting_user=request.user, **form.cleaned_data),
                _("The outcome was recorded."))
    else:
        form_errors(request, form)
    return redirect("chambers:project_detail", pk=project.pk)


@require_POST
@chamber_keepers
def outcome_remove(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.get_object_for_user(request.user, BrandOutcome, pk, "change")
    attempt(request, lambda: actions.remove_outcome(outcome, acting_user=request.user), _("The outcome was removed."))
    return redirect("chambers:project_detail", pk=outcome.project_id)


@require_POST
@chamber_keepers
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_object_for_user(request.user, BrandProject, pk, "change")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(request, lambda: actions.add_photo(project, acting_user=request.user, upload=form.cleaned_data["photo"],
                                                   caption=form.cleaned_data["caption"]), _("The photo was added."))
    else:
        form_errors(request, form)
    return redirect("chambers:project_detail", pk=project.pk)


@require_POST
@chamber_keepers
def photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    photo = access.get_object_for_user(request.user, BrandPhoto, pk, "change")
    attempt(request, lambda: actions.remove_photo(photo, acting_user=request.user), _("The photo was removed."))
    return redirect("chambers:project_detail", pk=photo.project_id)


@chamber_readers
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    """A re-encoded photo, for those who see its chamber (404 for anyone else)."""
    photo = access.get_object_for_user(request.user, BrandPhoto.objects.only("file", "content_type"), pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
