"""One colour per appeal state on every side (kaopu.appeals.badges): every state has a tone, red means a
problem only (declined, overdue, discontent), and every page that shows an appeal's state shows it
through the same tags, in the same tone."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.badges import OVERDUE_TONE, STATE_TONES, Tone, rating_tone, state_tone
from kaopu.appeals.models import Appeal

KAOPU = Path(__file__).resolve().parents[2]
CSS = (KAOPU / "core" / "static" / "kaopu" / "kaopu.css").read_text()
PROBLEMS = {Appeal.State.DECLINED}


def test_every_state_has_a_tone():
    assert set(STATE_TONES) == set(Appeal.State.values)
    assert all(isinstance(tone, Tone) for tone in STATE_TONES.values())


def test_only_the_problem_cases_are_red():
    red = {state for state in Appeal.State.values if state_tone(state) == Tone.PROBLEM}
    assert red == PROBLEMS
    assert OVERDUE_TONE == Tone.PROBLEM
    assert {rating for rating in Appeal.Rating.values if rating_tone(rating) == Tone.PROBLEM} == {"1", "2"}
    assert rating_tone("3") == rating_tone("4") == rating_tone("5") == Tone.DONE


def test_waiting_working_and_finished_states_read_apart():
    assert state_tone("submitted") == state_tone("accepted") == Tone.WAITING
    assert state_tone("dispatched") == state_tone("in_progress") == Tone.ACTIVE
    assert state_tone("replied") == state_tone("closed") == Tone.DONE
    assert state_tone("withdrawn") == state_tone("merged") == Tone.NEUTRAL


@pytest.mark.parametrize("tone", list(Tone))
def test_every_tone_has_its_style(tone):
    assert f".badge.{tone.value} " in CSS or f".badge.{tone.value}{{" in CSS, tone


def test_red_is_not_the_colour_of_any_other_tone():
    styles = {tone: re.search(rf"\.badge\.{tone.value} \{{([^}}]*)\}}", CSS).group(1) for tone in Tone}
    assert "var(--danger)" in styles[Tone.PROBLEM]
    assert not any("danger" in style or "brand" in style for tone, style in styles.items() if tone != Tone.PROBLEM)


def _render(source: str, **context) -> str:  # type: ignore[no-untyped-def]
    return Template("{% load appeal_badges %}" + source).render(Context(context))


def test_the_tags_render_the_tone_classes():
    assert _render("{% state_badge 'declined' %}") == '<span class="badge danger">不予受理</span>'
    assert _render("{% state_badge 'in_progress' %}") == '<span class="badge warn">办理中</span>'
    assert _render("{% overdue_badge %}") == '<span class="badge danger">已超期</span>'
    assert _render("{% rating_badge '1' %}") == '<span class="badge danger">非常不满意</span>'
    assert _render("{% rating_badge '4' %}") == '<span class="badge ok">满意</span>'
    assert _render("{% rating_badge '' %}") == ""
    assert 'class="badge danger"' not in _render("{% confidential_badge %}")


def test_no_template_paints_an_appeal_state_itself():
    """Every appeal state badge goes through {% state_badge %}: no template writes a state's label into a
    badge of its own (the way colours drifted apart before)."""
    offenders = []
    for path in KAOPU.glob("*/templates/**/*.html"):
        text = path.read_text()
        for match in re.finditer(r'<span class="badge[^"]*">\{\{ ?([\w.]+)\.get_(state|rating)_display ?\}\}', text):
            variable = match.group(1)
            if "appeal" in variable or variable in {"a", "appeal"}:
                offenders.append(f"{path.relative_to(KAOPU)}: {match.group(0)}")
    assert offenders == []


# The pages ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_every_side_shows_a_state_in_the_same_tone(world, login, submit, in_progress):
    waiting = submit(title="新诉求")
    users = world.users
    staff_list = login(users["staff"]).get(reverse("appeals:staff_list")).content.decode()
    assert '<span class="badge info">待受理</span>' in staff_list
    assert '<span class="badge warn">办理中</span>' in staff_list
    leader = login(users["leader"]).get(reverse("appeals:overview")).content.decode()
    assert '<span class="badge info">待受理</span>' in leader and '<span class="badge warn">办理中</span>' in leader
    inbox = login(users["handler"]).get(reverse("appeals:inbox")).content.decode()
    assert '<span class="badge warn">办理中</span>' in inbox
    mine = login(users["ent_user"]).get(reverse("appeals:my_list")).content.decode()
    assert '<span class="badge info">待受理</span>' in mine and '<span class="badge warn">办理中</span>' in mine
    for url, user in [(reverse("appeals:staff_detail", args=[waiting.pk]), "staff"),
                      (reverse("appeals:my_detail", args=[waiting.pk]), "ent_user")]:
        assert '<span class="badge info">待受理</span>' in login(users[user]).get(url).content.decode(), url
    detail = login(users["handler"]).get(reverse("appeals:inbox_detail", args=[in_progress.pk])).content.decode()
    assert '<span class="badge warn">办理中</span>' in detail


@pytest.mark.django_db
def test_overdue_and_discontent_are_red_and_confidential_is_not(world, login, submit, in_progress, pin_clock):
    users = world.users
    actions.reply(in_progress.pk, acting_user=users["handler"], text="已协调。")
    actions.rate(in_progress.pk, acting_user=users["ent_user"], rating="1", comment="没有解决问题。")
    secret = submit(title="保密诉求", is_confidential=True)
    pin_clock(date(2026, 10, 30))  # every deadline has passed
    staff_list = login(users["staff"]).get(reverse("appeals:staff_list")).content.decode()
    assert '<span class="badge danger">已超期</span>' in staff_list
    assert '<span class="badge mark">保密</span>' in staff_list
    assert '<span class="badge danger">保密</span>' not in staff_list
    detail = login(users["staff"]).get(reverse("appeals:staff_detail", args=[in_progress.pk])).content.decode()
    assert '<span class="badge danger">非常不满意</span>' in detail
    mine = login(users["ent_user"]).get(reverse("appeals:my_detail", args=[in_progress.pk])).content.decode()
    assert '<span class="badge danger">非常不满意</span>' in mine
    inbox = login(users["handler"]).get(reverse("appeals:inbox"), {"tab": "overdue"}).content.decode()
    assert '<span class="badge danger">已超期</span>' in inbox
    assert secret.title in staff_list


@pytest.mark.django_db
def test_pages_of_other_apps_show_an_appeals_state_in_its_tone(world, login, submit):
    """The legal service's request turned into an appeal shows the appeal's state with the same tag."""
    html = Template("{% load appeal_badges %}{% state_badge appeal %}").render(Context({"appeal": submit()}))
    assert html == '<span class="badge info">待受理</span>'
    for template in ("dialogues/templates/dialogues/staff_report.html",
                     "dialogues/templates/dialogues/staff_minutes.html", "legal/templates/legal/staff_detail.html"):
        text = (KAOPU / template).read_text()
        assert "{% state_badge " in text and "appeal_badges" in text, template
