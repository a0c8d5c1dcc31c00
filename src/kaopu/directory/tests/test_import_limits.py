"""The import's limits: a file too big, or a workbook that expands too much (a zip bomb), gets a Chinese
form error or a failed job with the reason, never a 500, and never costs the memory it would expand to."""

from __future__ import annotations

import io
import re
import struct
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kaopu.directory import importer
from kaopu.directory.models import ImportJob
from kaopu.directory.tests._xlsx import post_import, row, workbook_bytes

SHARED_STRINGS = "xl/sharedStrings.xml"
EXPANDED_MB = 256


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _excel_like(shared_strings: bytes | None = None, *, expand_mb: int = 0) -> bytes:
    """A workbook as Excel writes it, its text in a shared-strings part: either ``shared_strings`` or one
    of ``expand_mb`` megabytes of "A" (compression level 9: it shrinks a thousandfold)."""
    base = zipfile.ZipFile(io.BytesIO(workbook_bytes([row(1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for name in base.namelist():
            data = base.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                                    b'+xml"/></Types>')
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            bomb.writestr(name, data)
        with bomb.open(SHARED_STRINGS, "w") as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if shared_strings is not None:
                part.write(shared_strings)
            piece = b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"
            for _ in range(expand_mb):
                part.write(piece)
            part.write(b"</sst>")
    return out.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return _excel_like(expand_mb=EXPANDED_MB)


def _lying(content: bytes, name: str, declared: int) -> bytes:
    """``content`` with the central directory (and local header) declaring ``name`` ``declared`` bytes long."""
    data = bytearray(content)
    encoded = name.encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_length]) == encoded:
            struct.pack_into("<I", data, central + 24, declared)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"{name} not in the archive")


def test_a_file_over_the_limit_gets_a_chinese_error_naming_the_field_and_the_limit(login, staff, world, settings):
    settings.KAOPU_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    content = workbook_bytes([row(1)]) + b"\0" * (2 * 1024 * 1024)  # over the limit, under limit + 1 MB
    response = post_import(login(staff), content)

    assert response.status_code == 200
    page = response.content.decode()
    assert "企业名册工作簿（.xlsx）：文件大小为 2 MB，单次最多导入 2 MB。" in page
    assert not ImportJob.objects.exists()


def test_a_request_declaring_a_body_far_over_the_limit_is_refused_without_reading_it(login, staff, world,
                                                                                        settings):
    settings.KAOPU_IMPORT_MAX_BYTES = 1024 * 1024
    client = login(staff)
    # The body is not even a multipart form: had the page parsed it, Django would have answered 400.
    response = client.generic("POST", reverse("directory:import_start"), b"not multipart at all",
                              content_type="multipart/form-data; boundary=xyz", CONTENT_LENGTH=str(50 * 1024 * 1024))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["文件大小为 50 MB，单次最多导入 1 MB。"]
    assert "企业名册工作簿（.xlsx）：文件大小为 50 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_page_still_refuses_an_upload_without_its_csrf_token(staff, world):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff, backend="kaopu.accounts.backends.UserBackend")
    response = strict.post(reverse("directory:import_start"),
                           {"file": SimpleUploadedFile("a.xlsx", workbook_bytes([row(1)]))})

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_is_refused_on_the_form_in_bounded_memory(login, staff, world, zip_bomb):
    assert len(zip_bomb) < 1024 * 1024  # a few hundred kilobytes that expand to 256 MB
    client = login(staff)
    tracemalloc.start()
    try:
        response = post_import(client, zip_bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert re.fullmatch(r"文件中的“xl/sharedStrings.xml”压缩了 \d{3,4} 倍，远超正常工作簿（最多 100 倍），"
                        r"为安全起见已拒绝。请用 Excel 或 WPS 重新保存后再上传。", error), error
    assert not ImportJob.objects.exists()
    assert peak < 20 * 1024 * 1024, peak


def test_a_zip_bomb_already_stored_fails_its_job_without_being_expanded(staff, world, zip_bomb, settings):
    # A job made before the form checked (or by another route) meets the same check in the importer.
    tracemalloc.start()
    try:
        with pytest.raises(importer.ImportFileError) as refused:
            _read(zip_bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert re.search(r"“xl/sharedStrings.xml”压缩了 \d{3,4} 倍", str(refused.value))
    assert peak < 5 * 1024 * 1024, peak


def test_the_total_expanded_size_is_capped_even_at_an_ordinary_ratio(settings):
    settings.KAOPU_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    # 2 MB of shared strings that compress only about ten times, like a real roster.
    text = b"".join(b"<si><t>%d-%s</t></si>" % (n, str(n * 7919).encode()) for n in range(150_000))
    content = _excel_like(text)

    with pytest.raises(importer.ImportFileError, match="文件解压后将超过 1 MB"):
        _read(content)


def test_a_lying_central_directory_gets_no_more_bytes_than_it_declares(zip_bomb):
    # The directory says the 256 MB part has 1,000 bytes: the check passes it, but zipfile stops there.
    lying = _lying(zip_bomb, SHARED_STRINGS, 1000)
    tracemalloc.start()
    try:
        with pytest.raises(importer.ImportFileError, match="Excel"):
            _read(lying)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 5 * 1024 * 1024, peak


def test_a_real_roster_passes_the_check():
    content = workbook_bytes([row(n) for n in range(2000)])
    assert len(_read(content)) == 2001


@pytest.mark.parametrize("fast_limit", [0, 10**9], ids=["openpyxl", "calamine"])
def test_a_lying_central_directory_gets_no_more_bytes_than_it_declares_from_either_reader(
        zip_bomb, settings, fast_limit):
    settings.KAOPU_IMPORT_FAST_READ_MAX_BYTES = fast_limit
    lying = _lying(zip_bomb, SHARED_STRINGS, 1000)
    started = time.monotonic()
    with pytest.raises(importer.ImportFileError, match="Excel"):
        _read(lying)

    # calamine's memory is not Python's (tracemalloc cannot see it): the 256 MB part was never
    # expanded if the refusal came at once.
    assert time.monotonic() - started < 2


def _read(content: bytes) -> list[tuple[int, tuple[object, ...]]]:
    with importer.read_sheet(io.BytesIO(content)) as sheet:
        return list(sheet.rows)
