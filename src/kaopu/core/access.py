"""The one place that decides which rows a user may see or change.

Every app states its rules here with :func:`grant`: a function from a user to a ``Q`` filter on one
model, for one action ("view" or "change"). A user may act on exactly the rows that at least one
of the rules for that model and action lets through; a model with no rule shows nothing to anyone.
Pages, exports and the API never filter by role themselves: they ask :func:`scope` for a queryset
or :func:`get_object_for_user` for one object, which answers 404 (never 403) for a row the user may
not see, so that a guessed id tells nothing about whether it exists.

Feature apps widen access to models of lower apps by adding rules (for example, a department
handler sees the enterprises of the appeals dispatched to the department), without touching
the lower app. Rules must return filters that use ``Exists`` or ``pk__in`` subqueries rather than
joins across many-valued relations, so that OR-ing them never duplicates rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

Action = Literal["view", "change"]
Rule = Callable[[Any], "Q | None"]
M = TypeVar("M", bound=Model)

_rules: dict[tuple[type[Model], str], list[Rule]] = defaultdict(list)

# A rule returns EVERYTHING to let a user see every row of the model, or None for "nothing".
EVERYTHING = Q()


def grant(model: type[Model], action: Action = "view") -> Callable[[Rule], Rule]:
    """Register ``rule(user) -> Q | None`` as one way a user may act on rows of ``model``."""

    def register(rule: Rule) -> Rule:
        _rules[(model, action)].append(rule)
        return rule

    return register


def district_filter(user: Any, field: str = "district_id") -> Q:
    """Rows of the user's district, or every row for a city-level organisation (no district): the
    common part of the rules of FIC staff and leaders in every module."""
    return EVERYTHING if user.district_id is None else Q(**{field: user.district_id})


def rules_for(model: type[Model], action: Action) -> list[Rule]:
    return list(_rules.get((model, action), []))


def visibility_filter(user: Any, model: type[Model], action: Action = "view") -> Q | None:
    """The OR of every rule that grants ``user`` something, or None when nothing is granted."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    combined: Q | None = None
    for rule in _rules.get((model, action), []):
        condition = rule(user)
        if condition is None:
            continue
        if condition == EVERYTHING:
            return EVERYTHING
        combined = condition if combined is None else combined | condition
    return combined


def scope(user: Any, queryset: QuerySet[M] | type[M], action: Action = "view") -> QuerySet[M]:
    """``queryset`` narrowed to the rows ``user`` may act on."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    condition = visibility_filter(user, queryset.model, action)
    if condition is None:
        return queryset.none()
    if condition == EVERYTHING:
        return queryset
    return queryset.filter(condition)


def get_object_for_user(user: Any, queryset: QuerySet[M] | type[M], pk: Any, action: Action = "view") -> M:
    """The object with primary key ``pk`` if ``user`` may act on it; Http404 otherwise."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return scope(user, queryset, action).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def can(user: Any, obj: Model, action: Action = "view") -> bool:
    """Whether ``user`` may act on ``obj`` (one query; use scope() for lists)."""
    return scope(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists()
