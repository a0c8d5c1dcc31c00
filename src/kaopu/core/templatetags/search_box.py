"""``user|can_search``: whether the top bar shows the search box (core/base.html). A role with no kind to
search (the administrators, a chamber officer until the chambers module registers one) gets no box that
would only lead to "nothing to search". Reads the in-process registry: no query."""

from __future__ import annotations

from typing import Any

from django import template

from kaopu.core.registry import registry

register = template.Library()


@register.filter
def can_search(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and registry.search_providers_for(user))
