"""Input of the appeal settings pages (deadline rules, categories, department heads, routing rules) and
their writes (routing rules: through kaopu.appeals.actions_routing).

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
from kaopu.appeals import actions_routing
from kaopu.appeals.models import Appeal, Category, DeadlineRule, RoutingRule
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.directory.models import Department, Subdistrict

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
        widget=forms.Select(attrs={"class": "head-select"}))  # style attributes break the page's CSP

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


# --- Routing rules (分派规则) -------------------------------------------------------------------------

def _choose(field: str) -> dict[str, Any]:
    """Error messages of a choice field that name the field (a stale or forged choice included)."""
    messages = {
        "lead": _("Suggested lead department: choose an active department of this district."),
        "co_handlers": _("Suggested co-handling departments: choose active departments of this district."),
        "category": _("Category: choose a category or “any category”."),
        "subdistrict": _("Subdistrict of the enterprise: choose a subdistrict of this district."),
    }
    return {key: messages[field] for key in ("required", "invalid_choice", "invalid_pk_value", "invalid_list")}


class RoutingRuleForm(forms.Form):
    """A routing rule of the staff member's district: its conditions and its suggestion. ``clean``
    runs actions_routing.check_rule (the action runs it again under the district's lock), so the
    form and the action refuse the same input with the same words; ``checked`` is the result, which
    the test page tries unsaved."""

    # The length is checked by check_rule (its message names the field); the browser stops at 50 too.
    name = forms.CharField(label=_("Name"), widget=forms.TextInput(
        attrs={"maxlength": actions_routing.NAME_MAX_LENGTH}), error_messages={
        "required": _("Name: please give the rule a name.")})
    category = CategoryChoiceField(label=_("Category"), required=False, queryset=Category.objects.none(),
                                   empty_label=_("any category"), error_messages=_choose("category"))
    subdistrict = forms.ModelChoiceField(label=_("Subdistrict of the enterprise"), required=False,
                                         queryset=Subdistrict.objects.none(), empty_label=_("any subdistrict"),
                                         error_messages=_choose("subdistrict"))
    keywords = forms.CharField(
        label=_("Keywords"), required=False, max_length=300,
        help_text=_("Any one of these words in the title or the content meets the condition. Separate words "
                    "with spaces or commas; at most 10 words of at most 20 characters; case does not matter."),
        error_messages={"max_length": _("Keywords: at most 300 characters in all.")})
    lead = forms.ModelChoiceField(label=_("Suggested lead department"), queryset=Department.objects.none(),
                                  empty_label=_("choose a department"), error_messages=_choose("lead"))
    co_handlers = forms.ModelMultipleChoiceField(
        label=_("Suggested co-handling departments"), required=False, queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple, error_messages=_choose("co_handlers"))
    position = forms.IntegerField(
        label=_("Position in the list"), required=False, min_value=1, max_value=10_000,
        help_text=_("Rules are tried from position 1 on; the first that matches makes the suggestion. Leave "
                    "blank to keep a rule where it is (a new rule goes last)."),
        widget=forms.NumberInput(attrs={"min": 1, "class": "narrow-number"}),
        error_messages={key: _("Position in the list: enter a whole number from 1 up.")
                        for key in ("invalid", "min_value", "max_value")})
    is_active = forms.BooleanField(label=_("Rule is active"), required=False, initial=True,
                                   help_text=_("An inactive rule is kept but suggests nothing."))

    CONDITIONS = ("category", "subdistrict", "keywords")
    SUGGESTION = ("lead", "co_handlers")
    ORDER = ("name", "position", "is_active")

    def __init__(self, *args: Any, district_id: int, instance: RoutingRule | None = None, **kwargs: Any) -> None:
        self.instance, self.district_id = instance, district_id
        if instance is not None:
            kwargs.setdefault("initial", {
                "name": instance.name, "category": instance.category_id, "subdistrict": instance.subdistrict_id,
                "keywords": "、".join(instance.keyword_list), "lead": instance.lead_department_id,
                "co_handlers": [d.pk for d in instance.co_departments.all()], "position": instance.position,
                "is_active": instance.is_active})
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(district_id=district_id, is_active=True).order_by("name")
        self.fields["category"].queryset = Category.objects.order_by("-is_active", "sort_order", "id")
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(district_id=district_id).order_by("id")
        self.fields["lead"].queryset = departments
        self.fields["co_handlers"].queryset = departments
        self.checked: actions_routing.CheckedRule | None = None

    def groups(self) -> list[tuple[Any, list[Any]]]:
        """The fields in the page's three groups (the rule, when it applies, what it suggests)."""
        return [(_("Rule"), [self[name] for name in self.ORDER]),
                (_("When an appeal meets every condition given"), [self[name] for name in self.CONDITIONS]),
                (_("Suggest"), [self[name] for name in self.SUGGESTION])]

    def rule_input(self) -> actions_routing.RuleInput:
        data = self.cleaned_data
        return actions_routing.RuleInput(
            name=data.get("name") or "", lead=data.get("lead"), category=data.get("category"),
            subdistrict=data.get("subdistrict"), keywords=data.get("keywords") or "",
            co_handlers=list(data.get("co_handlers") or ()), is_active=bool(data.get("is_active")),
            position=data.get("position"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                self.checked = actions_routing.check_rule(
                    self.district_id, self.rule_input(), rule_id=self.instance.pk if self.instance else None)
            except actions_routing.RoutingRuleError as error:
                self.add_error(None, error)
        return data

    def save(self, *, acting_user: User, request: HttpRequest | None = None) -> RoutingRule | None:
        """Create or update the rule (actions_routing); None, with the refusal on the form, when the
        action refuses (a name taken meanwhile)."""
        try:
            if self.instance is None:
                return actions_routing.create_rule(acting_user=acting_user, data=self.rule_input(), request=request)
            return actions_routing.update_rule(self.instance.pk, acting_user=acting_user, data=self.rule_input(),
                                               request=request)
        except actions_routing.RoutingRuleError as error:
            self.add_error(None, error)
            return None
