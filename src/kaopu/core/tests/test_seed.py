"""`kaopu seed`: bulk synthetic enterprises (COPY on PostgreSQL, bulk_create on SQLite).

These run on whichever database the suite runs on, so `make test` with DATABASE_URL covers COPY.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kaopu.directory import credit_code, demo, seeding
from kaopu.directory.models import Enterprise, EnterprisePerson, Person


@given(st.integers(min_value=0, max_value=seeding.MAX_SERIAL))
def test_every_seed_serial_gives_a_valid_credit_code_that_reads_back(serial):
    code = seeding.serial_code("310107", serial)
    assert credit_code.is_valid(code)
    assert seeding._serial_of(code) == serial


@given(st.integers(min_value=0, max_value=seeding.MAX_SERIAL - 1))
def test_seed_codes_sort_like_their_serials(serial):
    assert seeding.serial_code("310107", serial) < seeding.serial_code("310107", serial + 1)


def test_seed_codes_never_meet_demo_codes():
    demo_codes = {code for code, _row in demo.demo_enterprises(2000)}
    assert not any(code[8:10] == seeding.SERIAL_MARK for code in demo_codes)


def test_seeding_creates_that_many_valid_enterprises(db):
    result = seeding.seed(count=300, district_name="普陀区", chunk=120)
    assert result.enterprises == 300
    codes = list(Enterprise.objects.values_list("credit_code", flat=True))
    assert len(codes) == len(set(codes)) == 300
    assert all(credit_code.is_valid(code) for code in codes)
    assert Enterprise.objects.filter(district__name="普陀区", subdistrict__district__name="普陀区").count() == 300


def test_seeding_again_adds_more_without_colliding(db):
    seeding.seed(count=150, district_name="普陀区")
    seeding.seed(count=150, district_name="普陀区")
    codes = list(Enterprise.objects.values_list("credit_code", flat=True))
    assert len(set(codes)) == 300
    assert seeding.next_serial("310107") == 300


def test_seeding_beside_the_demo_data_adds_to_it(db):
    demo.load_directory(count=50)
    seeding.seed(count=100, district_name="普陀区")
    assert Enterprise.objects.count() == 150


def test_seeding_with_people_links_each_enterprise_to_its_legal_representative(db):
    result = seeding.seed(count=200, district_name="普陀区", people=True, chunk=70)
    assert result.people == Person.objects.count() >= 200
    legal = EnterprisePerson.objects.filter(role=EnterprisePerson.Role.LEGAL_REPRESENTATIVE)
    assert legal.count() == 200
    for expected, actual in legal.values_list("enterprise__legal_representative", "person__name"):
        assert expected == actual
    assert not Person.objects.filter(enterprise_links__isnull=True).exists()


def test_seeding_another_district_creates_it_with_subdistricts(db):
    seeding.seed(count=20, district_name="静安区")
    assert Enterprise.objects.filter(district__name="静安区", subdistrict__isnull=False).count() == 20


def test_seed_command_prints_rows_per_second(db):
    out = StringIO()
    with translation.override("en"):
        call_command("seed", enterprises=25, stdout=out)
    assert "Seeded 25 enterprises" in out.getvalue()
    assert "rows/s" in out.getvalue()


def test_seed_command_refuses_a_count_below_one(db):
    with pytest.raises(CommandError, match="--enterprises must be a positive"):
        call_command("seed", enterprises=0)
