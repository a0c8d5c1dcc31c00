"""The directory's workbooks (the export, the import template, the error workbook) write text that looks
like a formula as text (core.spreadsheet), and an exported name imports again unchanged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.core.tests.formulas import PREFIXES, assert_safe_workbook, check_export, hostile, only_safe_cells
from kaopu.directory.models import Enterprise, EnterprisePerson, ImportJob, Person, Subdistrict
from kaopu.directory.tests._xlsx import post_import, row, workbook_bytes
from kaopu.exports.testing import export

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def exported(client, key: str):  # type: ignore[no-untyped-def]
    """The download of a background export made now (the job runs at once in the tests)."""
    job = export(client, key)
    return client.get(reverse("exports:download", args=[job.pk]))


def test_an_enterprise_name_starting_like_a_formula_is_exported_as_text(login, staff, world) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)

    check_export(lambda: exported(client, "directory.enterprises"),
                 lambda name: Enterprise.objects.filter(pk=world.enterprise_a.pk).update(name=name))


def test_a_person_s_name_starting_like_a_formula_is_exported_as_text(login, staff, world) -> None:  # type: ignore[no-untyped-def]
    person = Person.objects.create(district=world.district, name="张三")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person, role="contact")
    client = login(staff)

    check_export(lambda: exported(client, "directory.people"),
                 lambda name: Person.objects.filter(pk=person.pk).update(name=name[:50]), name="某")


def test_a_subdistrict_name_starting_like_a_formula_is_written_as_text_in_the_template(login, staff, world) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    Subdistrict.objects.filter(district=world.district).exclude(pk=world.subdistrict.pk).delete()

    check_export(lambda: client.get(reverse("directory:import_template")),
                 lambda name: Subdistrict.objects.filter(pk=world.subdistrict.pk).update(name=name))


def test_rejected_rows_starting_like_formulas_are_written_back_as_text(login, staff, world) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    # Each row has a warning (its phone is not a phone) and goes to the report workbook as it was.
    names = [hostile(prefix, f"企业{n}") for n, prefix in enumerate(PREFIXES)]
    content = workbook_bytes([row(n, 企业名称=name, 联系电话="@电话") for n, name in enumerate(names)])
    with only_safe_cells():  # the error workbook is written by the import job (run at once in the tests)
        post_import(client, content)
    job = ImportJob.objects.get()
    assert job.warning_count == len(PREFIXES)

    response = client.get(reverse("directory:import_errors", args=[job.pk]))
    content = b"".join(response.streaming_content)
    for name in names:
        assert_safe_workbook(content, name)
