"""``{% export_button "directory.enterprises" %}``: a list page's button that asks for a background
export (kaopu.exports) of what the page shows.

It is a POST form (CSRF) to the exports app carrying the page's current filters (the query string,
less the keyset cursors) as hidden fields; the exports app validates them with the list's own form.
Shown only to users who may make that export.
"""

from __future__ import annotations

from typing import Any

from django import template

from kaopu.core import exporting

register = template.Library()

_NOT_FILTERS = {"after", "before", "page", "csrfmiddlewaretoken"}


@register.inclusion_tag("core/_export_button.html", takes_context=True)
def export_button(context: template.Context, key: str, label: str = "", button_id: str = "") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = exporting.get(key)
    allowed = kind is not None and user is not None and user.is_authenticated and kind.may_export(user)
    fields = [] if request is None else [(name, value) for name, values in request.GET.lists()
                                         if name not in _NOT_FILTERS for value in values if value != ""]
    return {"shown": allowed, "key": key, "fields": fields, "label": label, "button_id": button_id,
            "csrf_token": context.get("csrf_token")}
