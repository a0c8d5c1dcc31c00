"""The work report as PDF: the .docx converted by LibreOffice headless, where the server has it.

LibreOffice is not a Python dependency: it is a system package (Debian: ``apt-get install
libreoffice-writer-nogui``, 58 packages, about 270 MB, see docs/render.md). Where it is missing,
:func:`available` is False and :func:`to_pdf` raises :class:`PdfUnavailable`, whose message tells the
user to download the Word version and the administrator what to install. ``KAOPU_SOFFICE=/path``
names the program; otherwise ``soffice``, then ``libreoffice``, is looked up in PATH.

Each conversion runs in a temporary directory of its own: the .docx in, the PDF out, and a private
LibreOffice profile (``-env:UserInstallation``), so that concurrent conversions, and a LibreOffice the
server's user runs otherwise, never share a profile (a shared one makes the second soffice hand its
job to the first, or wait on its lock). The process runs in its own process group, which is killed on
timeout; the directory is removed in every case.

Chinese text: LibreOffice finds fonts through fontconfig. A server with only libreoffice-writer-nogui
has no Chinese font at all, and the PDF would show empty boxes. So each conversion points fontconfig
(``FONTCONFIG_FILE``) at a configuration that adds the platform's embedded font
(kaopu/core/fonts/NotoSerifSC-Kaopu.ttf, family "Noto Serif CJK SC") to the system's fonts and makes it
the face used for the Chinese font names a Word document commonly names (宋体/SimSun, 仿宋, 黑体, 楷体,
微软雅黑, 方正小标宋 …, see CJK_FAMILIES). The .docx may therefore name 宋体 (what Word users on Windows
have) and the PDF uses our font; LibreOffice embeds the glyphs it uses as a subset.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parent.parent / "core" / "fonts"
FONT_FAMILY = "Noto Serif CJK SC"  # the family name inside NotoSerifSC-Kaopu.ttf
SYSTEM_FONTS_CONF = "/etc/fonts/fonts.conf"
PROGRAMS = ("soffice", "libreoffice")
# The Chinese faces a .docx commonly names: on a server none of them exists, so each is drawn with ours.
CJK_FAMILIES = (
    "SimSun", "宋体", "NSimSun", "新宋体", "SimSun-ExtB", "STSong", "华文宋体", "STZhongsong", "华文中宋",
    "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "华文仿宋",
    "KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "STKaiti", "华文楷体",
    "SimHei", "黑体", "STHeiti", "华文黑体", "Microsoft YaHei", "微软雅黑", "DengXian", "等线",
    "FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "Source Han Serif SC", "Source Han Sans SC",
    "思源宋体", "思源黑体", "Noto Sans CJK SC", "Noto Serif SC", "Noto Sans SC",
)


class PdfError(Exception):
    """No PDF: ``message`` is for a person; ``detail`` (LibreOffice's output) is for the log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class PdfUnavailable(PdfError):
    """LibreOffice is not installed on this server."""

    def __init__(self) -> None:
        super().__init__(_("LibreOffice is not installed on this server, so no PDF can be made; please download "
                           "the Word version (.docx), or ask the system administrator to install "
                           "libreoffice-writer-nogui."))


class PdfFailed(PdfError):
    """LibreOffice ran but gave no PDF (a damaged document, a crash) or did not finish in time."""


def soffice() -> str | None:
    """The LibreOffice program: KAOPU_SOFFICE if set (and executable), else soffice or libreoffice in PATH."""
    named = os.environ.get("KAOPU_SOFFICE", "").strip()
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    for program in PROGRAMS:
        found = shutil.which(program)
        if found:
            return found
    return None


def available() -> bool:
    return soffice() is not None


def fonts_conf(cache: Path) -> str:
    """A fontconfig configuration: the system's fonts (where there are any), the platform's font, and
    the Chinese family names of Word documents bound to it."""
    aliases = "".join(
        f'<match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
        f'<edit name="family" mode="prepend" binding="strong"><string>{FONT_FAMILY}</string></edit></match>\n'
        for name in CJK_FAMILIES)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'<include ignore_missing="yes">{escape(SYSTEM_FONTS_CONF)}</include>\n'
        f"<dir>{escape(str(FONTS_DIR))}</dir>\n"
        f"<cachedir>{escape(str(cache))}</cachedir>\n"
        f"{aliases}"
        # Chinese text whose font names none of the above (or no font): our face, not an empty box.
        f'<alias><family>serif</family><prefer><family>{FONT_FAMILY}</family></prefer></alias>\n'
        f'<alias><family>sans-serif</family><prefer><family>{FONT_FAMILY}</family></prefer></alias>\n'
        # The platform ships a regular face only: bold headings are emboldened (as the system's
        # 90-synthetic.conf does, which a server without fonts may not have).
        '<match target="font"><test name="weight" compare="less_eq"><const>medium</const></test>'
        '<test target="pattern" name="weight" compare="more_eq"><const>bold</const></test>'
        '<edit name="embolden" mode="assign"><bool>true</bool></edit>'
        '<edit name="weight" mode="assign"><const>bold</const></edit></match>\n'
        "</fontconfig>\n")


def _font_cache(fallback: Path) -> Path:
    """Where fontconfig keeps what it read of our font (about 20 MB to scan): kept between conversions,
    one folder per system user; the conversion's own folder if that one is not safely ours (/tmp is shared:
    another user could have made it first)."""
    folder = Path(tempfile.gettempdir()) / f"kaopu-fontconfig-{os.getuid()}"
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, exist_ok=True)
    try:
        status = folder.lstat()
    except OSError:
        return fallback
    owned = stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077
    return folder if owned else fallback


def to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """The PDF of a .docx. Raises PdfUnavailable without LibreOffice, PdfFailed when it gives no PDF or
    does not finish within ``timeout`` seconds (its processes are then killed)."""
    program = soffice()
    if program is None:
        raise PdfUnavailable
    if not _is_docx(docx):  # LibreOffice would take any bytes for plain text and make a PDF of them
        raise PdfFailed(_failed(), "not a .docx (no word/document.xml in a zip)")
    with tempfile.TemporaryDirectory(prefix="kaopu-pdf-") as folder:
        work = Path(folder)
        source, out, profile = work / "report.docx", work / "out", work / "profile"
        source.write_bytes(docx)
        out.mkdir()
        (work / "fonts.conf").write_text(fonts_conf(_font_cache(work / "fontconfig")), encoding="utf-8")
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard",
                   "--convert-to", "pdf", "--outdir", str(out), str(source)]
        env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf"), "HOME": str(work),
               "SAL_USE_VCLPLUGIN": "svp"}
        detail = _run(command, env, work, timeout)
        result = out / "report.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            logger.warning("LibreOffice gave no PDF: %s", detail)
            raise PdfFailed(_failed(), detail)
        return result.read_bytes()


def _failed() -> str:
    return _("LibreOffice could not convert the report to PDF; please download the Word version (.docx).")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _run(command: list[str], env: dict[str, str], folder: Path, timeout: int) -> str:
    """Run LibreOffice in a process group of its own; its output, for the log. On timeout the whole group
    (soffice.bin and any helper it started) is killed."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               cwd=folder, env=env, start_new_session=True)
    try:
        output, _unused = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise PdfFailed(_("The PDF conversion did not finish within %(seconds)s seconds; please try again later "
                          "or download the Word version (.docx).") % {"seconds": timeout}) from None
    return output.decode("utf-8", "replace")[-2000:]


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
