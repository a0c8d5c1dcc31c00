"""Rebuild the platform's embedded Chinese font: a subset of Noto Serif CJK SC (SIL OFL 1.1, see OFL.txt).

The subset holds the characters of GB 2312 (6,763 hanzi and its symbols), the 8,105 characters of the
通用规范汉字表 (2013, listed in tongyong_guifan_8105.txt), ASCII, Latin-1 letters, the CJK punctuation and
full-width forms, and the ideographic zero 〇 (dates written in Chinese numerals). It is converted from
CFF to TrueType outlines (quadratic curves), because ReportLab embeds TrueType fonts only; the same file
serves the certificates (kaopu.programs.certificates) and, later, server-rendered charts.

Nothing is downloaded at run time: the font file is committed next to this script. To rebuild it:

    apt-get download fonts-noto-cjk            # Debian's package, into a scratch folder
    dpkg-deb -x fonts-noto-cjk_*.deb x
    python src/kaopu/core/fonts/build_subset.py \\
        x/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc src/kaopu/core/fonts/NotoSerifSC-Kaopu.ttf
    (and NotoSerifCJK-Bold.ttc → NotoSerifSC-Kaopu-Bold.ttf)

The face "Noto Serif CJK SC" is number 2 of Debian's collection (JP, KR, SC, TC, HK).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
SIMPLIFIED_CHINESE_FACE = 2
MAX_ERROR = 1.0  # font units, of 1000 per em: the cubic → quadratic conversion's tolerance


def gb2312() -> set[int]:
    """Every character GB 2312 encodes (rows 0xA1–0xF7, columns 0xA1–0xFE)."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


def wanted() -> set[int]:
    codes = gb2312()
    codes |= {ord(c) for c in (HERE / "tongyong_guifan_8105.txt").read_text(encoding="utf-8").strip()}
    codes |= set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))  # ASCII, Latin-1, Latin Extended-A
    codes |= set(range(0x2000, 0x2070))  # general punctuation (— ‘ ’ “ ” … ‰)
    codes |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation (、。〇《》「」【】〔〕)
    codes |= set(range(0xFF00, 0xFFF0))  # full-width forms (，：；？！（）)
    codes |= {0x00B7, 0x2116, 0x2160, 0x2161, 0x2162, 0x2163, 0x2164, 0x25CB, 0x25CF, 0x2605, 0x2606}
    return codes


def to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines by TrueType ones (fontTools' otf2ttf recipe)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentElements = max(len(g.components if hasattr(g, "components") else []) for g in glyphs.values())
    glyf.compile(font)
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def build(source: Path, target: Path) -> None:
    font = TTCollection(str(source)).fonts[SIMPLIFIED_CHINESE_FACE] if source.suffix == ".ttc" else TTFont(source)
    options = subset.Options()
    options.layout_features = []  # no vertical forms nor Japanese/Korean variants: half the glyphs
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted()))
    subsetter.subset(font)
    if target.suffix == ".ttf":
        to_truetype(font)
    font.save(str(target))
    print(f"{target.name}: {len(font.getGlyphOrder())} glyphs, {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
