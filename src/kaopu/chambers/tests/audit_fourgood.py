"""The Four-Good actions' scenarios for core/tests/test_every_write_audited.py (listed there through
audit_scenarios.by_module): each runs one action of kaopu.chambers.actions_fourgood on data made beforehand,
and names the words its audit entry must hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kaopu.accounts.roles import Role
from kaopu.chambers import actions_fourgood as fg
from kaopu.chambers import testing, testing_fourgood
from kaopu.core.testing import make_user
from kaopu.core.tests.audit_scenarios import Act, Stage

NAME = "2025—2026年度四好商会评价"
CHAMBER = "普陀区青年商会"
PDF = b"%PDF-1.4\n%%EOF\n"


def _reviewer(s: Stage) -> Any:
    if "reviewer" not in s.extra:
        s.extra["reviewer"] = make_user("reviewer", Role.FIC_STAFF, s.user("staff").organisation, name="王评审")
    return s.extra["reviewer"]


def _cycle(s: Stage, *, open_it: bool = True) -> Any:
    return testing_fourgood.make_cycle(s.user("staff"), [s.user("staff"), _reviewer(s)], open_it=open_it)


def _draft_application(s: Stage) -> Any:
    cycle = _cycle(s)
    chamber = testing.the_officers_chamber(s.world)
    return fg.start_application(cycle.pk, chamber.pk, acting_user=s.user("chamber_officer"))


def _submitted(s: Stage, *, reviewing: bool = False) -> Any:
    cycle = _cycle(s)
    application = testing_fourgood.apply(cycle, testing.the_officers_chamber(s.world), s.user("chamber_officer"))
    if reviewing:
        testing_fourgood.to_reviewing(cycle, s.user("staff"))
    return application


def _scored(s: Stage) -> Any:
    application = _submitted(s, reviewing=True)
    testing_fourgood.score(application, s.user("staff"), ["8", "8", "4", "16"])
    testing_fourgood.score(application, _reviewer(s), ["9", "8", "4", "16"])
    return application


def _with_evidence(s: Stage) -> tuple[Any, Any]:
    application = _draft_application(s)
    first = testing_fourgood.indicators(application.cycle)[0]
    (row,) = fg.add_evidence(application.pk, first.pk, [SimpleUploadedFile("台账.pdf", PDF)],
                             acting_user=s.user("chamber_officer"))
    return application, row


def scenarios() -> dict[str, Callable[[Stage], Act]]:
    staff, officer = "staff", "chamber_officer"
    cycle_fields = {"name": NAME, "first_year": 2025, "last_year": 2026, "application_deadline": date(2026, 10, 31),
                    "review_deadline": date(2026, 11, 30), "spread": "2"}

    def first(cycle: Any) -> Any:
        return testing_fourgood.indicators(cycle)[0]

    return {
        "create_cycle": lambda s: Act(lambda: fg.create_cycle(acting_user=s.user(staff), **cycle_fields), NAME),
        "update_cycle": lambda s: (lambda c: Act(lambda: fg.update_cycle(
            c.pk, acting_user=s.user(staff), **cycle_fields), NAME))(_cycle(s)),
        "save_indicator": lambda s: (lambda c: Act(lambda: fg.save_indicator(
            c.pk, acting_user=s.user(staff), dimension_id=first(c).dimension_id, name="商会党组织覆盖",
            max_score="5", weight="5"), "商会党组织覆盖"))(_cycle(s, open_it=False)),
        "remove_indicator": lambda s: (lambda c: Act(lambda: fg.remove_indicator(
            c.pk, first(c).pk, acting_user=s.user(staff)), "党建工作开展情况"))(_cycle(s, open_it=False)),
        "copy_indicators": lambda s: (lambda c: Act(lambda: fg.copy_indicators(
            fg.create_cycle(acting_user=s.user(staff), **cycle_fields | {"name": "下一周期"}).pk,
            acting_user=s.user(staff)), "下一周期"))(_cycle(s)),
        "set_reviewers": lambda s: (lambda c: Act(lambda: fg.set_reviewers(
            c.pk, acting_user=s.user(staff), reviewers=[_reviewer(s)]), "王评审"))(_cycle(s, open_it=False)),
        "move_cycle": lambda s: (lambda c: Act(lambda: fg.move_cycle(
            c.pk, acting_user=s.user(staff), move="open"), NAME))(_cycle(s, open_it=False)),
        "start_application": lambda s: (lambda c, ch: Act(lambda: fg.start_application(
            c.pk, ch.pk, acting_user=s.user(officer)), CHAMBER))(_cycle(s), testing.the_officers_chamber(s.world)),
        "save_self_assessment": lambda s: (lambda a: Act(lambda: fg.save_self_assessment(
            a.pk, acting_user=s.user(officer), summary="总结", entries={first(a.cycle).pk: ("9", "已开展")}),
            CHAMBER))(_draft_application(s)),
        "add_evidence": lambda s: (lambda a: Act(lambda: fg.add_evidence(
            a.pk, first(a.cycle).pk, [SimpleUploadedFile("党建台账.pdf", PDF)], acting_user=s.user(officer)),
            "党建台账.pdf"))(_draft_application(s)),
        "remove_evidence": lambda s: (lambda pair: Act(lambda: fg.remove_evidence(
            pair[0].pk, pair[1].pk, acting_user=s.user(officer)), "台账.pdf"))(_with_evidence(s)),
        "submit_application": lambda s: (lambda a: Act(lambda: fg.submit_application(
            a.pk, acting_user=s.user(officer)), CHAMBER))(_submitted_as_draft(s)),
        "withdraw_application": lambda s: (lambda a: Act(lambda: fg.withdraw_application(
            a.pk, acting_user=s.user(officer)), CHAMBER))(_submitted(s)),
        "save_review": lambda s: (lambda a: Act(lambda: testing_fourgood.score(
            a, s.user(staff), ["8", "8", "4", "16"]), CHAMBER))(_submitted(s, reviewing=True)),
        "record_result": lambda s: (lambda a: Act(lambda: fg.record_result(
            a.pk, acting_user=s.user(staff), recommended_level="city", result="recognised", result_level="city",
            result_on=date(2026, 12, 1)), CHAMBER))(_scored(s)),
    }


def _submitted_as_draft(s: Stage) -> Any:
    """An application with every self score, not submitted yet."""
    application = _submitted(s)
    return fg.withdraw_application(application.pk, acting_user=s.user("chamber_officer"))
