"""Input of the appeal settings pages (deadline rules, categories, department heads) and their writes.

Each form's ``save`` is the one write of its page: it runs in a transaction, appends an audit entry
(kaopu.audit, as directory edits do) and turns a unique-constraint race into a form error, never a
500. Every message names the field and the rule, in the user's language (Chinese by default).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.appeals.models import Appeal, Category, DeadlineRule
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.directory.models import Department

MIN_DAYS, MAX_DAYS = 1, 60
DAYS_MESSAGE = _("Working days: enter a whole number from 1 to 60.")
DUPLICATE_RULE = _("A rule for this step, type and category exists already; edit that rule instead.")
DUPLICATE_CATEGORY = _("Name: a category called “%(name)s” exists already (it may be retired; reactivate it).")


def _rule_data(rule: DeadlineRule) -> dict[str, Any]:
    return {"step": rule.step, "kind": rule.kind, "category": rule.category_id,
            "working_days": rule.working_days}


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name if obj.is_active else f"{obj.name} ({_('retired')})"


class DeadlineRuleForm(forms.Form):
    """An override of the default deadline of one step, for a type and/or a category (blank: every one)."""

    step = forms.ChoiceField(label=_("Step"), choices=DeadlineRule.Step.choices, error_messages={
        "required": _("Step: choose one of the steps."), "invalid_choice": _("Step: choose one of the steps.")})
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("every type")), *Appeal.Kind.choices],
                             error_messages={"invalid_choice": _("Type: choose a type or “every type”.")})
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(), empty_label=_("every category"),
        error_messages={"invalid_choice": _("Category: choose a category or “every category”.")})
    working_days = forms.IntegerField(
        label=_("Working days"), min_value=MIN_DAYS, max_value=MAX_DAYS,
        widget=forms.NumberInput(attrs={"min": MIN_DAYS, "max": MAX_DAYS, "class": "narrow-number"}),
        error_messages={"required": DAYS_MESSAGE, "invalid": DAYS_MESSAGE, "min_value": DAYS_MESSAGE,
                        "max_value": DAYS_MESSAGE})

    def __init__(self, *args: Any, instance: DeadlineRule | None = None, **kwargs: Any) -> None:
        self.instance = instance or DeadlineRule()
        if instance is not None:
            kwargs.setdefault("initial", _rule_data(instance))
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("-is_active", "sort_order", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and self._duplicates(data).exists():
            raise forms.ValidationError(DUPLICATE_RULE, code="duplicate")
        return data

    def _duplicates(self, data: dict[str, Any]) -> Any:
        # The constraint treats blank categories as equal (nulls_distinct=False), which SQLite does
        # not enforce: this check is what refuses a second "every category" rule there.
        rules = DeadlineRule.objects.filter(step=data["step"], kind=data["kind"], category=data["category"])
        return rules.exclude(pk=self.instance.pk) if self.instance.pk else rules

    def save(self, *, acting_user: User, request: HttpRequest | None = None) -> DeadlineRule | None:
        """Create or update the rule with its audit entry; None (and a form error) when another
        rule for the same step, type and category was saved in the meantime."""
        rule, created = self.instance, self.instance.pk is None
        before = None if created else _rule_data(rule)
        rule.step, rule.kind = self.cleaned_data["step"], self.cleaned_data["kind"]
        rule.category, rule.working_days = self.cleaned_data["category"], self.cleaned_data["working_days"]
        try:
            with transaction.atomic():
                if self._duplicates(self.cleaned_data).exists():  # saved since clean()
                    raise IntegrityError("deadline_rule_unique")
                rule.save()
                record(Action.CREATE if created else Action.UPDATE, actor=acting_user, request=request,
                       target=rule, summary=f"{'新增' if created else '修改'}诉求办理时限规则 {rule}",
                       data={"before": before, "after": _rule_data(rule)})
        except IntegrityError:
            if created:
                rule.pk = None
            self.add_error(None, forms.ValidationError(DUPLICATE_RULE, code="duplicate"))
            return None
        return rule


def delete_rule(rule: DeadlineRule, *, acting_user: User, request: HttpRequest | None = None) -> None:
    """Delete an override (deadlines computed afterwards fall back to the next rule or the default)."""
    with transaction.atomic():
        data = _rule_data(rule)
        record(Action.DELETE, actor=acting_user, request=request, target=rule,
               summary=f"删除诉求办理时限规则 {rule}", data={"before": data})
        rule.delete()


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30, error_messages={
        "required": _("Name: please enter a name."),
        "max_length": _("Name: at most 30 characters.")})
    sort_order = forms.IntegerField(
        label=_("Sort order"), min_value=0, max_value=32767, initial=0,
        help_text=_("Smaller numbers are listed first on the submit forms."),
        widget=forms.NumberInput(attrs={"class": "narrow-number"}),
        error_messages={key: _("Sort order: enter a whole number from 0 to 32767.")
                        for key in ("required", "invalid", "min_value", "max_value")})
    reply_review_required = forms.BooleanField(
        label=_("Replies are reviewed by FIC staff"), required=False,
        help_text=_("A department's reply to an appeal of this category reaches the enterprise only after FIC "
                    "staff approve it (or it goes back to the department with a reason)."))

    def __init__(self, *args: Any, instance: Category | None = None, **kwargs: Any) -> None:
        self.instance = instance or Category()
        if instance is not None:
            kwargs.setdefault("initial", {"name": instance.name, "sort_order": instance.sort_order,
                                          "reply_review_required": instance.reply_review_required})
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = Category.objects.filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(DUPLICATE_CATEGORY % {"name": name}, code="duplicate")
        return name

    def save(self, *, acting_user: User, request: HttpRequest | None = None) -> Category | None:
        category, created = self.instance, self.instance.pk is None
        before = None if created else {"name": category.name, "sort_order": category.sort_order,
                                       "reply_review_required": category.reply_review_required}
        category.name, category.sort_order = self.cleaned_data["name"], self.cleaned_data["sort_order"]
        category.reply_review_required = self.cleaned_data["reply_review_required"]
        try:
            with transaction.atomic():
                category.save()
                record(Action.CREATE if created else Action.UPDATE, actor=acting_user, request=request,
                       target=category, summary=f"{'新增' if created else '修改'}诉求类别 {category.name}",
                       data={"before": before, "after": {
                           "name": category.name, "sort_order": category.sort_order,
                           "reply_review_required": category.reply_review_required}})
        except IntegrityError:
            if created:
                category.pk = None
            self.add_error("name", forms.ValidationError(DUPLICATE_CATEGORY % {"name": category.name},
                                                         code="duplicate"))
            return None
        return category


def set_category_active(category: Category, active: bool, *, acting_user: User,
                        request: HttpRequest | None = None) -> Category:
    """Retire a category (no longer offered on submit forms; appeals keep it) or reactivate it."""
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        if locked.is_active != active:
            locked.is_active = active
            locked.save(update_fields=["is_active"])
            record(Action.UPDATE, actor=acting_user, request=request, target=locked,
                   summary=f"{'启用' if active else '停用'}诉求类别 {locked.name}",
                   data={"is_active": {"old": not active, "new": active}})
    return locked


def department_handlers(department_ids: list[int]) -> dict[int, list[User]]:
    """The active handler accounts of each department (one query for all of them)."""
    by_department: dict[int, list[User]] = {pk: [] for pk in department_ids}
    for user in (User.objects.filter(role=Role.DEPARTMENT_HANDLER, is_active=True,
                                     organisation__department_id__in=department_ids)
                 .select_related("organisation").order_by("name", "username")):
        by_department[user.organisation.department_id].append(user)
    return by_department


class DepartmentHeadForm(forms.Form):
    """The head account of one department: one of its active handlers, or nobody (its handlers stand in)."""

    head = forms.TypedChoiceField(
        label=_("Head account"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs={"style": "flex: 1 1 10em; width: 100%; min-width: 0; max-width: 26em"}))

    def __init__(self, *args: Any, department: Department, handlers: list[User] | None = None,
                 **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"head": department.head_id})
        kwargs.setdefault("prefix", f"d{department.pk}")
        super().__init__(*args, **kwargs)
        self.department = department
        if handlers is None:
            handlers = department_handlers([department.pk])[department.pk]
        self.handlers = {user.pk: user for user in handlers}
        choices = [("", _("no head account: every handler is told"))]
        choices += [(user.pk, f"{user.name or user.username} ({user.username})") for user in handlers]
        field = self.fields["head"]
        field.choices = choices
        field.error_messages["invalid_choice"] = self.not_a_handler()
        # A head that is no longer an active handler stays visible, so that staff see what to fix.
        if department.head_id and department.head_id not in self.handlers and department.head is not None:
            field.choices = [*choices, (department.head_id, f"{department.head} ({_('not a handler any more')})")]

    def not_a_handler(self) -> str:
        return _("Head account: choose an active handler account of %(department)s.") % {
            "department": self.department.name}

    def clean_head(self) -> int | None:
        head = self.cleaned_data["head"]
        if head is not None and head not in self.handlers:
            raise forms.ValidationError(self.not_a_handler(), code="not_a_handler")
        return head

    def save(self, *, acting_user: User, request: HttpRequest | None = None) -> Department:
        with transaction.atomic():
            department = Department.objects.select_for_update().get(pk=self.department.pk)
            old, new = department.head_id, self.cleaned_data["head"]
            if old != new:
                department.head_id = new
                department.save(update_fields=["head"])
                record(Action.UPDATE, actor=acting_user, request=request, target=department,
                       summary=f"设置部门负责人账号 {department.name}",
                       data={"head": {"old": old, "new": new}})
        return department
