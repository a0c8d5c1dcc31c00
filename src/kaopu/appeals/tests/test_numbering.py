"""Every appeal gets a number PT-2026-000302: its district's abbreviation, the year of submission in
Shanghai, a sequence per district and year that has no gaps (a failed submission gives its number back),
and the database refuses a number twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction

from kaopu.appeals import actions, numbering
from kaopu.appeals.models import Appeal, Category, NumberCounter
from kaopu.appeals.workflow import TransitionError
from kaopu.audit.models import AuditEntry
from kaopu.directory.models import District


def test_the_first_appeal_of_the_year_is_number_one_of_its_district(world, submit) -> None:  # type: ignore[no-untyped-def]
    first, second = submit(), submit(title="第二件")
    assert (world.district.abbreviation, first.number, second.number) == ("PT", "PT-2026-000001", "PT-2026-000002")
    assert (second.number_year, second.number_sequence) == (2026, 2)
    assert Appeal.objects.get(pk=first.pk).number == "PT-2026-000001"  # stored, not computed on the way out
    assert NumberCounter.objects.get(district=world.district, year=2026).last == 2


def test_each_district_counts_its_own(world, submit) -> None:  # type: ignore[no-untyped-def]
    submit()
    far = actions.submit_appeal(enterprise=world.far_enterprise, acting_user=world.users["far_staff"],
                                kind=Appeal.Kind.HELP, category=Category.objects.get(name="融资"), title="静安的",
                                content="内容", source=Appeal.Source.HOTLINE, contact_name="周先生",
                                contact_phone="13900001111")
    assert (world.far_district.abbreviation, far.number) == ("JA", "JA-2026-000001")
    assert submit().number == "PT-2026-000002"


def test_a_new_year_starts_again_at_one(world, submit, pin_clock) -> None:  # type: ignore[no-untyped-def]
    assert submit().number == "PT-2026-000001"
    pin_clock(date(2027, 1, 4))
    assert [submit().number for _n in range(2)] == ["PT-2027-000001", "PT-2027-000002"]
    pin_clock(date(2026, 12, 30))  # a late clock is not a reason to reuse 2026's numbers
    assert submit().number == "PT-2026-000002"


@pytest.mark.parametrize(("utc", "year"), [
    (datetime(2026, 12, 31, 15, 59, 59, tzinfo=UTC), 2026),  # 23:59:59 on 31 December in Shanghai
    (datetime(2026, 12, 31, 16, 0, 0, tzinfo=UTC), 2027),  # midnight: 1 January in Shanghai
])
def test_the_year_is_shanghais_not_utcs(world, submit, time_machine, utc, year) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(utc, tick=False)
    appeal = submit()
    assert appeal.number == f"PT-{year}-000001" and appeal.number_year == year
    assert appeal.created_at == utc  # the same moment as the number's year


def test_a_failed_submission_gives_its_number_back(world, submit, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert submit().number == "PT-2026-000001"

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(actions, "record", broken)
    with pytest.raises(RuntimeError):
        submit(title="失败的提交")
    monkeypatch.undo()
    assert submit().number == "PT-2026-000002"  # no gap
    assert NumberCounter.objects.get().last == 2


def test_a_refused_submission_takes_no_number(world, submit) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TransitionError):
        actions.submit_appeal(enterprise=world.enterprise_b, acting_user=world.users["ent_user"],
                              kind=Appeal.Kind.HELP, category=Category.objects.get(name="融资"), title="别家的",
                              content="内容")
    assert not NumberCounter.objects.exists()
    assert submit().number == "PT-2026-000001"


def test_the_database_refuses_a_number_twice(world, submit) -> None:  # type: ignore[no-untyped-def]
    first, second = submit(), submit()
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=second.pk).update(number=first.number)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=second.pk).update(number="PT-2026-999999", number_sequence=first.number_sequence)


def test_the_submission_is_audited_with_its_number(world, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    entry = AuditEntry.objects.get(action="create", object_type="appeals.appeal")
    assert entry.summary == f"提交诉求「贷款续贷困难」（PT-2026-000001，{world.enterprise_a.name}）"
    assert entry.data["number"] == appeal.number


def test_str_and_numbers_past_six_digits(world, submit) -> None:  # type: ignore[no-untyped-def]
    NumberCounter.objects.create(district=world.district, year=2026, last=999_999)
    appeal = submit()
    assert appeal.number == "PT-2026-1000000" and str(appeal) == "PT-2026-1000000 贷款续贷困难"


def test_bulk_rows_are_numbered_by_district_year_and_id_after_the_numbers_given(world, submit) -> None:  # type: ignore[no-untyped-def]
    submit()
    late_2025 = datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # already 2026 in Shanghai
    rows = [(12, world.district.pk, datetime(2026, 3, 1, tzinfo=UTC)), (10, world.district.pk, late_2025),
            (11, world.district.pk, datetime(2025, 6, 1, tzinfo=UTC)), (13, world.far_district.pk, late_2025)]
    numbers = numbering.number_rows(rows, {world.district.pk: "PT", world.far_district.pk: "JA"})
    assert {pk: given.number for pk, given in numbers.items()} == {
        10: "PT-2026-000002", 12: "PT-2026-000003", 11: "PT-2025-000001", 13: "JA-2026-000001"}
    assert NumberCounter.objects.get(district=world.district, year=2026).last == 3
    assert submit().number == "PT-2026-000004"


@pytest.mark.parametrize(("text", "found"), [
    ("PT-2026-000302", numbering.NumberQuery("PT-2026-000302", 2026, 302)),
    (" pt 2026 302 ", numbering.NumberQuery("PT-2026-000302", 2026, 302)),
    ("PT2026000302", numbering.NumberQuery("PT-2026-000302", 2026, 302)),
    ("ＰＴ－２０２６－０００３０２", numbering.NumberQuery("PT-2026-000302", 2026, 302)),  # full-width
    ("2026-302", numbering.NumberQuery(year=2026, sequence=302)),
    ("000302", numbering.NumberQuery(sequence=302)),
    ("302", numbering.NumberQuery(sequence=302)),
    ("0", None), ("1234567890", None), ("贷款", None), ("PT-贷款", None), ("", None),
])
def test_what_a_search_text_says_about_a_number(text: str, found: numbering.NumberQuery | None) -> None:
    assert numbering.parse(text) == found


def test_a_district_gets_its_abbreviation_from_its_name(db) -> None:  # type: ignore[no-untyped-def]
    assert District.objects.create(name="闵行区").abbreviation == "MH"
    assert District.objects.create(name="浦东新区").abbreviation == "PD"
    assert District.objects.create(name="普陀区", abbreviation="PTQ").abbreviation == "PTQ"  # set by hand
