"""The export buttons of every app, with one label (导出 Excel, in core/_export_button.html):

- ``{% export_button "directory.enterprises" %}``: a list page's button that asks for a background export
  (kaopu.exports) of what the page shows. It is a POST form (CSRF) to the exports app carrying the page's
  current filters (the query string, less the keyset cursors) as hidden fields, plus any ``extra``
  fields the page adds (a queue's state); the exports app validates them with the list's own form. Shown
  only to users who may make that export.
- ``{% export_link url query %}``: a direct download of a small file (a figures page), at ``url`` with the
  page's query string (or the keyword arguments as one).

``what`` names which export it is when a page has two (企业名录 / 企业人员); the label stays the same.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template

from kaopu.core import exporting

register = template.Library()

_NOT_FILTERS = {"after", "before", "page", "csrfmiddlewaretoken"}


@register.inclusion_tag("core/_export_button.html", takes_context=True)
def export_button(context: template.Context, key: str, what: str = "", button_id: str = "",
                  **extra: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = exporting.get(key)
    allowed = kind is not None and user is not None and user.is_authenticated and kind.may_export(user)
    fields = [] if request is None else [(name, value) for name, values in request.GET.lists()
                                         if name not in _NOT_FILTERS and name not in extra
                                         for value in values if value != ""]
    fields += [(name, str(value)) for name, value in extra.items() if value not in (None, "")]
    return {"shown": allowed, "key": key, "fields": fields, "what": what, "button_id": button_id,
            "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("core/_export_button.html")
def export_link(url: str, query: str = "", button_id: str = "", what: str = "", **params: Any) -> dict[str, Any]:
    query = query or urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return {"shown": True, "href": f"{url}?{query}" if query else url, "button_id": button_id, "what": what}
