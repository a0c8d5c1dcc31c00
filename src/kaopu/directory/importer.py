"""Import of an enterprise roster (.xlsx) into the directory, as a background job (ImportJob).

The sheet is streamed (openpyxl read-only mode) and written in chunks of ``CHUNK_SIZE`` rows: each
chunk reads the enterprises it names with one query and writes its new and changed rows with
bulk_create/bulk_update in one transaction, so memory and queries grow with the chunk, not the file.
Rows are matched by credit code (upsert); a row that changes nothing is counted as unchanged and
not written, so importing a file twice changes nothing. A rejected row never blocks the valid ones:
it goes to the job's error list and to an error workbook (the original row + 原行号 + 错误说明) that
the user can correct and import again as it is. An empty cell leaves the enterprise's value as it
is (a roster that lacks a phone number must not erase the one the directory has).

Outcomes of a job: ``done`` with created/updated/unchanged/error counts, or ``failed`` with a message
for the whole file (not a workbook, damaged, empty, no header row, a required column missing). Either
way one audit entry (Action.IMPORT) records the counts and the file's SHA-256.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils.datetime import from_excel

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import archives, workbook_reader
from kaopu.core.spreadsheet import safe_append
from kaopu.directory import credit_code
from kaopu.directory.models import Enterprise, ImportJob, IndustryDivision, Subdistrict
from kaopu.directory.selectors import reference

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
# Rows shown on the job page; every rejected row is in the error workbook.
ERRORS_SHOWN = 200
# A header row is looked for among the first rows (a title line above it is common).
HEADER_SEARCH_ROWS = 10
ROW_NUMBER_HEADER = "原行号"
ERROR_HEADER = "错误说明"


@dataclass(frozen=True)
class Column:
    """A column of the roster: the Enterprise field it fills and the headers that name it."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()


# The order of the template and of the export (which can be imported again as it is).
COLUMNS: tuple[Column, ...] = (
    Column("name", "企业名称", True, ("名称", "单位名称", "企业名")),
    Column("credit_code", "统一社会信用代码", True, ("信用代码", "社会信用代码", "统一信用代码")),
    Column("subdistrict_id", "所属街道", True, ("街道", "所属街镇", "街镇", "街道/镇", "所属街道/镇")),
    Column("industry_id", "行业", True, ("所属行业", "行业代码", "行业分类", "国民经济行业", "行业门类")),
    Column("legal_representative", "法定代表人", True, ("法人", "法人代表", "法定代表人姓名")),
    Column("phone", "联系电话", True, ("电话", "手机", "联系方式", "手机号码", "电话号码")),
    Column("established_on", "成立日期", False, ("注册日期", "成立时间")),
    Column("registered_capital", "注册资本（万元）", False, ("注册资金",)),
    Column("size", "企业规模", False, ("规模",)),
    Column("employees", "从业人数", False, ("员工人数", "职工人数", "从业人员", "从业人员数")),
    Column("is_high_tech", "高新技术企业", False, ("高新企业", "是否高新技术企业")),
    Column("is_specialised", "专精特新", False, ("专精特新企业", "是否专精特新", "是否专精特新企业")),
    Column("is_member", "工商联会员", False, ("会员", "是否工商联会员", "是否会员")),
    Column("member_since", "入会日期", False, ("入会时间",)),
    Column("address", "地址", False, ("注册地址", "经营地址", "企业地址", "住所")),
    Column("status", "状态", False, ("经营状态", "登记状态", "企业状态")),
)
SIZE_LABELS = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
STATUS_LABELS = {"active": "存续", "deregistered": "注销"}
_SIZES = {"大型": "large", "中型": "medium", "小型": "small", "微型": "micro",
          "大": "large", "中": "medium", "小": "small", "微": "micro", **{v: v for v in SIZE_LABELS}}
