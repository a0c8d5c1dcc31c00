"""The appeal badges of every page: ``{% load appeal_badges %}`` then

- ``{% state_badge appeal %}`` (or ``{% state_badge "replied" %}``): the state in its tone;
- ``{% overdue_badge %}``: past the deadline (red);
- ``{% rating_badge appeal.rating %}``: the rating in its words, red for discontent;
- ``{% confidential_badge %}``: the confidential mark (not red: being confidential is no problem).

The tones come from kaopu.appeals.badges, the one table of appeal colours. Simple tags (no template
to load per row) so that a 50-row list stays cheap; nothing here queries the database.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kaopu.appeals.badges import OVERDUE_TONE, Tone, rating_tone, state_tone
from kaopu.appeals.models import Appeal
from kaopu.appeals.page_helpers import rating_label

register = template.Library()


def _badge(tone: str, label: Any, element_id: str = "") -> SafeString:
    if element_id:
        return format_html('<span class="badge {}" id="{}">{}</span>', tone, element_id, label)
    return format_html('<span class="badge {}">{}</span>', tone, label)


@register.simple_tag
def state_badge(appeal_or_state: Any, element_id: str = "") -> SafeString:
    """An appeal's state (or a state's value) as a badge in the state's tone."""
    if isinstance(appeal_or_state, Appeal):
        state, label = appeal_or_state.state, appeal_or_state.get_state_display()
    else:
        state = str(appeal_or_state or "")
        label = Appeal.State(state).label if state in Appeal.State.values else state
    return _badge(state_tone(state), label, element_id)


@register.simple_tag
def overdue_badge() -> SafeString:
    return _badge(OVERDUE_TONE, _("overdue"))


@register.simple_tag
def rating_badge(rating: Any) -> SafeString:
    """A rating on the five-level scale in its words; nothing for an appeal not rated."""
    rating = str(rating or "")
    return _badge(rating_tone(rating), rating_label(rating)) if rating else SafeString("")


@register.simple_tag
def confidential_badge() -> SafeString:
    return _badge(Tone.MARK, _("confidential"))
