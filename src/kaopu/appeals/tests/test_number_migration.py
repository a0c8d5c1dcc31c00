"""Migration 0013 numbers the appeals that existed before numbers, by district, year of submission
(Shanghai) and id, sets the counters after them, and gives them a contact: the enterprise user who
submitted them, else the enterprise's contact in the directory."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kaopu.appeals import actions, numbering
from kaopu.appeals.models import Appeal, Category, NumberCounter
from kaopu.directory.models import District, EnterprisePerson, Person

migration = importlib.import_module("kaopu.appeals.migrations.0013_number_contact")


def _appeal(world, user, enterprise, title: str, created: datetime) -> Appeal:  # type: ignore[no-untyped-def]
    appeal = actions.submit_appeal(enterprise=enterprise, acting_user=user, kind=Appeal.Kind.HELP,
                                   category=Category.objects.get(name="融资"), title=title, content="内容",
                                   **({"source": Appeal.Source.HOTLINE} if user.role == "fic_staff" else {}))
    Appeal.objects.filter(pk=appeal.pk).update(created_at=created)
    return appeal


def _history(world):  # type: ignore[no-untyped-def]
    """Appeals over two years and two districts, submitted out of id order; their numbers wiped."""
    ent_user, staff, far_staff = world.users["ent_user"], world.users["staff"], world.users["far_staff"]
    made = {
        "a_2026_late": _appeal(world, ent_user, world.enterprise_a, "二〇二六年底", datetime(2026, 3, 2, tzinfo=UTC)),
        "a_2025": _appeal(world, ent_user, world.enterprise_a, "二〇二五年", datetime(2025, 11, 5, tzinfo=UTC)),
        # 31 December 2025 at 17:00 UTC is 1 January 2026 in Shanghai: numbered in 2026.
        "b_new_year": _appeal(world, staff, world.enterprise_b, "元旦", datetime(2025, 12, 31, 17, 0, tzinfo=UTC)),
        "far": _appeal(world, far_staff, world.far_enterprise, "静安的", datetime(2026, 1, 8, tzinfo=UTC)),
        "a_2026": _appeal(world, ent_user, world.enterprise_a, "二〇二六年", datetime(2026, 2, 1, tzinfo=UTC)),
    }
    for n, appeal in enumerate(made.values()):  # as before numbers: placeholders that collide with nothing
        Appeal.objects.filter(pk=appeal.pk).update(number=f"OLD-{appeal.pk}", number_year=1, number_sequence=900 + n)
    NumberCounter.objects.all().delete()
    return made


def _numbers(made) -> dict[str, str]:  # type: ignore[no-untyped-def]
    # Only the number: the current model's later columns do not exist yet at 0013.
    return {key: Appeal.objects.values_list("number", flat=True).get(pk=appeal.pk) for key, appeal in made.items()}


EXPECTED = {"a_2026_late": "PT-2026-000001", "a_2025": "PT-2025-000001", "b_new_year": "PT-2026-000002",
            "far": "JA-2026-000001", "a_2026": "PT-2026-000003"}


def test_existing_appeals_are_numbered_by_district_year_and_id(world) -> None:  # type: ignore[no-untyped-def]
    made = _history(world)
    assert numbering.number_existing(Appeal, District, NumberCounter) == 5
    # 普陀's 2026 appeals by id: a_2026_late (made first, submitted in March) before a_2026 (February).
    assert _numbers(made) == EXPECTED
    assert dict(NumberCounter.objects.filter(district=world.district).values_list("year", "last")) == {
        2025: 1, 2026: 3}
    assert NumberCounter.objects.get(district=world.far_district).last == 1
    # New submissions continue after them.
    assert _appeal(world, world.users["ent_user"], world.enterprise_a, "新的",
                   datetime(2026, 9, 28, tzinfo=UTC)).number == "PT-2026-000004"


def test_existing_appeals_get_their_submitters_contact_else_the_directorys(world) -> None:  # type: ignore[no-untyped-def]
    ent_user = world.users["ent_user"]
    ent_user.phone = "138 0000 2222"
    ent_user.name = "张三"
    ent_user.save()
    person = Person.objects.create(district=world.district, name="李四", phone="13900003333")
    EnterprisePerson.objects.create(enterprise=world.enterprise_b, person=person, role=EnterprisePerson.Role.CONTACT)
    made = _history(world)
    Appeal.objects.update(contact_name="", contact_phone="")  # as before contacts
    migration.fill_contacts_of(Appeal, EnterprisePerson)
    contacts = {key: Appeal.objects.values_list("contact_name", "contact_phone").get(pk=appeal.pk)
                for key, appeal in made.items()}
    assert contacts["a_2025"] == ("张三", "13800002222")  # its submitter, the phone in the stored form
    assert contacts["b_new_year"] == ("李四", "13900003333")  # recorded by staff: the directory's contact
    assert contacts["far"] == ("", "")  # nobody known


# PostgreSQL only: the production database is where an upgrade's data migration must hold, and unapplying and
# reapplying every app's migrations after directory 0007 takes the SQLite runs (the suite and its two any-day
# runs in CI) over a minute each.
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_on_a_database_with_appeals(world) -> None:  # type: ignore[no-untyped-def]
    made = _history(world)
    executor = MigrationExecutor(connection)
    executor.migrate([("appeals", "0012_deadline_rule_dispatch"), ("directory", "0007_roster_quirks")])
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("appeals", "0013_number_contact")])
        assert _numbers(made) == EXPECTED
        assert District.objects.get(pk=world.district.pk).abbreviation == "PT"
    finally:  # the other branches of the graph too (sibling migrations were unapplied on the way back)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
