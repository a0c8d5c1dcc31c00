"""One label for every export button and link of every app: "导出 Excel", written once in
core/_export_button.html (rendered by {% export_button %} and {% export_link %}). A page with two exports
names which is which after the label, never instead of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from kaopu.dialogues.testing import make_meeting

KAOPU = Path(__file__).resolve().parents[2]
LABEL = "导出 Excel"
BUTTON = re.compile(r'class="btn export-button"[^>]*>([^<]*)(<span class="export-what">[^<]*</span>)?</(?:a|button)>')


def _labels(html: str) -> list[str]:
    return [match.group(1).strip() for match in BUTTON.finditer(html)]


def test_no_template_writes_an_export_label_of_its_own():
    """Every link or button that exports goes through the one include: no template has its own words."""
    offenders = []
    for found in KAOPU.glob("*/templates/**/*.html"):
        path = found.relative_to(KAOPU)
        # The exports app's own pages list and download finished jobs: they are not export buttons.
        if path.name == "_export_button.html" or path.parts[0] == "exports":
            continue
        text = found.read_text()
        for match in re.finditer(r"<(a|button)\b[^>]*>(.*?)</\1>", text, re.DOTALL):
            inner = match.group(2)
            own_words = re.search(r'translate "Export|导出|\.xlsx"', inner)
            if own_words or re.search(r'href="[^"]*(export|\.xlsx)', match.group(0)):
                offenders.append(f"{path}: {match.group(0)[:120]}")
    assert offenders == []


def test_both_kinds_of_export_render_the_one_label():
    request_free = Template('{% load exporting %}{% export_link "/x.xlsx" "year=2026" button_id="b" %}')
    html = request_free.render(Context({}))
    assert html == f'<a class="btn export-button" href="/x.xlsx?year=2026" id="b">{LABEL}</a>'
    named = Template('{% load exporting %}{% export_link "/x.xlsx" what="人员" year=2026 %}').render(Context({}))
    assert _labels(named) == [LABEL] and "（人员）" in named and "year=2026" in named


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url", "count"), [
    ("staff", "appeals:staff_list", 1),
    ("staff", "appeals:triage", 1),
    ("staff", "appeals:kpi", 1),
    ("staff", "directory:enterprise_list", 2),
    ("auditadmin", "audit:entry_list", 1),
    ("staff", "finance:figures", 1),
    ("staff", "legal:figures", 1),
    ("staff", "investment:figures", 1),
    ("staff", "dialogues:series_report", 1),
])
def test_every_export_button_says_the_same_words(world, login, persona, url, count):
    response = login(world.users[persona]).get(reverse(url))
    assert response.status_code == 200
    assert _labels(response.content.decode()) == [LABEL] * count


@pytest.mark.django_db
def test_the_meeting_report_export_says_the_same_words(world, login):
    meeting = make_meeting(world.district, world.users["staff"])
    page = login(world.users["staff"]).get(reverse("dialogues:report", args=[meeting.pk])).content.decode()
    assert _labels(page) == [LABEL]