_STATUSES = {"存续": "active", "在业": "active", "在营": "active", "开业": "active", "正常": "active",
             "注销": "deregistered", "active": "active", "deregistered": "deregistered"}
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "✗", "无", ""}
_PHONE = re.compile(r"^[0-9+()\-—,，/、;；转 ]*$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_INDUSTRY = re.compile(r"^([A-Ta-t])?\s*(\d{1,2})(?!\d)\s*(.*)$")
_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_MAX_CAPITAL = Decimal("1e12")


def normalise_header(raw: Any) -> str:
    """企业 名称 / 注册资本（万元） → one comparable key: NFKC, no spaces, units, "*" or case."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    text = _PARENTHESISED.sub("", text)
    return "".join(text.split()).replace("*", "").replace(":", "").casefold()


_HEADER_LOOKUP = {normalise_header(name): column
                  for column in COLUMNS for name in (column.header, *column.aliases)}


class ImportFileError(Exception):
    """The whole file cannot be imported; the message says why, for the person who uploaded it."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


# --- Cell values -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return " ".join(str(value).split())


def _limited(limit: int) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        text = _text(value)
        if len(text) > limit:
            raise ValidationError(_("At most %(limit)d characters are allowed; this has %(count)d.")
                                  % {"limit": limit, "count": len(text)})
        return text

    return clean


def _name(value: Any) -> str:
    text = _limited(200)(value)
    if not text:
        raise ValidationError(_("The enterprise name is required."))
    if len(text) < 2:
        raise ValidationError(_("The enterprise name must have at least 2 characters."))
    return text


def _credit_code(value: Any) -> str:
    return credit_code.validate(_text(value))


def _phone(value: Any) -> str:
    text = _limited(30)(value)
    if not _PHONE.match(text):
        raise ValidationError(_("A phone number may only contain digits, spaces and + - ( ) /; “%(value)s” "
                                "does not look like one.") % {"value": text})
    return text


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 10_000 < value < 100_000:
        return from_excel(value).date()  # a date typed into a cell formatted as a number
    text = unicodedata.normalize("NFKC", _text(value))
    match = _DATE.match(text) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", text))
    if match:
        try:
            parsed = date(*(int(part) for part in match.groups()))
        except ValueError:
            parsed = None
        if parsed and date(1900, 1, 1) <= parsed <= date(2100, 12, 31):
            return parsed
    raise ValidationError(_("“%(value)s” is not a date; write it as 2024-05-31.") % {"value": text})


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    text = unicodedata.normalize("NFKC", str(value) if not isinstance(value, float) else repr(value))
    text = "".join(text.split()).replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": _text(value)}) from None
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": _text(value)})
    if number < 0:
        raise ValidationError(_("The number must be 0 or more; it is %(value)s.") % {"value": _text(value)})
    return number


def _capital(value: Any) -> Decimal | None:
    number = _number(value)
    if number is None:
        return None
    if number >= _MAX_CAPITAL:
        raise ValidationError(_("The registered capital is in 10,000 yuan and must be below 10¹²."))
    return number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _count(value: Any) -> int | None:
    number = _number(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number > 2_147_483_647:
        raise ValidationError(_("The number of employees must be a whole number; it is %(value)s.")
                              % {"value": _text(value)})
    return int(number)


def _choice(mapping: dict[str, str], allowed: str) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        text = "".join(unicodedata.normalize("NFKC", _text(value)).split()).casefold()
        if text in mapping:
            return mapping[text]
        raise ValidationError(_("“%(value)s” is not allowed here; use one of: %(allowed)s.")
                              % {"value": _text(value), "allowed": allowed})

    return clean


def _optional(clean: Callable[[Any], str], empty: str) -> Callable[[Any], str]:
    return lambda value: clean(value) if _text(value) else empty


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = "".join(unicodedata.normalize("NFKC", _text(value)).split()).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationError(_("Write 是 (yes) or 否 (no); “%(value)s” is neither.") % {"value": _text(value)})


class _Lookups:
    """The district's subdistricts and the industry divisions, by every name a roster uses for them."""

    def __init__(self, district_id: int) -> None:
        subdistricts = list(Subdistrict.objects.filter(district_id=district_id))
        self.subdistrict_names = [s.name for s in subdistricts]
        self.subdistricts: dict[str, int] = {}
        for subdistrict in subdistricts:
            key = "".join(subdistrict.name.split())
            short = re.sub(r"(街道|镇|乡)$", "", key)
            self.subdistricts.setdefault(short, subdistrict.pk)
            self.subdistricts[key] = subdistrict.pk
        divisions: list[IndustryDivision] = reference().divisions
        self.division_codes = {d.code: d for d in divisions}
        self.division_names = {"".join(d.name.split()): d.code for d in divisions}

    def subdistrict(self, value: Any) -> int | None:
        text = "".join(unicodedata.normalize("NFKC", _text(value)).split())
        if not text:
            return None
        found = self.subdistricts.get(text)
        if found is None:
            raise ValidationError(
                _("“%(value)s” is not a subdistrict of this district; use one of: %(allowed)s.")
                % {"value": text, "allowed": "、".join(self.subdistrict_names[:30]) or "—"})
        return found

    def industry(self, value: Any) -> str | None:
        text = unicodedata.normalize("NFKC", _text(value)).strip()
        if not text:
            return None
        match = _INDUSTRY.match(text)
        if match is None:
            code = self.division_names.get("".join(text.split()))
            if code is None:
                raise ValidationError(_("“%(value)s” is not an industry division of GB/T 4754-2017; write "
                                        "its two-digit code, e.g. 65, or its exact name.") % {"value": text})
            return code
        code, name = match.group(2).zfill(2), "".join(match.group(3).split())
        division = self.division_codes.get(code)
        if division is None:
            raise ValidationError(_("%(code)s is not a division code of GB/T 4754-2017 (01–97).")
                                  % {"code": code})
        if name and name != "".join(division.name.split()):
            raise ValidationError(
                _("The industry code %(code)s is “%(name)s”, not “%(value)s”; correct the code or the name.")
                % {"code": code, "name": division.name, "value": name})
        return code


# --- Parsing a row ---------------------------------------------------------------------------


@dataclass
class ParsedRow:
    number: int
    values: tuple[Any, ...]
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


_ALWAYS_READ = frozenset({"name", "credit_code"})


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Columns with few distinct values in a roster: each value is cleaned once per file.
_FEW_VALUES = frozenset({"subdistrict_id", "industry_id", "size", "is_high_tech", "is_specialised", "is_member",
                         "status", "established_on", "member_since"})
_MEMO_SIZE = 50_000


def _memoised(clean: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``clean`` remembering its answers (and its refusals) for up to _MEMO_SIZE distinct cells."""
    answers: dict[tuple[type, Any], tuple[Any, ValidationError | None]] = {}

    def cached(value: Any) -> Any:
        key = (type(value), value)
        answer = answers.get(key)
        if answer is None:
            try:
                answer = (clean(value), None)
            except ValidationError as error:
                answer = (None, error)
            if len(answers) < _MEMO_SIZE:
                answers[key] = answer
        if answer[1] is not None:
            raise answer[1]
        return answer[0]

    return cached


class RowParser:
    """Turns the cells of one row into Enterprise field values, or into errors naming the column."""

    def __init__(self, positions: dict[str, int], headers: dict[str, str], lookups: _Lookups) -> None:
        self.positions = positions
        self.headers = headers
        self.seen_codes: dict[str, int] = {}
        cleaners: dict[str, Callable[[Any], Any]] = {
            "name": _name,
            "credit_code": _credit_code,
            "subdistrict_id": lookups.subdistrict,
            "industry_id": lookups.industry,
            "legal_representative": _limited(50),
            "phone": _phone,
            "established_on": _date,
            "registered_capital": _capital,
            "size": _optional(_choice(_SIZES, "大型、中型、小型、微型"), ""),
            "employees": _count,
            "is_high_tech": _flag,
            "is_specialised": _flag,
            "is_member": _flag,
            "member_since": _date,
            "address": _limited(200),
            "status": _optional(_choice(_STATUSES, "存续、注销"), Enterprise.Status.ACTIVE),
        }
        self.cleaners = {key: _memoised(cleaners[key]) if key in _FEW_VALUES else cleaners[key]
                         for key in positions}

    def parse(self, number: int, values: tuple[Any, ...]) -> ParsedRow:
        row = ParsedRow(number, values)
        for key, clean in self.cleaners.items():
            position = self.positions[key]
            raw = values[position] if position < len(values) else None
            if key not in _ALWAYS_READ and _is_blank(raw):
                # An empty cell never erases what the directory knows (a new enterprise gets the default).
                continue
            try:
                row.data[key] = clean(raw)
            except ValidationError as error:
                row.errors.append(RowError(number, self.headers[key], " ".join(error.messages)))
        self._check_member_since(row)
        self._check_duplicate(row)
        return row

    def _check_member_since(self, row: ParsedRow) -> None:
        if row.data.get("member_since") and not row.data.get("is_member"):
            row.errors.append(RowError(row.number, self.headers["member_since"], _(
                "Only an FIC member has a member-since date; write 是 under 工商联会员 or clear the date.")))

    def _check_duplicate(self, row: ParsedRow) -> None:
        code = row.data.get("credit_code")
        if not code:
            return
        first = self.seen_codes.setdefault(code, row.number)
        if first != row.number:
            row.errors.append(RowError(row.number, self.headers["credit_code"], _(
                "This credit code is already on row %(row)d of this file; each enterprise may appear once.")
                % {"row": first}))


# --- Reading the workbook --------------------------------------------------------------------


@contextmanager
def read_sheet(source: IO[bytes]) -> Iterator[workbook_reader.Sheet]:
    """The roster's sheet, once the archive's central directory shows that it does not expand past
    the limits (core/archives.py); ImportFileError for a file that cannot be imported at all."""
    try:
        archives.check_zip(source)
    except archives.ArchiveTooLarge as error:
        raise ImportFileError(str(error)) from None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ImportFileError(str(workbook_reader.not_a_workbook())) from None
    try:
        with workbook_reader.first_sheet(source) as sheet:
            yield sheet
    except workbook_reader.UnreadableWorkbook as error:
        raise ImportFileError(str(error)) from None


def _is_empty(values: tuple[Any, ...]) -> bool:
    return all(_is_blank(value) for value in values)


@dataclass
class Header:
    number: int
    values: tuple[Any, ...]
    positions: dict[str, int]
    headers: dict[str, str]


def _match_header(number: int, values: tuple[Any, ...]) -> Header:
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for position, raw in enumerate(values):
        column = _HEADER_LOOKUP.get(normalise_header(raw)) if raw is not None else None
        if column is None:
            continue
        if column.key in positions:
            raise ImportFileError(
                _("The columns “%(first)s” and “%(second)s” both hold %(column)s; keep one.")
                % {"first": headers[column.key], "second": _text(raw), "column": column.header})
        positions[column.key] = position
        headers[column.key] = _text(raw)
    return Header(number, values, positions, headers)


def find_header(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> Header:
    """The header row (the first with at least two known column names), or ImportFileError."""
    first: Header | None = None
    seen = 0
    for number, values in rows:
        if _is_empty(values):
            continue
        header = _match_header(number, values)
        first = first or header
        if len(header.positions) >= 2:
            _require_columns(header)
            return header
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise ImportFileError(_("The first sheet of the workbook is empty."))
    raise ImportFileError(_("No header row was found: the first row must hold the column names, such as "
                            "%(names)s. Download the template to see them.") % {"names": _required_names()})


def _require_columns(header: Header) -> None:
    missing = [column.header for column in COLUMNS if column.required and column.key not in header.positions]
    if missing:
        raise ImportFileError(_("Required column missing: %(columns)s. The header row must have these "
                                "columns: %(required)s.") % {"columns": "、".join(missing),
                                                             "required": _required_names()})


def _required_names() -> str:
    return "、".join(column.header for column in COLUMNS if column.required)


# --- The error workbook ----------------------------------------------------------------------


class ErrorWorkbook:
    """The rejected rows as they were, with 原行号 and 错误说明 added, written as they come (write-only)."""

    def __init__(self, header: Header) -> None:
        self.width = max(len(header.values), 1)
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet("错误行")
        self.sheet.freeze_panes = "A2"
        safe_append(self.sheet, [_text(value) for value in header.values[:self.width]]
                    + [ROW_NUMBER_HEADER, ERROR_HEADER])

    def add(self, row: ParsedRow) -> None:
        values = list(row.values[:self.width]) + [None] * (self.width - len(row.values))
        explanation = "；".join(f"【{e.column}】{e.message}" if e.column else e.message for e in row.errors)
        safe_append(self.sheet, [*values, row.number, explanation])

    def save_to(self, job: ImportJob) -> None:
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            self.workbook.save(handle)
            handle.seek(0)
            job.error_file.save("errors.xlsx", File(handle), save=False)


# --- Running a job ---------------------------------------------------------------------------


def create_job(*, upload: UploadedFile, user: Any, language: str = "") -> ImportJob:
    """Store the upload under MEDIA_ROOT/imports/ and queue nothing yet (tasks.import_enterprises does)."""
    digest = hashlib.sha256()
    for piece in upload.chunks():
        digest.update(piece)
    upload.seek(0)
    job = ImportJob(user=user, district_id=user.district_id, original_name=(upload.name or "")[:255],
                    size=upload.size or 0, sha256=digest.hexdigest(), language=language)
    job.file.save("upload.xlsx", upload, save=False)
    job.save()
    return job


def run_import(job_id: int) -> None:
    """Import the file of a queued job. A job already taken (a retried or doubled task) is left alone."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        Importer(job).run()


# A chunk takes about a second; a job silent for this long lost its worker (a crash, a restart).
STALL_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3


def stalled_jobs() -> list[int]:
    """Jobs whose worker was lost: running without progress, or queued long ago and never taken."""
    cutoff = timezone.now() - STALL_AFTER
    running = Q(status=ImportJob.Status.RUNNING, heartbeat_at__lt=cutoff)
    never_taken = Q(status=ImportJob.Status.QUEUED, created_at__lt=cutoff)
    return list(ImportJob.objects.filter(running | never_taken).values_list("pk", flat=True))


def requeue_stalled(job_id: int) -> bool:
    """Put a stalled job back in the queue (importing is idempotent, so it starts over safely), or fail
    it after MAX_ATTEMPTS. True when the job should be enqueued again."""
    cutoff = timezone.now() - STALL_AFTER
    stalled = ImportJob.objects.filter(pk=job_id).filter(
        Q(status=ImportJob.Status.RUNNING, heartbeat_at__lt=cutoff)
        | Q(status=ImportJob.Status.QUEUED, created_at__lt=cutoff))
    if stalled.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=ImportJob.Status.FAILED, finished_at=timezone.now(),
            error_message=_("The import was interrupted %(count)d times (the background worker stopped); "
                            "the rows imported so far are kept. Upload the file again to finish it.")
            % {"count": MAX_ATTEMPTS}):
        return False
    return bool(stalled.update(status=ImportJob.Status.QUEUED, heartbeat_at=None, rows_done=0,
                               created_count=0, updated_count=0, unchanged_count=0, error_count=0,
                               row_errors=[]))


class Importer:
    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.errors_shown: list[dict[str, Any]] = []
        self.error_book: ErrorWorkbook | None = None
        self.counts = {"rows_done": 0, "created_count": 0, "updated_count": 0, "unchanged_count": 0,
                       "error_count": 0}

    def run(self) -> None:
        status, message = ImportJob.Status.DONE, ""
        try:
            with self.job.file.open("rb") as source, read_sheet(source) as sheet:
                self._import(sheet)
        except ImportFileError as error:
            status, message = ImportJob.Status.FAILED, str(error)
        except Exception:
            logger.exception("import job %s failed", self.job.pk)
            status = ImportJob.Status.FAILED
            message = _("The import stopped because of an unexpected error after %(rows)d rows; the rows "
                        "before were imported. Try again, or tell the system administrator.") % {
                "rows": self.counts["rows_done"]}
        self._finish(status, message)

    def _import(self, sheet: workbook_reader.Sheet) -> None:
        rows = sheet.rows
        header = find_header(rows)
        self._save_progress(rows_estimated=max(sheet.estimated_rows - header.number, 0))
        parser = RowParser(header.positions, header.headers, _Lookups(self.job.district_id))
        chunk: list[ParsedRow] = []
        for number, values in rows:
            if _is_empty(values):
                self.counts["rows_done"] += 1
                continue
            chunk.append(parser.parse(number, values))
            if len(chunk) >= CHUNK_SIZE:
                self._write_chunk(chunk, header)
                chunk = []
        if chunk:
            self._write_chunk(chunk, header)

    def _write_chunk(self, chunk: list[ParsedRow], header: Header) -> None:
        ChunkWriter(self.job.district_id, header).write([row for row in chunk if not row.errors])
        for row in chunk:
            if row.errors:
                self._reject(row, header)
            else:
                self.counts[f"{row.data['_outcome']}_count"] += 1
        self.counts["rows_done"] += len(chunk)
        self._save_progress(**({"row_errors": self.errors_shown} if self.errors_shown else {}))

    def _reject(self, row: ParsedRow, header: Header) -> None:
        self.counts["error_count"] += 1
        if self.error_book is None:
            self.error_book = ErrorWorkbook(header)
        self.error_book.add(row)
        for error in row.errors:
            if len(self.errors_shown) < ERRORS_SHOWN:
                self.errors_shown.append(error.as_dict())

    def _save_progress(self, **extra: Any) -> None:
        extra["heartbeat_at"] = timezone.now()
        ImportJob.objects.filter(pk=self.job.pk).update(**self.counts, **extra)
        for name, value in {**self.counts, **extra}.items():
            setattr(self.job, name, value)

    def _finish(self, status: str, message: str) -> None:
        job = self.job
        if self.error_book is not None:
            try:
                self.error_book.save_to(job)
            except OSError:
                logger.exception("import job %s: the error workbook could not be saved", job.pk)
        for name, value in self.counts.items():
            setattr(job, name, value)
        job.row_errors = self.errors_shown
        job.status, job.error_message, job.finished_at = status, message, timezone.now()
        with transaction.atomic():
            job.save(update_fields=[*self.counts, "row_errors", "status", "error_message", "finished_at",
                                    "error_file"])
            record(Action.IMPORT, actor=job.user, target=job,
                   summary=f"导入企业名录 {job.original_name}：新建 {job.created_count}，"
                           f"更新 {job.updated_count}，未变 {job.unchanged_count}，错误 {job.error_count}",
                   data={"file": job.original_name, "sha256": job.sha256, "size": job.size, "status": status,
                         "rows": job.rows_done, "created": job.created_count, "updated": job.updated_count,
                         "unchanged": job.unchanged_count, "errors": job.error_count,
                         "message": message})


# A row to update: the parsed row, the enterprise's current values, the values that change.
Update = tuple[ParsedRow, dict[str, Any], dict[str, Any]]


class ChunkWriter:
    """Writes the valid rows of one chunk: one query to read, bulk writes in one transaction.

    The chunk's enterprises are read as plain values (no model instances) and compared with the rows;
    new rows are written with COPY on PostgreSQL (bulk_create elsewhere) and changed rows with one
    UPDATE … FROM (VALUES …) of the changed columns (bulk_update elsewhere). Each row's outcome
    is left in ``row.data["_outcome"]`` (created, updated, unchanged) or, when it cannot be written
    (another district's enterprise, or the database refuses it), in ``row.errors``.
    """

    def __init__(self, district_id: int, header: Header) -> None:
        self.district_id = district_id
        self.header = header
        self.fields = [key for key in header.positions if key != "credit_code"]
        if "is_member" in self.fields and "member_since" not in self.fields:
            self.fields.append("member_since")  # a member who leaves loses the date (see _values)

    def write(self, rows: list[ParsedRow]) -> None:
        if not rows:
            return
        existing = {values["credit_code"]: values for values in Enterprise.objects.filter(
            credit_code__in=[row.data["credit_code"] for row in rows]).values("id", "district_id", "credit_code",
                                                                            *self.fields)}
        creates: list[tuple[ParsedRow, Enterprise]] = []
        updates: list[Update] = []  # rows whose values differ from the database
        changed_fields: set[str] = set()
        for row in rows:
            current = existing.get(row.data["credit_code"])
            if current is None:
                creates.append((row, self._new(row)))
            elif current["district_id"] != self.district_id:
                row.errors.append(RowError(row.number, self.header.headers["credit_code"], _(
                    "An enterprise of another district already has this credit code; it was not changed. "
                    "Ask that district's FIC if the enterprise has moved.")))
            elif changed := self._changes(row, current):
                changed_fields.update(changed)
                updates.append((row, current, changed))
            else:
                row.data["_outcome"] = "unchanged"
        # Only the columns that changed somewhere in the chunk are written.
        fields = sorted(changed_fields)
        try:
            with transaction.atomic():
                self._insert([enterprise for _row, enterprise in creates])
                if updates:
                    self._update(updates, fields)
        except DatabaseError:
            # Someone wrote one of these enterprises meanwhile, or a row breaks a database rule: write the
            # rows one by one so that only the offending ones are rejected.
            self._write_one_by_one(creates, updates)
            return
        for row, _enterprise in creates:
            row.data["_outcome"] = "created"
        for row, _current, _changed in updates:
            row.data["_outcome"] = "updated"

    def _values(self, row: ParsedRow) -> dict[str, Any]:
        values = {key: value for key, value in row.data.items() if not key.startswith("_")}
        if values.get("is_member") is False and "member_since" not in values:
            values["member_since"] = None
        return values

    def _new(self, row: ParsedRow) -> Enterprise:
        return Enterprise(district_id=self.district_id, **self._values(row))

    def _changes(self, row: ParsedRow, current: dict[str, Any]) -> dict[str, Any]:
        """The row's values that differ from the enterprise's ``current`` ones."""
        return {key: value for key, value in self._values(row).items()
                if key != "credit_code" and current[key] != value}

    @staticmethod
    def _insert(enterprises: list[Enterprise]) -> None:
        if not enterprises:
            return
        if connection.vendor != "postgresql":
            Enterprise.objects.bulk_create(enterprises, batch_size=CHUNK_SIZE)
            return
        now = timezone.now()
        fields = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        # The raw psycopg cursor's COPY, with its errors turned into Django's (DatabaseError).
        with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {Enterprise._meta.db_table} ({columns}) FROM STDIN") as copy:
            for enterprise in enterprises:
                enterprise.created_at = enterprise.updated_at = now
                copy.write_row([getattr(enterprise, f.attname) for f in fields])

    def _update(self, updates: list[Update], fields: list[str]) -> None:
        now = timezone.now()
        if connection.vendor != "postgresql":
            # bulk_update writes every listed field of every instance: a field the row leaves alone
            # keeps the value just read.
            enterprises = [Enterprise(pk=current["id"], updated_at=now,
                                      **{**{key: current[key] for key in fields}, **changed})
                           for _row, current, changed in updates]
            Enterprise.objects.bulk_update(enterprises, [*fields, "updated_at"], batch_size=CHUNK_SIZE)
            return
        table = Enterprise._meta.db_table
        model_fields = [Enterprise._meta.get_field(key) for key in fields]
        quoted = [connection.ops.quote_name(field.column) for field in model_fields]
        # A row that leaves a column of the chunk alone sends NULL for it and a flag saying "keep it".
        keeps = [f"keep_{index}" for index in range(len(fields))]
        casts = ["bigint", *(field.db_type(connection) for field in model_fields), *(["boolean"] * len(fields))]
        row_sql = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
        params: list[Any] = []
        for _row, current, changed in updates:
            params += [current["id"], *(changed.get(key) for key in fields), *(key not in changed for key in fields)]
        assignments = ", ".join(f"{column} = CASE WHEN v.{keep} THEN e.{column} ELSE v.{column} END"
                                for column, keep in zip(quoted, keeps, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} AS e SET {assignments}, updated_at = %s "
                           f"FROM (VALUES {', '.join([row_sql] * len(updates))}) AS v(id, {', '.join(quoted)}, "
                           f"{', '.join(keeps)}) WHERE e.id = v.id", [now, *params])

    def _write_one_by_one(self, creates: list[tuple[ParsedRow, Enterprise]], updates: list[Update]) -> None:
        now = timezone.now()
        for row, _enterprise in creates:
            try:
                with transaction.atomic():
                    self._new(row).save(force_insert=True)
            except DatabaseError as error:
                row.errors.append(RowError(row.number, "", _("The row could not be saved: %(reason)s")
                                           % {"reason": _database_reason(error)}))
                continue
            row.data["_outcome"] = "created"
        for row, current, changed in updates:
            try:
                with transaction.atomic():
                    Enterprise.objects.filter(pk=current["id"]).update(**changed, updated_at=now)
            except DatabaseError as error:
                row.errors.append(RowError(row.number, "", _("The row could not be saved: %(reason)s")
                                           % {"reason": _database_reason(error)}))
                continue
            row.data["_outcome"] = "updated"


def _database_reason(error: DatabaseError) -> str:
    text = str(error)
    if "credit_code" in text or "unique" in text.lower():
        return _("another enterprise with this credit code was saved at the same time; import the row again.")
    return text[:200]


# --- The template ----------------------------------------------------------------------------


def template_workbook(target: IO[bytes], subdistrict_names: list[str]) -> None:
    """The empty roster with its headers, one example row and a sheet that explains each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业名录"
    safe_append(sheet, [column.header for column in COLUMNS])
    safe_append(sheet, ["上海示例科技有限公司", credit_code.complete("91310107MA1G00000"),
                  subdistrict_names[0] if subdistrict_names else "长寿路街道", "65 软件和信息技术服务业",
                  "张三",
                  "13800000000", date(2018, 5, 20), 500, "小型", 35, "是", "否", "是", date(2021, 3, 1),
                  "上海市普陀区示例路 1 号", "存续"])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
    for cell in (sheet["G2"], sheet["N2"]):
        cell.number_format = "yyyy-mm-dd"
    notes = workbook.create_sheet("填写说明")
    safe_append(notes, ["列名", "必填列", "说明（空白单元格不会覆盖名录中已有的信息）"])
    for column in COLUMNS:
        safe_append(notes, [column.header, "是" if column.required else "否", _COLUMN_NOTES[column.key]])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 90
    workbook.save(target)


# Data-format instructions for the person filling the roster: Chinese content, like the headers.
_COLUMN_NOTES = {
    "name": "企业全称，必填",
    "credit_code": "18 位统一社会信用代码，必填；同一文件中每家企业只出现一次。已存在的企业按此代码更新",
    "subdistrict_id": "本区的街道/镇名称",
    "industry_id": "国民经济行业分类（GB/T 4754-2017）大类：两位代码（如 65）、"
                   "名称（如 软件和信息技术服务业）或两者",
    "legal_representative": "姓名",
    "phone": "手机或座机号码",
    "established_on": "日期，如 2018-05-20",
    "registered_capital": "单位：万元，不小于 0",
    "size": "大型、中型、小型或微型",
    "employees": "整数，不小于 0",
    "is_high_tech": "是 或 否",
    "is_specialised": "是 或 否",
    "is_member": "是 或 否",
    "member_since": "日期；仅工商联会员填写",
    "address": "注册或经营地址",
    "status": "存续 或 注销；新企业空白为存续",
}
