"""Demo data of the Four-Good evaluation: ``load_fourgood_demo(district, chambers)`` (the chambers demo calls it).

Two cycles of the district, both made through the real actions (so their audit entries and rules are the real
ones), with the demo users "staff" and "reviewer" (FIC staff) as reviewers:

- the cycle of two years ago, closed, every application scored by both reviewers and its results recorded
  (recognised at national, city and district level, one not recognised): each chamber's history;
- the current cycle, under review: every chamber applied with a self-assessment and an evidence file; some
  applications are scored by both reviewers (in the ranking), some by "staff" only (waiting for "reviewer",
  whose start page lists them), some by nobody yet.

Runs once: a district that already has a cycle of that name is left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers.models import Application, Chamber, Cycle
from kaopu.chambers.selectors_fourgood import indicators
from kaopu.core.workdays import local_today
from kaopu.directory.models import District

# (dimension's order, name, max score, weight, guidance)
INDICATORS = (
    (1, "党建工作开展情况", "10", "40", "建立党组织、开展组织生活，按台账和照片计分。"),
    (2, "理事会和秘书处建设", "10", "30", "按期换届、秘书处专职人员到位。"),
    (3, "服务会员和地方发展", "5", "20", "开展服务活动、参与光彩事业和公益。"),
    (4, "财务和自律管理", "20", "10", "财务制度健全、无违规记录。"),
)
# Per chamber (in the order given), the two reviewers' scores of the four indicators (maxima 10, 10, 5, 20).
SCORES = (
    (("9.5", "9", "5", "19"), ("9", "9.5", "4.5", "18")),
    (("9", "8.5", "4.5", "18"), ("8.5", "8", "4.5", "17")),
    (("8", "8", "4", "16"), ("8.5", "7.5", "4", "17")),
    (("7", "8", "3.5", "15"), ("9.5", "7", "4", "14")),  # 7 and 9.5 differ by more than the spread: flagged
    (("7.5", "7", "3.5", "14"), ("7", "7.5", "3", "15")),
    (("6", "7", "3", "12"), ("6.5", "6", "3", "13")),
)
PAST_RESULTS = (("national", "recognised", "national"), ("city", "recognised", "city"),
                ("city", "recognised", "city"), ("district", "recognised", "district"),
                ("district", "not_recognised", ""), ("", "not_recognised", ""))
EVIDENCE = "2025年度党建工作台账（摘要）\n一、党组织建设情况\n二、组织生活开展情况\n".encode()


def _user(username: str, district: District) -> User | None:
    found = User.objects.filter(username=username, role=Role.FIC_STAFF).first()
    return found or User.objects.filter(role=Role.FIC_STAFF, organisation__district=district).order_by("id").first()


def _cycle(staff: User, reviewers: list[User], name: str, first_year: int) -> Cycle:
    today = local_today()
    cycle = actions.create_cycle(acting_user=staff, name=name, first_year=first_year, last_year=first_year + 1,
                                 application_deadline=today + timedelta(days=1), spread="2",
                                 review_deadline=today + timedelta(days=30))
    dimensions = {d.order: d for d in cycle.dimensions.all()}
    for order, indicator, maximum, weight, guidance in INDICATORS:
        actions.save_indicator(cycle.pk, acting_user=staff, dimension_id=dimensions[order].pk, name=indicator,
                               max_score=maximum, weight=weight, guidance=guidance)
    actions.set_reviewers(cycle.pk, acting_user=staff, reviewers=reviewers)
    return actions.move_cycle(cycle.pk, acting_user=staff, move="open")


def _apply(cycle: Cycle, chamber: Chamber, staff: User, n: int, *, evidence: bool) -> Application:
    application = actions.start_application(cycle.pk, chamber.pk, acting_user=staff)
    rows = indicators(cycle)
    actions.save_self_assessment(
        application.pk, acting_user=staff, summary=f"{chamber.name}坚持党建引领，规范内部治理，服务会员企业发展。",
        entries={row.pk: (str(max(row.max_score - Decimal(n % 3), Decimal(0))), "按指标要求开展，台账齐全。")
                 for row in rows})
    if evidence:
        actions.add_evidence(application.pk, rows[0].pk, [SimpleUploadedFile("党建工作台账.txt", EVIDENCE)],
                             acting_user=staff)
    return actions.submit_application(application.pk, acting_user=staff)


def _score(application: Application, reviewer: User, values: Sequence[str]) -> None:
    rows = indicators(application.cycle)
    comment = "材料完整，符合评分要求。"
    actions.save_review(application.pk, acting_user=reviewer, submit=True,
                        scores={row.pk: (value, comment) for row, value in zip(rows, values, strict=True)})


def _backdate(cycle: Cycle, days: int) -> None:
    """Move a cycle made today into the past (the actions refuse deadlines already passed)."""
    Cycle.objects.filter(pk=cycle.pk).update(application_deadline=F("application_deadline") - timedelta(days=days),
                                             review_deadline=F("review_deadline") - timedelta(days=days))


def load_fourgood_demo(district: District, chambers: Sequence[Chamber]) -> None:
    staff, reviewer = _user("staff", district), _user("reviewer", district)
    chambers = list(chambers)[: len(SCORES)]
    if staff is None or reviewer is None or not chambers:
        return
    year = local_today().year
    past_name, current_name = f"{year - 3}—{year - 2}年度四好商会评价", f"{year - 1}—{year}年度四好商会评价"
    if Cycle.objects.filter(district=district, name__in=[past_name, current_name]).exists():
        return
    reviewers = list({staff.pk: staff, reviewer.pk: reviewer}.values())
    past = _cycle(staff, reviewers, past_name, year - 3)
    applied = [_apply(past, chamber, staff, n, evidence=False) for n, chamber in enumerate(chambers)]
    actions.move_cycle(past.pk, acting_user=staff, move="review")
    for application, (first, second) in zip(applied, SCORES, strict=False):
        _score(application, staff, first)
        if reviewer.pk != staff.pk:
            _score(application, reviewer, second)
    actions.move_cycle(past.pk, acting_user=staff, move="close")
    decided = date(year - 2, 12, 15)
    for application, (level, result, result_level) in zip(applied, PAST_RESULTS, strict=False):
        actions.record_result(application.pk, acting_user=staff, recommended_level=level, result=result,
                              result_level=result_level, result_on=decided)
    _backdate(past, 730)

    current = _cycle(staff, reviewers, current_name, year - 1)
    applied = [_apply(current, chamber, staff, n, evidence=True) for n, chamber in enumerate(chambers)]
    actions.move_cycle(current.pk, acting_user=staff, move="review")
    for n, (application, (first, second)) in enumerate(zip(applied, SCORES, strict=False)):
        if n < 4:
            _score(application, staff, first)  # the first four scored by "staff"
        if n < 2 and reviewer.pk != staff.pk:
            _score(application, reviewer, second)  # and the first two by "reviewer" too: in the ranking
    _backdate(current, 3)  # applications closed three days ago
