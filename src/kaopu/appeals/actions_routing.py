"""Every write of the routing rules (分派规则, models.RoutingRule): create, edit, reorder, delete.

Only FIC staff of a district keep its rules; a rule of another district is 404 (the access rule in
permissions.py). Each action runs in one transaction that first locks the district's row (FOR NO KEY
UPDATE on PostgreSQL, so that appeals and enterprises of the district can still be inserted meanwhile):
the row exists even when the district has no rule yet, so two staff members adding, moving or deleting
rules at once queue there and the positions stay 1..n without gaps or ties (the unique constraint on
(district, position) would refuse a tie). Each write appends an audit entry naming the rule in words.

Input is checked by :func:`check_rule`, which the settings form calls too: a refusal is a
django ValidationError whose messages name the field (Chinese by default), never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.appeals import routing
from kaopu.appeals.models import Category, RoutingRule
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.directory.models import Department, District, Subdistrict

NAME_MAX_LENGTH = 50
# Positions are moved this far out of the way while a district's rules are renumbered (two UPDATEs),
# since PostgreSQL checks the (district, position) unique constraint row by row.
_OUT_OF_THE_WAY = 1_000_000


class RoutingRuleError(ValidationError):
    """Input a rule cannot have, or a user who may not keep rules; the messages name the field."""


@dataclass
class RuleInput:
    """What staff give for a rule. ``position`` counts from 1; None keeps a rule where it is (a new
    rule goes last); a position past the end means last."""

    name: str
    lead: Department | None
    category: Category | None = None
    subdistrict: Subdistrict | None = None
    keywords: str = ""
    co_handlers: list[Department] = field(default_factory=list)
    is_active: bool = True
    position: int | None = None


@dataclass(frozen=True)
class CheckedRule:
    name: str
    lead: Department
    category: Category | None
    subdistrict: Subdistrict | None
    keywords: tuple[str, ...]
    co_handlers: tuple[Department, ...]
    is_active: bool
    position: int | None

    def as_rule(self, rule_id: int | None, position: int) -> routing.Rule:
        """The matcher's view of the checked input (the settings' test page tries it unsaved)."""
        return routing.Rule(id=rule_id, name=self.name, position=position,
                            category_id=self.category.pk if self.category else None,
                            subdistrict_id=self.subdistrict.pk if self.subdistrict else None,
                            keywords=self.keywords, lead_id=self.lead.pk,
                            co_handler_ids=tuple(d.pk for d in self.co_handlers), is_active=self.is_active,
                            lead_name=self.lead.name)


def check_rule(district_id: int, data: RuleInput, *, rule_id: int | None = None) -> CheckedRule:
    """The input, normalised, or RoutingRuleError with every problem under its field's name."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    name = " ".join((data.name or "").split())
    if not name:
        refuse("name", _("Name: please give the rule a name."))
    elif len(name) > NAME_MAX_LENGTH:
        refuse("name", _("Name: at most %(max)d characters.") % {"max": NAME_MAX_LENGTH})
    elif RoutingRule.objects.filter(district_id=district_id, name=name).exclude(pk=rule_id).exists():
        refuse("name", _("Name: this district has a rule called “%(name)s” already.") % {"name": name})
    if data.subdistrict is not None and data.subdistrict.district_id != district_id:
        refuse("subdistrict", _("Subdistrict of the enterprise: choose a subdistrict of this district."))
    keywords = routing.split_keywords(data.keywords)
    if len(keywords) > routing.MAX_KEYWORDS:
        refuse("keywords", _("Keywords: at most %(max)d words; this rule has %(count)d.")
               % {"max": routing.MAX_KEYWORDS, "count": len(keywords)})
    for word in keywords:
        if len(word) > routing.MAX_KEYWORD_LENGTH:
            refuse("keywords", _("Keywords: “%(word)s” is longer than %(max)d characters.")
                   % {"word": word, "max": routing.MAX_KEYWORD_LENGTH})
    if data.category is None and data.subdistrict is None and not keywords:
        refuse(NON_FIELD_ERRORS, _("Conditions: give at least one of category, subdistrict of the enterprise or "
                                   "keywords; a rule without any condition would match every appeal."))
    lead = data.lead
    if lead is None or lead.district_id != district_id or not lead.is_active:
        refuse("lead", _("Suggested lead department: choose an active department of this district."))
    for department in data.co_handlers:
        if lead is not None and department.pk == lead.pk:
            refuse("co_handlers", _("Suggested co-handling departments: must not include the lead department "
                                    "“%(name)s”.") % {"name": department.name})
        elif department.district_id != district_id or not department.is_active:
            refuse("co_handlers", _("Suggested co-handling departments: “%(name)s” is not an active department "
                                    "of this district.") % {"name": department.name})
    if data.position is not None and data.position < 1:
        refuse("position", _("Position in the list: enter a whole number from 1 up."))
    if errors:
        raise RoutingRuleError(errors)
    assert lead is not None
    return CheckedRule(name=name, lead=lead, category=data.category, subdistrict=data.subdistrict,
                       keywords=tuple(keywords), co_handlers=tuple(dict.fromkeys(data.co_handlers)),
                       is_active=data.is_active, position=data.position)


