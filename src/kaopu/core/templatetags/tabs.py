"""``{% tabs %}``: a template's fixed tab bar, rendered by the one include core/_tabs.html.

    {% load tabs %}
    {% tabs _("Meeting pages") current=tab id="meeting-tabs" %}
      {% url 'dialogues:meeting_detail' meeting.pk as url %}{% tab "detail" _("Overview") url %}
      {% url 'dialogues:invite' meeting.pk as url %}{% tab "invite" _("Invite") url count=n id="tab-invite" %}
      {% tab "all" all_label "?" %}
    {% endtabs %}

Each ``{% tab name label url %}`` adds a kaopu.core.tabs.Tab, active when ``name`` equals ``current``.
Inside the block ``all_label`` is the one word for "all" (全部). Anything else in the block (``{% url %}``,
``{% if %}``) runs as usual but prints nothing: only the tabs are shown.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.loader import render_to_string

from kaopu.core.tabs import ALL, Tab

register = template.Library()

_ITEMS = "_kaopu_tabs"
_CURRENT = "_kaopu_tabs_current"


class TabsNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression, options: dict[str, FilterExpression]) -> None:
        self.nodelist, self.label, self.options = nodelist, label, options

    def render(self, context: template.Context) -> str:
        items: list[Tab] = []
        current = self.options["current"].resolve(context) if "current" in self.options else None
        with context.push({_ITEMS: items, _CURRENT: current, "all_label": ALL}):
            self.nodelist.render(context)
        element_id = self.options["id"].resolve(context) if "id" in self.options else ""
        return render_to_string("core/_tabs.html", {
            "tabs": items, "tabs_label": self.label.resolve(context), "tabs_id": element_id})


class TabNode(template.Node):
    def __init__(self, name: FilterExpression, label: FilterExpression, url: FilterExpression,
                 options: dict[str, FilterExpression]) -> None:
        self.name, self.label, self.url, self.options = name, label, url, options

    def render(self, context: template.Context) -> str:
        items = context.get(_ITEMS)
        if items is None:
            raise template.TemplateSyntaxError("{% tab %} is used only inside {% tabs %} … {% endtabs %}")
        name = self.name.resolve(context)
        options = {key: value.resolve(context) for key, value in self.options.items()}
        count = options.get("count")
        items.append(Tab(label=self.label.resolve(context), url=str(self.url.resolve(context) or ""),
                         active=name == context.get(_CURRENT), count=None if count in (None, "") else count,
                         id=str(options.get("id") or "")))
        return ""


def _options(parser: Parser, bits: list[str], allowed: set[str], tag: str) -> dict[str, FilterExpression]:
    options = token_kwargs(bits, parser)
    if bits or not set(options) <= allowed:
        raise template.TemplateSyntaxError(f"{{% {tag} %}} takes only {', '.join(sorted(allowed))} as options")
    return options


@register.tag("tabs")
def do_tabs(parser: Parser, token: Token) -> TabsNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% tabs %} needs the bar's label: {% tabs _(\"Pages\") current=tab %}")
    label = parser.compile_filter(bits.pop(0))
    options = _options(parser, bits, {"current", "id"}, "tabs")
    nodelist = parser.parse(("endtabs",))
    parser.delete_first_token()
    return TabsNode(nodelist, label, options)


@register.tag("tab")
def do_tab(parser: Parser, token: Token) -> TabNode:
    bits = token.split_contents()[1:]
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% tab name label url %} needs a name, a label and a URL")
    name, label, url = (parser.compile_filter(bit) for bit in bits[:3])
    return TabNode(name, label, url, _options(parser, bits[3:], {"count", "id"}, "tab"))
