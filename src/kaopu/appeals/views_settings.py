"""The appeal settings pages (诉求设置): deadline rules, categories, department heads and routing rules.

FIC staff edit them; a district leader granted the settings pages (kaopu.accounts.roles.Permission.SETTINGS)
may look (the GET pages) but every write is staff only; everyone else gets 404, as on the other staff
pages. Deadline rules and categories are shared by every
district; departments are listed for the user's district (kaopu.core.access.district_filter). Each
write is one form ``save`` (kaopu.appeals.forms_settings) that records an audit entry.

Routing rules (分派规则) are a district's own working rules: only its FIC staff see them (leaders
and city-level staff get 404, and so does another district's rule); their writes are the actions of
kaopu.appeals.actions_routing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.appeals import actions_routing, deadlines, routing
from kaopu.appeals.forms_settings import (
    CategoryForm,
    DeadlineRuleForm,
    DepartmentHeadForm,
    RoutingRuleForm,
    delete_rule,
    department_handlers,
    set_category_active,
)
from kaopu.appeals.models import Appeal, Category, DeadlineRule, RoutingRule
from kaopu.core import access
from kaopu.core.access import district_filter
from kaopu.core.decorators import settings_readers, staff_only
from kaopu.directory.models import Department

STEP_ORDER = {value: index for index, value in enumerate(DeadlineRule.Step.values)}
KIND_ORDER = {value: index for index, value in enumerate(["", *Appeal.Kind.values])}


@settings_readers
def settings_home(request: HttpRequest) -> HttpResponse:
    return redirect("appeals:settings_deadlines")


# --- Deadline rules ---------------------------------------------------------------------------------

@dataclass
class Cell:
    kind: Any  # the type's label
    days: int
    source: str  # "default", "type" (a rule for this type) or "all" (a rule for every type)


def _deadline_table(rules: list[DeadlineRule]) -> list[tuple[Any, list[Cell]]]:
    """Per step and type, the working days of an appeal whose category has no rule of its own."""
    by_step: dict[str, dict[tuple[str, int | None], int]] = {step: {} for step in DeadlineRule.Step.values}
    for rule in rules:
        by_step[rule.step][(rule.kind, rule.category_id)] = rule.working_days
    table = []
    for step, label in DeadlineRule.Step.choices:
        cells = []
        for kind, kind_label in Appeal.Kind.choices:
            days, key = deadlines.resolve(step, kind, None, by_step[step])
            cells.append(Cell(kind_label, days, "default" if key is None else ("type" if key[0] else "all")))
        table.append((label, cells))
    return table


def _deadlines_page(request: HttpRequest, form: DeadlineRuleForm | None = None) -> HttpResponse:
    rules = sorted(DeadlineRule.objects.select_related("category"),
                   key=lambda r: (STEP_ORDER[r.step], KIND_ORDER[r.kind],
                                  (r.category.sort_order, r.category_id) if r.category else (-1, 0)))
    is_staff = request.user.role == Role.FIC_STAFF
    if is_staff and form is None:
        form = DeadlineRuleForm()
    return render(request, "appeals/settings_deadlines.html", {
        "tab": "deadlines", "is_staff": is_staff, "kinds": Appeal.Kind.labels,
        "table": _deadline_table(rules), "rules": rules, "form": form if is_staff else None,
    })


@settings_readers
def deadline_rules(request: HttpRequest) -> HttpResponse:
    return _deadlines_page(request)


@require_POST
@staff_only
def deadline_rule_add(request: HttpRequest) -> HttpResponse:
    form = DeadlineRuleForm(request.POST)
    if form.is_valid() and form.save(acting_user=request.user, request=request):
        messages.success(request, _("The deadline rule was added. It applies to deadlines computed from now "
                                    "on; deadlines already set do not change."))
        return redirect("appeals:settings_deadlines")
    return _deadlines_page(request, form)


@staff_only
def deadline_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(DeadlineRule.objects.select_related("category"), pk=pk)
    form = DeadlineRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid() and form.save(acting_user=request.user, request=request):
        messages.success(request, _("The deadline rule was saved. It applies to deadlines computed from now "
                                    "on; deadlines already set do not change."))
        return redirect("appeals:settings_deadlines")
    return render(request, "appeals/settings_deadline_edit.html", {"tab": "deadlines", "form": form, "rule": rule})


@require_POST
@staff_only
def deadline_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(DeadlineRule, pk=pk)
    delete_rule(rule, acting_user=request.user, request=request)
    messages.success(request, _("The deadline rule was deleted; deadlines computed from now on use the next "
                                "matching rule or the default."))
    return redirect("appeals:settings_deadlines")


# --- Categories -------------------------------------------------------------------------------------

def _categories_page(request: HttpRequest, form: CategoryForm | None = None) -> HttpResponse:
    is_staff = request.user.role == Role.FIC_STAFF
    if is_staff and form is None:
        next_order = (Category.objects.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0)
        form = CategoryForm(initial={"sort_order": next_order + 1})
    return render(request, "appeals/settings_categories.html", {
        "tab": "categories", "is_staff": is_staff, "form": form if is_staff else None,
        "categories": list(Category.objects.order_by("-is_active", "sort_order", "id")),
    })


@settings_readers
def categories(request: HttpRequest) -> HttpResponse:
    return _categories_page(request)


@require_POST
@staff_only
def category_add(request: HttpRequest) -> HttpResponse:
    form = CategoryForm(request.POST)
    if form.is_valid() and (category := form.save(acting_user=request.user, request=request)):
        messages.success(request, _("The category “%(name)s” was added.") % {"name": category.name})
        return redirect("appeals:settings_categories")
    return _categories_page(request, form)


@staff_only
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid() and form.save(acting_user=request.user, request=request):
        messages.success(request, _("The category “%(name)s” was saved.") % {"name": category.name})
        return redirect("appeals:settings_categories")
    return render(request, "appeals/settings_category_edit.html",
                  {"tab": "categories", "form": form, "category": category})


@require_POST
@staff_only
def category_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk)
    active = request.POST.get("active") == "1"
    set_category_active(category, active, acting_user=request.user, request=request)
    if active:
        messages.success(request, _("“%(name)s” is offered on the submit forms again.") % {"name": category.name})
    else:
        messages.success(request, _("“%(name)s” was retired: it is no longer offered on the submit forms; "
                                    "appeals that have it keep it.") % {"name": category.name})
    return redirect("appeals:settings_categories")


# --- Department heads -------------------------------------------------------------------------------

def _departments(user: Any) -> Any:
    return Department.objects.filter(district_filter(user)).select_related("head", "district")


@settings_readers
def department_heads(request: HttpRequest) -> HttpResponse:
    departments = list(_departments(request.user).order_by("-is_active", "name"))
    handlers = department_handlers([d.pk for d in departments])
    is_staff = request.user.role == Role.FIC_STAFF
    rows = [(department, handlers[department.pk],
             DepartmentHeadForm(department=department, handlers=handlers[department.pk]) if is_staff else None)
            for department in departments]
    return render(request, "appeals/settings_departments.html", {
        "tab": "departments", "is_staff": is_staff, "rows": rows,
        "show_district": request.user.district_id is None})


@require_POST
@staff_only
def department_head_set(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(_departments(request.user), pk=pk)
    form = DepartmentHeadForm(request.POST, department=department)
    if form.is_valid():
        department = form.save(acting_user=request.user, request=request)
        messages.success(request, _("The head account of %(department)s was saved.") % {"department": department.name})
    else:
        for error in form.errors.get("head", []):  # each message names the field already
            messages.error(request, error)
    return redirect("appeals:settings_departments")


# --- Routing rules (分派规则) ------------------------------------------------------------------------

def _district(request: HttpRequest) -> int:
    """Routing rules belong to a district: FIC staff of a city-level organisation (no district) get 404."""
    if request.user.district_id is None:
        raise Http404
    return int(request.user.district_id)


def _routing_rules(user: Any) -> Any:
    """The user's district's rules in order, with what the list shows (two queries)."""
    return (access.scope(user, RoutingRule).select_related("category", "subdistrict", "lead_department")
            .prefetch_related(Prefetch("co_departments", queryset=Department.objects.order_by("name")))
            .order_by("position", "id"))


def _routing_page(request: HttpRequest, form: RoutingRuleForm | None = None) -> HttpResponse:
    district_id = _district(request)
    return render(request, "appeals/settings_routing.html", {
        "tab": "routing", "is_staff": True, "rules": list(_routing_rules(request.user)),
        "form": form if form is not None else RoutingRuleForm(district_id=district_id),
        "trial_limit": routing.TRIAL_APPEALS})


@staff_only
def routing_rules(request: HttpRequest) -> HttpResponse:
    return _routing_page(request)


@require_POST
@staff_only
def routing_rule_add(request: HttpRequest) -> HttpResponse:
    form = RoutingRuleForm(request.POST, district_id=_district(request))
    if form.is_valid() and (rule := form.save(acting_user=request.user, request=request)):
        messages.success(request, _("The routing rule “%(name)s” was added at position %(position)d.")
                         % {"name": rule.name, "position": rule.position})
        return redirect("appeals:settings_routing")
    return _routing_page(request, form)


def _rule_page(request: HttpRequest, form: RoutingRuleForm, rule: RoutingRule | None,
               tried: routing.Rule | None = None, rules: list[routing.Rule] | None = None) -> HttpResponse:
    """The edit page of ``rule`` (or the add page), and with ``tried`` the trial of that rule on the
    district's recent appeals among ``rules`` (the district's, read when not given)."""
    trial = None
    if tried is not None:
        district_id = _district(request)
        rules = rules if rules is not None else routing.district_rules(district_id)
        trial = routing.trial(rules, tried, routing.recent_appeals(request.user, district_id))
    return render(request, "appeals/settings_routing_rule.html", {
        "tab": "routing", "is_staff": True, "form": form, "rule": rule, "trial": trial,
        "trial_limit": routing.TRIAL_APPEALS})


@staff_only
def routing_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    district_id = _district(request)
    rule = access.get_object_for_user(request.user, _routing_rules(request.user), pk)
    form = RoutingRuleForm(request.POST or None, district_id=district_id, instance=rule)
    if request.method == "POST" and form.is_valid() and form.save(acting_user=request.user, request=request):
        messages.success(request, _("The routing rule “%(name)s” was saved.") % {"name": form.cleaned_data["name"]})
        return redirect("appeals:settings_routing")
    return _rule_page(request, form, rule)


@staff_only
def routing_rule_test(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A rule tried on the district's recent appeals: a saved one (GET), or the form's draft (POST from
    the add or edit form, not saved: the page shows the form again to save or change it)."""
    district_id = _district(request)
    rule = access.get_object_for_user(request.user, _routing_rules(request.user), pk) if pk is not None else None
    if request.method != "POST":
        if rule is None:
            return redirect("appeals:settings_routing")
        form = RoutingRuleForm(district_id=district_id, instance=rule)
        rules = routing.district_rules(district_id)  # the saved rule as the matcher sees it is among them
        tried = next((r for r in rules if r.id == rule.pk), None) or routing.rule_of(rule, district_id)
        return _rule_page(request, form, rule, tried, rules)
    form = RoutingRuleForm(request.POST, district_id=district_id, instance=rule)
    if not form.is_valid() or form.checked is None:
        return _rule_page(request, form, rule)
    position = form.checked.position or (rule.position if rule is not None else 10_000)  # blank: where it is, or last
    return _rule_page(request, form, rule, form.checked.as_rule(rule.pk if rule else None, position))


@require_POST
@staff_only
def routing_rule_move(request: HttpRequest, pk: int) -> HttpResponse:
    _district(request)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    rule = actions_routing.move_rule(pk, acting_user=request.user, direction=direction, request=request)
    messages.success(request, _("“%(name)s” is now at position %(position)d.")
                     % {"name": rule.name, "position": rule.position})
    return redirect("appeals:settings_routing")


@require_POST
@staff_only
def routing_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _district(request)
    rule = actions_routing.delete_rule(pk, acting_user=request.user, request=request)
    messages.success(request, _("The routing rule “%(name)s” was deleted; the rules after it moved up.")
                     % {"name": rule.name})
    return redirect("appeals:settings_routing")