def _district_of(user: Any) -> int:
    if user.role != Role.FIC_STAFF or user.district_id is None:
        raise RoutingRuleError(_("Only FIC staff of a district keep its routing rules."))
    return int(user.district_id)


def _lock_district(district_id: int) -> None:
    """The lock every rule write of the district takes first (see the module's docstring)."""
    District.objects.select_for_update(no_key=True).only("pk").get(pk=district_id)


def _ordered_ids(district_id: int) -> list[int]:
    return list(RoutingRule.objects.filter(district_id=district_id).order_by("position", "id")
                .values_list("pk", flat=True))


def _renumber(district_id: int, ordered: list[int]) -> None:
    """Give the district's rules the positions 1..n in the order of ``ordered`` (two UPDATEs at most:
    the rules that move are first moved out of the way, then to their places)."""
    current = dict(RoutingRule.objects.filter(district_id=district_id).values_list("pk", "position"))
    moving = {pk: index for index, pk in enumerate(ordered, 1) if current.get(pk) != index}
    if not moving:
        return
    rules = RoutingRule.objects.filter(district_id=district_id, pk__in=moving)
    rules.update(position=F("position") + _OUT_OF_THE_WAY)
    rules.update(position=Case(*[When(pk=pk, then=Value(position)) for pk, position in moving.items()]))


def _placed(ordered: list[int], rule_id: int, position: int | None) -> list[int]:
    """``ordered`` with ``rule_id`` at ``position`` (1-based, clamped to the list); unchanged for None."""
    if position is None:
        return ordered
    others = [pk for pk in ordered if pk != rule_id]
    index = min(max(position, 1), len(others) + 1) - 1
    return [*others[:index], rule_id, *others[index:]]


def snapshot(rule: RoutingRule) -> dict[str, Any]:
    """The rule as the audit entry keeps it (ids, and the names as they read at the time)."""
    co_handlers = list(rule.co_departments.order_by("name"))
    return {"name": rule.name, "position": rule.position, "is_active": rule.is_active,
            "category": rule.category_id, "subdistrict": rule.subdistrict_id, "keywords": rule.keyword_list,
            "lead": rule.lead_department_id, "lead_name": rule.lead_department.name,
            "co_handlers": [d.pk for d in co_handlers], "co_handler_names": [d.name for d in co_handlers]}


def _locked_rule(user: Any, rule_id: Any) -> RoutingRule:
    """The user's district's rule, row-locked, or Http404 (another district's rule, or none)."""
    return access.get_object_for_user(
        user, RoutingRule.objects.select_for_update(of=("self",)).select_related("lead_department"), rule_id)


def _apply(rule: RoutingRule, checked: CheckedRule) -> None:
    rule.name, rule.lead_department = checked.name, checked.lead
    rule.category, rule.subdistrict = checked.category, checked.subdistrict
    rule.keywords, rule.is_active = " ".join(checked.keywords), checked.is_active


def _record(action: Action, user: Any, request: HttpRequest | None, rule: RoutingRule, summary: str,
            data: dict[str, Any]) -> None:
    with translation.override("zh-hans"):
        record(action, actor=user, request=request, target=rule, summary=summary, data=data)


