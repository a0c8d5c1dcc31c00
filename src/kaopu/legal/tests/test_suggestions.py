"""Which lawyers are suggested for a request, in which order, with which reason; in fixed queries."""

from __future__ import annotations

from itertools import count

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.core.testing import make_user
from kaopu.legal import actions
from kaopu.legal.suggestions import suggest_lawyers
from kaopu.legal.testing import area, make_firm, make_lawyer, submit

_serial = count(1)


def _names(suggestions) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.lawyer.user.name for s in suggestions]


def _firm_with(world, *specs):  # type: ignore[no-untyped-def]
    org = Organisation.objects.create(kind=OrganisationKind.LAW_FIRM, name="上海测试律师事务所",
                                      district=world.district)
    firm = make_firm(org)
    made = []
    for name, areas, years, fields in specs:
        user = make_user(f"s_lawyer_{next(_serial)}", Role.LAWYER, org, name=name)
        made.append(make_lawyer(user, firm, *areas, years_of_practice=years, **fields))
    return firm, made


def test_area_match_first_then_load_then_years(world, team, staff, ent_user):  # type: ignore[no-untyped-def]
    # team: lawyer (劳动用工, 合同纠纷, 10 years), 李律师/lawyer2 (知识产权, 5 years); far_lawyer elsewhere.
    _firm_with(world, ("老张", ("劳动用工",), 30, {}), ("小王", ("税务合规",), 1, {}))
    busy = submit(ent_user)
    actions.assign_lawyer(busy.pk, acting_user=staff, lawyer=team.lawyer)  # lawyer now has 1 open
    request = submit(ent_user, practice_area=area("劳动用工"))
    order = _names(suggest_lawyers(request))
    # Both labour lawyers first: 老张 (load 0) before lawyer (load 1); then the others by load 0 and years.
    assert order == ["老张", "lawyer", "李律师", "小王"]
    first = suggest_lawyers(request)[0]
    assert first.area_match and first.reason == "擅长：劳动用工 · 在办 0 件"
    assert "远律师" not in order  # another district


def test_without_a_field_of_law_lowest_load_first(world, team, staff, ent_user):  # type: ignore[no-untyped-def]
    actions.assign_lawyer(submit(ent_user).pk, acting_user=staff, lawyer=team.lawyer2)
    order = _names(suggest_lawyers(submit(ent_user)))
    assert order == ["lawyer", "李律师"]  # lawyer2 has one open request, lawyer none


def test_unavailable_inactive_and_retired_firms_are_left_out(world, team, ent_user):  # type: ignore[no-untyped-def]
    _firm_with(world, ("停用", ("劳动用工",), 8, {"is_available": False}))
    team.lawyer2.user.is_active = False
    team.lawyer2.user.save()
    firm, _made = _firm_with(world, ("退出所的律师", ("劳动用工",), 8, {}))
    firm.is_active = False
    firm.save()
    assert _names(suggest_lawyers(submit(ent_user, practice_area=area("劳动用工")))) == ["lawyer"]


def test_full_lawyers_come_last_and_say_so(world, team, staff, ent_user):  # type: ignore[no-untyped-def]
    team.lawyer.max_open_requests = 1
    team.lawyer.save()
    actions.assign_lawyer(submit(ent_user).pk, acting_user=staff, lawyer=team.lawyer)
    suggestions = suggest_lawyers(submit(ent_user, practice_area=area("劳动用工")))
    assert _names(suggestions) == ["李律师", "lawyer"]
    assert suggestions[-1].is_full and "已满" in suggestions[-1].reason


def test_no_lawyer_means_no_suggestion(world, ent_user, staff):  # type: ignore[no-untyped-def]
    assert suggest_lawyers(submit(ent_user)) == []


def test_two_queries_whatever_the_team_size(world, team, ent_user):  # type: ignore[no-untyped-def]
    request = submit(ent_user, practice_area=area("劳动用工"))
    with CaptureQueriesContext(connection) as small:
        suggest_lawyers(request)
    _firm_with(world, *[(f"律师{i}", ("劳动用工", "合同纠纷"), i, {}) for i in range(12)])
    with CaptureQueriesContext(connection) as large:
        assert len(suggest_lawyers(request, limit=50)) == 14
    assert len(small.captured_queries) == len(large.captured_queries) == 2
