"""Bulk synthetic enterprises (and people) for benchmarks: `kaopu seed --enterprises N`.

On PostgreSQL rows stream into COPY ... FROM STDIN in chunks (a chunk at a time in memory, so a
million rows need no more memory than ten thousand) with ids reserved from the tables' sequences,
so that people can be linked to their enterprises without reading anything back. On SQLite the
same rows go through bulk_create in batches.

Credit codes are derived from a serial: ``91`` + the district's administrative code + ``MD`` + the
serial in six base-31 characters, then the organisation-code and credit-code check characters.
The serial continues after the largest one in the database, so seeding twice adds more rows
instead of colliding, and the demo's codes (``MA1…`` and digits) never meet the seeded ones.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from kaopu.directory import demo
from kaopu.directory.credit_code import ALPHABET
from kaopu.directory.models import District, Enterprise, EnterprisePerson, Person, Subdistrict

SERIAL_MARK = "MD"
SERIAL_DIGITS = 6
MAX_SERIAL = len(ALPHABET) ** SERIAL_DIGITS - 1
CHUNK = 20_000

ENTERPRISE_COLUMNS = (
    "id", "district_id", "name", "credit_code", "legal_representative", "established_on", "registered_capital",
    "subdistrict_id", "industry_id", "size", "employees", "is_high_tech", "is_specialised", "is_member",
    "member_since", "address", "phone", "status", "created_at", "updated_at",
)
PERSON_COLUMNS = ("id", "district_id", "name", "gender", "phone", "created_at")
LINK_COLUMNS = ("enterprise_id", "person_id", "role", "position")

Progress = Callable[[int], None]


@dataclass
class SeedResult:
    enterprises: int
    people: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        rows = self.enterprises + self.people
        return rows / self.seconds if self.seconds else float(rows)


@dataclass
class _Chunk:
    """One chunk of generated rows, as tuples in the column order of the COPY statements."""

    enterprises: list[tuple[object, ...]]
    people: list[tuple[object, ...]]
    links: list[tuple[object, ...]]


def serial_code(admin_code: str, serial: int) -> str:
    """The credit code of seed serial ``serial`` in a district with ``admin_code``."""
    if not 0 <= serial <= MAX_SERIAL:
        raise ValueError(f"seed serial {serial} is outside 0..{MAX_SERIAL}")
    digits = []
    for _ in range(SERIAL_DIGITS):
        serial, value = divmod(serial, len(ALPHABET))
        digits.append(ALPHABET[value])
    return demo.credit_code_for(admin_code, SERIAL_MARK + "".join(reversed(digits)))


def _serial_of(code: str) -> int:
    value = 0
    for char in code[10:10 + SERIAL_DIGITS]:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    return value


def next_serial(admin_code: str) -> int:
    """One past the largest seed serial in the database (codes sort like their serials)."""
    prefix = "91" + admin_code + SERIAL_MARK
    # A range on the unique index: the newest seeded code is the last entry under the prefix.
    last = (Enterprise.objects.filter(credit_code__gte=prefix, credit_code__lt=prefix + "~")
            .order_by("-credit_code").values_list("credit_code", flat=True).first())
    return _serial_of(last) + 1 if last else 0


def prepare_district(name: str) -> tuple[District, dict[str, int]]:
    """The district (created when missing) and the ids of its subdistricts (the demo's ten if none)."""
    district, _created = District.objects.get_or_create(
        name=name, defaults={"code": demo.DISTRICT_CODE if name == demo.DISTRICT_NAME else ""})
    if not district.subdistricts.exists():
        Subdistrict.objects.bulk_create([Subdistrict(district=district, name=sub, sort_order=order)
                                         for order, sub in enumerate(demo.SUBDISTRICTS, start=1)])
    by_name = {sub.name: sub.pk for sub in district.subdistricts.all()}
    ids = list(by_name.values())
    # A district with other subdistricts than the demo's: spread the rows over its own.
    return district, {sub: by_name.get(sub, ids[index % len(ids)]) for index, sub in enumerate(demo.SUBDISTRICTS)}


def _admin_code(district: District) -> str:
    code = district.code or ""
    return code if len(code) == 6 and code.isdigit() else demo.DISTRICT_CODE


def generate_chunks(*, district_id: int, subdistricts: dict[str, int], admin_code: str, first_serial: int,
                    count: int, first_enterprise_id: int, first_person_id: int, people: bool,
                    now: datetime, chunk: int = CHUNK) -> Iterator[_Chunk]:
    """The rows to insert, a chunk at a time; deterministic for a given first serial."""
    rng = random.Random(f"kaopu-seed:{admin_code}:{first_serial}")
    person_id = first_person_id
    for start in range(0, count, chunk):
        rows = _Chunk([], [], [])
        for offset in range(start, min(count, start + chunk)):
            row = demo.enterprise_row(rng)
            enterprise_id = first_enterprise_id + offset
            rows.enterprises.append((
                enterprise_id, district_id, row.name, serial_code(admin_code, first_serial + offset),
                row.legal_representative, row.established_on, row.registered_capital,
                subdistricts[row.subdistrict], row.industry, row.size, row.employees, row.is_high_tech,
                row.is_specialised, row.is_member, row.member_since, row.address, row.phone, row.status, now, now))
            if people:
                person_id = _add_people(rows, row, enterprise_id, person_id, district_id, now)
        yield rows


def _add_people(rows: _Chunk, row: demo.EnterpriseRow, enterprise_id: int, person_id: int,
                district_id: int, now: datetime) -> int:
    """The legal representative (also the controller for some) and the contact of one enterprise."""
    rows.people.append((person_id, district_id, row.legal_representative, row.legal_gender, row.legal_phone, now))
    rows.links.append((enterprise_id, person_id, EnterprisePerson.Role.LEGAL_REPRESENTATIVE.value, ""))
    if row.controller_is_legal:
        rows.links.append((enterprise_id, person_id, EnterprisePerson.Role.CONTROLLER.value, ""))
    person_id += 1
    if row.contact:
        name, gender, phone = row.contact
        rows.people.append((person_id, district_id, name, gender, phone, now))
        rows.links.append((enterprise_id, person_id, EnterprisePerson.Role.CONTACT.value, ""))
        person_id += 1
    return person_id


def seed(*, count: int, district_name: str, people: bool = False, progress: Progress | None = None,
         chunk: int = CHUNK) -> SeedResult:
    """Add ``count`` synthetic enterprises (and their people when asked) to a district."""
    started = time.monotonic()
    with transaction.atomic():
        district, subdistricts = prepare_district(district_name)
        admin_code = _admin_code(district)
        first_serial = next_serial(admin_code)
        if first_serial + count - 1 > MAX_SERIAL:
            raise ValueError(f"seeding {count} more would pass the last seed serial ({MAX_SERIAL})")
        if connection.vendor == "postgresql":
            made_people = _seed_postgresql(district, subdistricts, admin_code, first_serial, count, people,
                                           progress, chunk)
        else:
            made_people = _seed_orm(district, subdistricts, admin_code, first_serial, count, people, progress,
                                    chunk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics, so that the planner knows the table's size and picks its indexes.
            cursor.execute("ANALYZE directory_enterprise, directory_person, directory_enterpriseperson")
    return SeedResult(count, made_people, time.monotonic() - started)


def reserve_ids(cursor: object, table: str, count: int) -> int:
    """The first of ``count`` consecutive ids taken from ``table``'s sequence in one statement."""
    if count == 0:
        return 1
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
        [table, table, count])
    last = cursor.fetchone()[0]  # type: ignore[attr-defined]
    return int(last) - count + 1


def copy_rows(cursor: object, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """COPY ``rows`` (tuples in ``columns`` order) into ``table`` through a psycopg 3 cursor."""
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)


def _seed_postgresql(district: District, subdistricts: dict[str, int], admin_code: str, first_serial: int,
                     count: int, people: bool, progress: Progress | None, chunk: int) -> int:
    connection.ensure_connection()
    raw = connection.connection  # the psycopg 3 connection under Django's wrapper
    made_people = 0
    with raw.cursor() as cursor:
        first_enterprise = reserve_ids(cursor, "directory_enterprise", count)
        # Two people at most per enterprise; unused ids of the reservation are simply skipped.
        first_person = reserve_ids(cursor, "directory_person", 2 * count if people else 0)
        done = 0
        for rows in generate_chunks(district_id=district.pk, subdistricts=subdistricts, admin_code=admin_code,
                                    first_serial=first_serial, count=count, first_enterprise_id=first_enterprise,
                                    first_person_id=first_person, people=people, now=timezone.now(),
                                    chunk=chunk):
            copy_rows(cursor, "directory_enterprise", ENTERPRISE_COLUMNS, rows.enterprises)
            copy_rows(cursor, "directory_person", PERSON_COLUMNS, rows.people)
            copy_rows(cursor, "directory_enterpriseperson", LINK_COLUMNS, rows.links)
            done += len(rows.enterprises)
            made_people += len(rows.people)
            if progress:
                progress(done)
    return made_people


def _seed_orm(district: District, subdistricts: dict[str, int], admin_code: str, first_serial: int,
              count: int, people: bool, progress: Progress | None, chunk: int) -> int:
    """SQLite: bulk_create in batches, letting the database number the rows."""
    made_people = 0
    done = 0
    for rows in generate_chunks(district_id=district.pk, subdistricts=subdistricts, admin_code=admin_code,
                                first_serial=first_serial, count=count, first_enterprise_id=0, first_person_id=0,
                                people=people, now=timezone.now(), chunk=chunk):
        enterprises = Enterprise.objects.bulk_create(
            [Enterprise(**dict(zip(ENTERPRISE_COLUMNS[1:], values[1:], strict=True)))
             for values in rows.enterprises], batch_size=2000)
        if people:
            made_people += _orm_people(rows, enterprises)
        done += len(enterprises)
        if progress:
            progress(done)
    return made_people


def _orm_people(rows: _Chunk, enterprises: list[Enterprise]) -> int:
    """Insert the chunk's people and links, mapping the generator's provisional ids to real ones."""
    first_enterprise = rows.enterprises[0][0]
    created = Person.objects.bulk_create(
        [Person(**dict(zip(PERSON_COLUMNS[1:], values[1:], strict=True))) for values in rows.people],
        batch_size=2000)
    person_ids = {values[0]: person.pk for values, person in zip(rows.people, created, strict=True)}
    EnterprisePerson.objects.bulk_create([
        EnterprisePerson(enterprise_id=enterprises[enterprise_id - first_enterprise].pk,
                         person_id=person_ids[person_id], role=role, position=position)
        for enterprise_id, person_id, role, position in rows.links], batch_size=2000)
    return len(created)