def create_rule(*, acting_user: Any, data: RuleInput, request: HttpRequest | None = None) -> RoutingRule:
    """A new rule of the staff member's district, last or at ``data.position`` (the rules from there
    move down one). Raises RoutingRuleError for bad input or a user who may not keep rules."""
    district_id = _district_of(acting_user)
    with transaction.atomic():
        _lock_district(district_id)
        checked = check_rule(district_id, data)  # again under the lock: a name taken meanwhile is refused
        ordered = _ordered_ids(district_id)
        last = RoutingRule.objects.filter(district_id=district_id).order_by("-position").values_list(
            "position", flat=True).first() or 0
        rule = RoutingRule(district_id=district_id, position=last + 1, created_by=acting_user)
        _apply(rule, checked)
        rule.save()
        rule.co_departments.set(checked.co_handlers)
        _renumber(district_id, _placed([*ordered, rule.pk], rule.pk, checked.position))
        rule.refresh_from_db(fields=["position"])
        _record(Action.CREATE, acting_user, request, rule,
                f"新增诉求分派规则「{rule.name}」（第{rule.position}条，建议主办：{rule.lead_department.name}）",
                {"after": snapshot(rule)})
    return rule


def update_rule(rule_id: Any, *, acting_user: Any, data: RuleInput,
                request: HttpRequest | None = None) -> RoutingRule:
    """Change a rule of the staff member's district (and its position when ``data.position`` is
    given). Raises RoutingRuleError for bad input, Http404 for a rule of another district."""
    district_id = _district_of(acting_user)
    with transaction.atomic():
        _lock_district(district_id)
        rule = _locked_rule(acting_user, rule_id)
        checked = check_rule(district_id, data, rule_id=rule.pk)
        before = snapshot(rule)
        _apply(rule, checked)
        rule.save()
        rule.co_departments.set(checked.co_handlers)
        _renumber(district_id, _placed(_ordered_ids(district_id), rule.pk, checked.position))
        rule.refresh_from_db(fields=["position"])
        after = snapshot(rule)
        if after != before:
            _record(Action.UPDATE, acting_user, request, rule, f"修改诉求分派规则「{rule.name}」",
                    {"before": before, "after": after})
    return rule


def move_rule(rule_id: Any, *, acting_user: Any, direction: Literal["up", "down"],
              request: HttpRequest | None = None) -> RoutingRule:
    """Move a rule one place up (tried earlier) or down, as the rules are now: of two staff members
    clicking at once, the second moves it from where the first left it. At the top (bottom) moving
    up (down) changes nothing. Raises Http404 for a rule of another district."""
    if direction not in ("up", "down"):
        raise RoutingRuleError(_("Move a rule up or down."))
    district_id = _district_of(acting_user)
    with transaction.atomic():
        _lock_district(district_id)
        rule = _locked_rule(acting_user, rule_id)
        ordered = _ordered_ids(district_id)
        old = ordered.index(rule.pk) + 1
        new = max(old - 1, 1) if direction == "up" else min(old + 1, len(ordered))
        if new == old and rule.position == old:
            return rule
        _renumber(district_id, _placed(ordered, rule.pk, new))
        rule.refresh_from_db(fields=["position"])
        _record(Action.UPDATE, acting_user, request, rule,
                f"调整诉求分派规则「{rule.name}」的顺序：第{old}条 → 第{rule.position}条",
                {"position": {"old": old, "new": rule.position}})
    return rule


def delete_rule(rule_id: Any, *, acting_user: Any, request: HttpRequest | None = None) -> RoutingRule:
    """Delete a rule (returned, without its id); the rules after it move up one. Dispatches it
    suggested keep its name in their timeline. Raises Http404 for a rule of another district."""
    district_id = _district_of(acting_user)
    with transaction.atomic():
        _lock_district(district_id)
        rule = _locked_rule(acting_user, rule_id)
        _record(Action.DELETE, acting_user, request, rule, f"删除诉求分派规则「{rule.name}」（第{rule.position}条）",
                {"before": snapshot(rule)})
        rule.delete()
        _renumber(district_id, _ordered_ids(district_id))
    return rule
