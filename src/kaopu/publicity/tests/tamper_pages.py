"""Helpers of the tamper tests: find the templates the public article page renders (whatever the site's
templates are today) and put a changed copy of one of them first in the template search path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.base import Template
from django.test.signals import template_rendered

from kaopu.publicity import tamper
from kaopu.publicity.models import Article


def templates_of(article: Article) -> list[Template]:
    """The templates rendered for the article's page, the view's own first (then its parents, includes)."""
    seen: list[Template] = []

    def collect(sender: Any, template: Template, **kwargs: Any) -> None:
        if template.origin and template.origin.name and not any(t.name == template.name for t in seen):
            seen.append(template)

    template_rendered.connect(collect)
    try:
        tamper.PageRenderer().render(article.get_absolute_url(), tamper.BROWSER)
    finally:
        template_rendered.disconnect(collect)
    return seen


def override(settings: Any, directory: Path, name: str, source: str) -> None:
    """``source`` replaces the template ``name``: written under ``directory``, which goes first in DIRS."""
    target = directory / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0]["DIRS"] = [directory, *engines[0].get("DIRS", [])]
    settings.TEMPLATES = engines


def source_of(template: Template) -> str:
    return Path(template.origin.name).read_text(encoding="utf-8")


def with_added(source: str, markup: str) -> str:
    """The template with ``markup`` shown on the page: inside its last block when it extends another
    template (text outside blocks is not shown then), else before </body> or at the end."""
    if "{% extends" in source:
        at = source.rindex("{% endblock")
        return source[:at] + markup + source[at:]
    if "</body>" in source:
        return source.replace("</body>", markup + "</body>", 1)
    return source + markup


def frame_of(article: Article) -> Template:
    """The shared frame of the page: the rendered template that holds <body>."""
    return next(t for t in templates_of(article) if "<body" in source_of(t))
