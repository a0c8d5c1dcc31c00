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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils.datetime import from_excel

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import archives, jobs, money, workbook_reader
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
# Columns the export writes and a roster may carry, but an import never writes: FIC membership is kept by
# the membership module, the only writer of Enterprise.is_member / member_since (a member joins with a
# date and a category, and leaves with one). An import ignores them, so an exported list imports unchanged.
READ_ONLY = frozenset({"is_member", "member_since"})
SIZE_LABELS = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
STATUS_LABELS = {"active": "存续", "deregistered": "注销"}
_SIZES = {"大型": "large", "中型": "medium", "小型": "small", "微型": "micro",
          "大": "large", "中": "medium", "小": "small", "微": "micro", **{v: v for v in SIZE_LABELS}}
_STATUSES = {"存续": "active", "在业": "active", "在营": "active", "开业": "active", "正常": "active",
             "注销": "deregistered", "active": "active", "deregistered": "deregistered"}
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "✗", "无", ""}
# Phone numbers as offices write them, after spaces, hyphens and brackets are dropped: a mainland mobile
# (11 digits from 13…19), a landline with its area code (0 + 2–3 digits, then 7–8 digits), a local
# landline without it (7–8 digits), a 400/800 service number; an extension after 转/ext/#.
_PHONE_SEPARATORS = re.compile(r"[/、,，;；]|\s{2,}")
_PHONE_NOISE = str.maketrans("", "", " -‐‑–—()（）")
_PHONE_NUMBER = re.compile(r"^(?:(?:\+?86)?1[3-9]\d{9}|(?:\+?86)?0\d{2,3}\d{7,8}|[2-9]\d{6,7}|[48]00\d{7})"
                           r"(?:(?:转|ext\.?|x|#)\d{1,6})?$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# A division code (two digits; the first two of a group or class code of three or four), with its
# section letter before it and its name after it, each optional: 65, I65, I 65 软件…, 6513.
_INDUSTRY = re.compile(r"^([A-Ta-t])?\s*(\d{1,2}(?!\d)|\d{3,4}(?!\d))\s*(\D.*)?$")
_SECTION = re.compile(r"^([A-Ta-t])(\D*)$")
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


class CellWarning(Exception):
    """A value that is not imported while the rest of its row is: the row is imported with a warning."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _credit_code(value: Any) -> str:
    return credit_code.validate(_text(value))


def _invisible_characters(value: Any) -> int:
    """How many invisible characters (zero-width spaces, byte-order marks …) a cell holds."""
    return sum(1 for char in value if unicodedata.category(char) == "Cf") if isinstance(value, str) else 0


def _phone(value: Any) -> str:
    """The phone number(s) as written, once each is a mainland mobile or landline number; a wrong one is a
    warning (CellWarning): the row is imported without it."""
    text = _text(value)
    if len(text) > 30:
        raise CellWarning(_("At most 30 characters fit in the phone number; this has %(count)d. The phone number "
                            "was not imported.") % {"count": len(text)})
    for part in _PHONE_SEPARATORS.split(unicodedata.normalize("NFKC", text)):
        digits = part.translate(_PHONE_NOISE)
        if digits and not _PHONE_NUMBER.match(digits):
            raise CellWarning(_("“%(value)s” is not a mainland mobile (11 digits from 13…) or landline number "
                                "(such as 021-61234567); the phone number was not imported.") % {"value": part.strip()})
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
            parsed = date(*(int(part) for part in match.groups()[:3]))
        except ValueError:
            parsed = None
        if parsed and date(1900, 1, 1) <= parsed <= date(2100, 12, 31):
            return parsed
    raise ValidationError(_("“%(value)s” is not a date; write it as 2024-05-31, 2024/5/31 or 2024年5月31日.")
                          % {"value": text})


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


_CAPITAL_UNITS = ("万元", "万")


def _capital(value: Any) -> Decimal | None:
    """Registered capital in 万元, read by the platform's one money reader (500, 500万, 500万元, ５００,
    1,200.5); an amount in 元 or 亿 is refused with the conversion, never guessed."""
    label = _("Registered capital")
    if isinstance(value, str):
        text = "".join(unicodedata.normalize("NFKC", value).split())
        if text.endswith(("亿", "亿元")):
            raise ValidationError(_("The registered capital is written in 亿; write it in 万元 (1亿元 = 10000万元)."))
        if (text.endswith("元") and not text.endswith("万元")) or text.endswith(("美元", "港元", "欧元")):
            raise ValidationError(_("The registered capital is in 万元 (10,000 yuan); “%(value)s” is in another "
                                    "unit. Convert it: 5000000元 is 500万元.") % {"value": text})
    try:
        number = money.read_decimal(value, label, required=False, suffixes=_CAPITAL_UNITS)
    except money.NumberError as error:
        raise ValidationError(error.message) from None
    if number is None:
        return None
    if number < 0:
        raise ValidationError(_("The number must be 0 or more; it is %(value)s.") % {"value": _text(value)})
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
        ref = reference()
        divisions: list[IndustryDivision] = ref.divisions
        self.division_codes = {d.code: d for d in divisions}
        self.division_names = {"".join(d.name.split()): d.code for d in divisions}
        self.sections = {section.code: section for section in ref.sections}
        self.section_names = {"".join(section.name.split()): section.code for section in ref.sections}

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

    def industry(self, value: Any) -> Industry | None:
        """A division (大类) by its code, name or both, with or without its section letter ("I65"); or,
        when the roster names only a section (门类: "I", "制造业", "C 制造业"), the section alone."""
        text = unicodedata.normalize("NFKC", _text(value)).strip()
        if not text:
            return None
        match = _INDUSTRY.match(text)
        if match is None:
            return self._industry_by_name(text)
        letter, code = (match.group(1) or "").upper(), match.group(2)[:2].zfill(2)
        name = "".join((match.group(3) or "").split())
        division = self.division_codes.get(code)
        if division is None:
            raise ValidationError(_("%(code)s is not a division code of GB/T 4754-2017 (01–97).")
                                  % {"code": code})
        if letter and letter != division.section_id:
            section = self.sections[division.section_id]
            raise ValidationError(
                _("The section %(letter)s and the division %(code)s (%(name)s, in section %(section)s) do not agree; "
                  "correct the letter or the code.")
                % {"letter": letter, "code": code, "name": division.name, "section": f"{section.code} {section.name}"})
        if name and name != "".join(division.name.split()):
            raise ValidationError(
                _("The industry code %(code)s is “%(name)s”, not “%(value)s”; correct the code or the name.")
                % {"code": code, "name": division.name, "value": name})
        return Industry(division=code, section=None)

    def _industry_by_name(self, text: str) -> Industry:
        compact = "".join(text.split())
        if code := self.division_names.get(compact):
            return Industry(division=code, section=None)
        if code := self.section_names.get(compact):
            return Industry(division=None, section=code)
        letter = _SECTION.match(compact)
        if letter and letter.group(1).upper() in self.sections:
            section = self.sections[letter.group(1).upper()]
            if letter.group(2) and letter.group(2) != "".join(section.name.split()):
                raise ValidationError(
                    _("The industry section %(code)s is “%(name)s”, not “%(value)s”; correct the letter or the name.")
                    % {"code": section.code, "name": section.name, "value": letter.group(2)})
            return Industry(division=None, section=section.code)
        raise ValidationError(_("“%(value)s” is not an industry of GB/T 4754-2017; write a division's two-digit "
                                "code (e.g. 65), a section letter (e.g. I) or the exact name of either.")
                              % {"value": text})


# --- Parsing a row ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Industry:
    """The industry of a row: a division, or (when the roster names none) a section."""

    division: str | None
    section: str | None


@dataclass
class ParsedRow:
    number: int
    values: tuple[Any, ...]
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


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
                         for key in positions if key not in READ_ONLY}

    def parse(self, number: int, values: tuple[Any, ...]) -> ParsedRow:
        row = ParsedRow(number, values)
        for key, clean in self.cleaners.items():
            position = self.positions[key]
            raw = values[position] if position < len(values) else None
            if key not in _ALWAYS_READ and _is_blank(raw):
                # An empty cell never erases what the directory knows (a new enterprise gets the default).
                continue
            try:
                value = clean(raw)
            except ValidationError as error:
                row.errors.append(RowError(number, self.headers[key], " ".join(error.messages)))
                continue
            except CellWarning as warning:
                row.warnings.append(RowError(number, self.headers[key], warning.message))
                continue
            if key == "industry_id":
                row.data["industry_id"], row.data["industry_section_id"] = value.division, value.section
            else:
                row.data[key] = value
        if "credit_code" in row.data and (hidden := _invisible_characters(values[self.positions["credit_code"]])):
            row.warnings.append(RowError(number, self.headers["credit_code"], _(
                "The credit code held %(count)d invisible character(s) (a zero-width space or a byte-order mark, "
                "copied from a web page or another program); they were removed.") % {"count": hidden}))
        return row


# --- The same enterprise twice in one file ---------------------------------------------------

# The row values that can be compared between two rows of one enterprise, as bits of a mask.
_COMPARED = (*(column.key for column in COLUMNS if column.key != "credit_code"), "industry_section_id")
_BIT = {key: 1 << index for index, key in enumerate(_COMPARED)}


def given_mask(row: ParsedRow) -> int:
    """The columns a row gives a value for, as a bit mask over _COMPARED."""
    return sum(_BIT[key] for key in row.data if key in _BIT)


def first_seen(packed: int) -> tuple[int, int]:
    """(first row, mask of its columns) from the int the importer keeps per enterprise."""
    return packed >> len(_COMPARED), packed & ((1 << len(_COMPARED)) - 1)


def masked_keys(mask: int) -> list[str]:
    return [key for key in _COMPARED if mask & _BIT[key]]


def differing_columns(row: ParsedRow, known: Mapping[str, Any], given: Iterable[str]) -> list[str]:
    """The compared columns among ``given`` (those the first row of the enterprise gave) that ``row`` gives
    differently from ``known`` (the first row's values, or what it wrote to the database)."""
    return [key for key in given if key in _BIT and key in row.data and known[key] != row.data[key]]


def contradiction(row: ParsedRow, first: int, keys: list[str], headers: dict[str, str]) -> RowError:
    columns = "".join(f"【{headers.get(key, headers.get('industry_id', key))}】" for key in keys)
    return RowError(row.number, headers["credit_code"], _(
        "Row %(row)d has the same credit code (the same enterprise) but a different %(columns)s; correct one of "
        "the two rows, or delete one.") % {"row": first, "columns": columns})


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


RESULT_HEADER = "导入结果"
WARNING_HEADER = "警告说明"


def _explained(problems: list[RowError]) -> str:
    return "；".join(f"【{e.column}】{e.message}" if e.column else e.message for e in problems)


class ErrorWorkbook:
    """The rows that were rejected or imported with a warning, as they were, with 原行号, 导入结果,
    错误说明 and 警告说明 added, written as they come (write-only). The person corrects the rows and
    imports the workbook again as it is: the added columns are not roster columns and are ignored."""

    def __init__(self, header: Header) -> None:
        self.width = max(len(header.values), 1)
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet("错误和警告")
        self.sheet.freeze_panes = "A2"
        safe_append(self.sheet, [_text(value) for value in header.values[:self.width]]
                    + [ROW_NUMBER_HEADER, RESULT_HEADER, ERROR_HEADER, WARNING_HEADER])

    def add(self, row: ParsedRow) -> None:
        values = list(row.values[:self.width]) + [None] * (self.width - len(row.values))
        result = "未导入" if row.errors else "已导入（有警告）"
        safe_append(self.sheet, [*values, row.number, result, _explained(row.errors), _explained(row.warnings)])

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
    job = jobs.claim(ImportJob, job_id)
    if job is None:
        return
    with translation.override(job.language or settings.LANGUAGE_CODE):
        Importer(job).run()


MAX_ATTEMPTS = jobs.MAX_ATTEMPTS


def stalled_jobs() -> list[int]:
    """Jobs whose worker was lost: running without progress, or queued long ago and never taken."""
    return jobs.stalled_jobs(ImportJob)


def requeue_stalled(job_id: int) -> bool:
    """Put a stalled job back in the queue (importing is idempotent, so it starts over safely), or fail
    it after MAX_ATTEMPTS. True when the job should be enqueued again."""
    return bool(jobs.requeue_stalled(
        ImportJob, job_id, failure=_(
            "The import was interrupted %(count)d times (the background worker stopped); the rows imported so "
            "far are kept. Upload the file again to finish it.") % {"count": MAX_ATTEMPTS},
        created_count=0, updated_count=0, unchanged_count=0, merged_count=0, error_count=0, warning_count=0,
        row_errors=[], row_warnings=[]))


class Importer:
    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.errors_shown: list[dict[str, Any]] = []
        self.warnings_shown: list[dict[str, Any]] = []
        self.error_book: ErrorWorkbook | None = None
        self.counts = {"rows_done": 0, "created_count": 0, "updated_count": 0, "unchanged_count": 0,
                       "merged_count": 0, "error_count": 0, "warning_count": 0}
        # Each enterprise imported so far: its first row and the columns given for it, packed into one int
        # (first_seen). This grows with the file: about 130 bytes a row.
        self.seen: dict[str, int] = {}

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
        self.writer = ChunkWriter(self.job.district_id, header)
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
        writing = self._merge_repeats([row for row in chunk if not row.errors], header)
        self.writer.write(writing)
        for row in writing:
            code = row.data["credit_code"]
            if not row.errors and code not in self.seen:
                self.seen[code] = row.number << len(_COMPARED) | given_mask(row)
        for row in chunk:
            first = row.data.get("_merged_into")
            if first is not None and first.errors:
                row.errors.append(RowError(row.number, "", _(
                    "This row repeats row %(row)d, which could not be imported; import it again.")
                    % {"row": first.number}))
            if row.errors:
                self._reject(row, header)
            else:
                self.counts[f"{row.data['_outcome']}_count"] += 1
                if row.warnings:
                    self._warn(row, header)
        self.counts["rows_done"] += len(chunk)
        extra: dict[str, Any] = {"row_errors": self.errors_shown} if self.errors_shown else {}
        if self.warnings_shown:
            extra["row_warnings"] = self.warnings_shown
        self._save_progress(**extra)

    def _merge_repeats(self, rows: list[ParsedRow], header: Header) -> list[ParsedRow]:
        """The rows to write, once each enterprise repeated within the chunk is merged into its first row.

        A repeated row that agrees with the first (no column with two different values) is merged: its
        other columns are added to the first row's and it is counted as merged. One that contradicts it
        is rejected naming the first row. A repeat of a row of an earlier chunk is compared with what
        that row wrote by the ChunkWriter (``_first``).
        """
        firsts: dict[str, ParsedRow] = {}
        writing = []
        for row in rows:
            code = row.data["credit_code"]
            first = firsts.get(code)
            if first is None:
                firsts[code] = row
                if code in self.seen:
                    row.data["_first"] = first_seen(self.seen[code])
                writing.append(row)
                continue
            if differing := differing_columns(row, first.data, first.data.keys()):
                row.errors.append(contradiction(row, first.number, differing, header.headers))
                continue
            for key, value in row.data.items():
                first.data.setdefault(key, value)
            row.data["_outcome"], row.data["_merged_into"] = "merged", first
        return writing

    def _reject(self, row: ParsedRow, header: Header) -> None:
        self.counts["error_count"] += 1
        self._book(header).add(row)
        for error in row.errors:
            if len(self.errors_shown) < ERRORS_SHOWN:
                self.errors_shown.append(error.as_dict())

    def _warn(self, row: ParsedRow, header: Header) -> None:
        self.counts["warning_count"] += 1
        self._book(header).add(row)
        for warning in row.warnings:
            if len(self.warnings_shown) < ERRORS_SHOWN:
                self.warnings_shown.append(warning.as_dict())

    def _book(self, header: Header) -> ErrorWorkbook:
        if self.error_book is None:
            self.error_book = ErrorWorkbook(header)
        return self.error_book

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
        job.row_errors, job.row_warnings = self.errors_shown, self.warnings_shown
        job.status, job.error_message, job.finished_at = status, message, timezone.now()
        with transaction.atomic():
            job.save(update_fields=[*self.counts, "row_errors", "row_warnings", "status", "error_message",
                                    "finished_at", "error_file"])
            record(Action.IMPORT, actor=job.user, target=job,
                   summary=f"导入企业名录 {job.original_name}：新建 {job.created_count}，"
                           f"更新 {job.updated_count}，未变 {job.unchanged_count}，合并重复 {job.merged_count}，"
                           f"错误 {job.error_count}，警告 {job.warning_count}",
                   data={"file": job.original_name, "sha256": job.sha256, "size": job.size, "status": status,
                         "rows": job.rows_done, "created": job.created_count, "updated": job.updated_count,
                         "unchanged": job.unchanged_count, "merged": job.merged_count,
                         "errors": job.error_count, "warnings": job.warning_count,
                         "message": message})


# The columns COPY writes for a new enterprise (all but the id), and their defaults.
_COPIED = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
_DEFAULTS = {f.attname: f.get_default() for f in _COPIED}

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
        self.fields = [key for key in header.positions if key != "credit_code" and key not in READ_ONLY]
        if "industry_id" in self.fields:
            self.fields.append("industry_section_id")
        self.division_sections = {d.code: d.section_id for d in reference().divisions}

    def write(self, rows: list[ParsedRow]) -> None:
        if not rows:
            return
        existing = {values["credit_code"]: values for values in Enterprise.objects.filter(
            credit_code__in=[row.data["credit_code"] for row in rows]).values("id", "district_id", "credit_code",
                                                                            *self.fields)}
        creates: list[tuple[ParsedRow, dict[str, Any]]] = []
        updates: list[Update] = []  # rows whose values differ from the database
        changed_fields: set[str] = set()
        for row in rows:
            current = existing.get(row.data["credit_code"])
            if current is None:
                creates.append((row, self._new_values(row)))
            elif current["district_id"] != self.district_id:
                row.errors.append(RowError(row.number, self.header.headers["credit_code"], _(
                    "An enterprise of another district already has this credit code; it was not changed. "
                    "Ask that district's FIC if the enterprise has moved.")))
            elif (differing := self._contradicted(row, current)) is not None:
                first_row, _mask = row.data["_first"]
                row.errors.append(contradiction(row, first_row, differing, self.header.headers))
            elif changed := self._changes(row, current):
                changed_fields.update(changed)
                updates.append((row, current, changed))
            else:
                row.data["_outcome"] = "unchanged"
        # Only the columns that changed somewhere in the chunk are written.
        fields = sorted(changed_fields)
        try:
            with transaction.atomic():
                self._insert([values for _row, values in creates])
                if updates:
                    self._update(updates, fields)
        except DatabaseError:
            # Someone wrote one of these enterprises meanwhile, or a row breaks a database rule: write the
            # rows one by one so that only the offending ones are rejected.
            self._write_one_by_one(creates, updates)
            return
        for row, _values in creates:
            row.data["_outcome"] = "created"
        for row, _current, _changed in updates:
            row.data["_outcome"] = "merged" if "_first" in row.data else "updated"
        for row in rows:
            if "_first" in row.data and row.data.get("_outcome") == "unchanged":
                row.data["_outcome"] = "merged"

    def _values(self, row: ParsedRow) -> dict[str, Any]:
        return {key: value for key, value in row.data.items() if not key.startswith("_")}

    def _new_values(self, row: ParsedRow) -> dict[str, Any]:
        """Every column of the enterprise a row creates: the row's values over the fields' defaults."""
        return {**_DEFAULTS, "district_id": self.district_id, **self._values(row)}

    def _contradicted(self, row: ParsedRow, current: dict[str, Any]) -> list[str] | None:
        """For a repeat of an enterprise written from an earlier row of the file (``_first``): the columns
        that row gave and this one gives differently, or None when they agree (or it is no repeat)."""
        if "_first" not in row.data:
            return None
        _first_row, mask = row.data["_first"]
        return differing_columns(row, current, masked_keys(mask)) or None

    def _changes(self, row: ParsedRow, current: dict[str, Any]) -> dict[str, Any]:
        """The row's values that differ from the enterprise's ``current`` ones.

        A row that names only the industry section keeps a division of that section (the division says
        more); a section that contradicts the division replaces it."""
        values = self._values(row)
        section = values.get("industry_section_id")
        if section is not None and self.division_sections.get(current.get("industry_id")) == section:
            values.pop("industry_id")
            values.pop("industry_section_id")
        return {key: value for key, value in values.items() if key != "credit_code" and current[key] != value}

    @staticmethod
    def _insert(rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if connection.vendor != "postgresql":
            Enterprise.objects.bulk_create([Enterprise(**values) for values in rows], batch_size=CHUNK_SIZE)
            return
        now = timezone.now()
        columns = ", ".join(connection.ops.quote_name(f.column) for f in _COPIED)
        names = [f.attname for f in _COPIED]
        # The raw psycopg cursor's COPY, with its errors turned into Django's (DatabaseError).
        with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {Enterprise._meta.db_table} ({columns}) FROM STDIN") as copy:
            for values in rows:
                values["created_at"] = values["updated_at"] = now
                copy.write_row([values[name] for name in names])

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

    def _write_one_by_one(self, creates: list[tuple[ParsedRow, dict[str, Any]]], updates: list[Update]) -> None:
        now = timezone.now()
        for row, values in creates:
            try:
                with transaction.atomic():
                    Enterprise(**values).save(force_insert=True)
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
    "credit_code": "18 位统一社会信用代码，必填；中间的空格、连字符和看不见的字符会自动去掉。已存在的企业按此代码更新；"
                   "同一企业在文件中出现多次时，各行内容一致则合并，不一致则后一行报错",
    "subdistrict_id": "本区的街道/镇名称（可省略“街道”“镇”字样）",
    "industry_id": "国民经济行业分类（GB/T 4754-2017）：大类两位代码（如 65）、"
                   "大类名称（如 软件和信息技术服务业）或两者；只知道门类时可填门类字母（如 I）或门类名称（如 制造业）",
    "legal_representative": "姓名",
    "phone": "手机号（11 位）或座机号（如 021-61234567，可带分机“转123”），多个号码用“/”分隔；"
             "格式不对时该行照常导入、电话不导入，并在结果中给出警告",
    "established_on": "日期，如 2018-05-20、2018/5/20、2018年5月20日 或 20180520",
    "registered_capital": "单位：万元，不小于 0；可写“500”“500万”或“500万元”。以元或亿为单位的请先换算为万元",
    "size": "大型、中型、小型或微型",
    "employees": "整数，不小于 0",
    "is_high_tech": "是 或 否",
    "is_specialised": "是 或 否",
    "is_member": "只读：会员由“会员”模块登记，导入时不写入",
    "member_since": "只读：导入时不写入",
    "address": "注册或经营地址",
    "status": "存续 或 注销；新企业空白为存续",
}
