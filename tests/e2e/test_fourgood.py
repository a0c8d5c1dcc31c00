"""The Four-Good evaluation in a browser (issue 16's walk): the chamber officer updates the members (adds an
enterprise as a director, makes it a vice-president) and applies with an evidence file;
two FIC staff reviewers score it, each blind to the other until both submitted; staff see the ranking with
its rule and record the result; the chamber officer sees the result. Every page at desktop and phone width
(screenshots in test-results/fourgood/, no page wider than the phone)."""

from __future__ import annotations

import pytest
from e2e_helpers import DESKTOP, PHONE, Person, add_chamber_member, cast, change_first_members_role, settle

from kaopu.accounts.roles import Role
from kaopu.chambers import testing
from kaopu.chambers.models import Application, Membership
from kaopu.chambers.testing_fourgood import apply, indicators, make_cycle, score
from kaopu.core.testing import make_user
from kaopu.core.workdays import local_today

pytestmark = pytest.mark.browser


def _fits(person: Person, name: str) -> None:
    overflow = person.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px wider than the screen"


def _both_widths(person: Person, name: str) -> None:
    person.shot(f"{name}-desktop")
    person.page.set_viewport_size(PHONE)
    person.page.reload()
    settle(person.page)
    _fits(person, name)
    person.shot(f"{name}-phone")
    person.page.set_viewport_size(DESKTOP)


def test_an_application_is_scored_blind_ranked_and_its_result_reaches_the_officer(  # type: ignore[no-untyped-def]
        world, live_server, new_page, results_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = world.users["staff"]
    second = make_user("reviewer", Role.FIC_STAFF, staff.organisation, name="王评审")
    cycle = make_cycle(staff, [staff, second])
    chamber = testing.the_officers_chamber(world)
    other_chamber, _officer = testing.another_chamber(world)
    rows = indicators(cycle)
    people = cast(new_page, live_server.url, results_dir / "fourgood")

    officer = people("chamber_officer")
    add_chamber_member(officer.page, live_server.url, "乙餐饮", "director")
    officer.page.get_by_role("button", name="添加为会员").click()
    settle(officer.page)
    change_first_members_role(officer.page, "vice")
    assert "会员职务已变更" in officer.messages()
    assert Membership.objects.get(chamber=chamber, enterprise=world.enterprise_b, left_on__isnull=True).role == "vice"
    officer.shot("members")
    officer.menu("四好商会申报")
    _both_widths(officer, "mine")
    officer.page.locator(f"#apply-{cycle.pk}").click()
    settle(officer.page)
    application = Application.objects.get(cycle=cycle, chamber=chamber)
    evidence = tmp_path / "党建工作台账.txt"
    evidence.write_text("2025年度党建工作台账\n一、党组织建设情况\n", encoding="utf-8")
    officer.page.set_input_files(f"#files-{rows[0].pk}", str(evidence))
    officer.page.locator(f"#upload-{rows[0].pk}").click()
    settle(officer.page)
    assert "党建工作台账.txt" in officer.page.content()
    for row in rows:
        officer.page.fill(f"#score_{row.pk}", str(row.max_score))
        officer.page.fill(f"#text_{row.pk}", "已按要求开展，详见佐证材料。")
    officer.shot("application-draft")  # no reload here: it would drop what was typed
    officer.page.locator("#submit-application").click()
    settle(officer.page)
    assert Application.objects.get(pk=application.pk).state == "submitted"

    other = apply(cycle, other_chamber, staff)  # a second chamber, so that there is a ranking
    boss = people("staff")
    boss.go(f"/chambers/fourgood/{cycle.pk}/")
    boss.page.locator("#move-review").click()
    settle(boss.page)
    _both_widths(boss, "cycle")

    for person, values in ((boss, ["8", "9", "4", "15"]), (people("reviewer"), ["9", "7", "5", "16"])):
        person.go(f"/chambers/fourgood/applications/{application.pk}/review/")
        assert "6.37" not in person.page.content()
        for row, value in zip(rows, values, strict=True):
            person.page.fill(f"#score_{row.pk}", value)
            person.page.fill(f"#comment_{row.pk}", f"{person.username}：材料完整")
        person.shot("review")
        person.page.locator("#submit-review").click()
        settle(person.page)
        assert person.page.locator("#submitted").is_visible()
    score(other, staff, ["10", "6", "3", "18"])
    score(other, second, ["7", "6", "4", "20"])

    boss.go(f"/chambers/fourgood/{cycle.pk}/ranking/")
    table = boss.page.locator("#ranking-table").inner_text()
    assert "83.75" in table and "75.50" in table and table.index(chamber.name) < table.index(other_chamber.name)
    assert "Σ" in boss.page.locator("#rule").inner_text()
    _both_widths(boss, "ranking")
    boss.go(f"/chambers/fourgood/applications/{application.pk}/")
    assert "reviewer：材料完整" in boss.page.content()  # both reviewers' scores, now that both submitted
    boss.page.select_option("#id_recommended_level", "city")
    boss.page.select_option("#id_result", "recognised")
    boss.page.select_option("#id_result_level", "city")
    boss.page.fill("#id_result_on", local_today().isoformat())
    boss.page.locator("#save-result").click()
    settle(boss.page)
    _both_widths(boss, "application-scored")

    officer.go(f"/chambers/fourgood/applications/{application.pk}/")
    assert "认定（市级）" in officer.page.locator("#result").inner_text()
    assert "材料完整" not in officer.page.content()  # the officer never sees the reviewers' scores
    _both_widths(officer, "application-result")
