"""A district's abbreviation (简称): the letters that begin its appeal numbers, "PT" in PT-2026-000302.

The default is the pinyin initials of the district's name without its administrative suffix (普陀区 → PT,
浦东新区 → PD, 石景山区 → SJS), read with pypinyin, which knows the readings of words ("重庆" is
chóng, "厦门" xià) but not every place name: the place names it reads wrong are corrected here
(长宁 is Cháng-, not Zhǎng-; 闵行 is -háng). The system administrator may change it (admin of
District); the result is upper-case Latin letters and digits, at most 8, starting with a letter.
"""

from __future__ import annotations

import re
from collections.abc import Collection

MAX_LENGTH = 8
PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
TYPED = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,7}$")  # what the admin may type: District.clean upper-cases it
_SUFFIX = re.compile(r"(?:(?:回|满|蒙古|藏|苗|彝|壮|土家|瑶|侗|朝鲜|畲|黎|傣|白|哈尼|哈萨克|羌|布依|仡佬|水|各)族)*"
                     r"(?:新区|自治县|自治旗|林区|特区|区|县|市|旗)$")
# Place names whose reading pypinyin gets wrong (checked by test_district_abbreviation.py): their initials.
PLACE_INITIALS = {
    "长宁": "CN", "长安": "CA", "长沙": "CS", "长春": "CC", "长清": "CQ", "长寿": "CS", "长丰": "CF",
    "闵行": "MH", "朝阳": "CY", "单县": "SX", "乐清": "YQ", "番禺": "PY", "六安": "LA", "蚌埠": "BB",
    "重庆": "CQ", "厦门": "XM", "曲阳": "QY", "行唐": "XT", "大厂": "DC", "东阿": "DE", "铅山": "YS",
}
FALLBACK = "D"  # a name with no Chinese character or letter in it


def initials(name: str) -> str:
    """The pinyin initials of ``name`` without its suffix, upper-case, at most MAX_LENGTH letters."""
    from pypinyin import Style, lazy_pinyin  # 0.7 s to import: only when a district is made or renamed

    name = (name or "").strip()
    stem = _SUFFIX.sub("", name)
    if len(stem) < 2:  # 单县 is 单县, not 单
        stem = name
    letters = [letter[:1].upper() for letter in lazy_pinyin(stem, style=Style.FIRST_LETTER, errors="ignore")]
    for phrase, corrected in PLACE_INITIALS.items():
        for found in re.finditer(re.escape(phrase), stem):
            # lazy_pinyin gives one letter per Chinese character, in order: the phrase's characters map
            # to the same positions once characters that gave no letter (none, for Chinese text) are equal.
            if len(letters) == len(stem):
                letters[found.start():found.end()] = list(corrected)
    result = re.sub(r"[^A-Z0-9]", "", "".join(letters))
    result = result.lstrip("0123456789")
    return result[:MAX_LENGTH] or FALLBACK


def derive(name: str, taken: Collection[str] = ()) -> str:
    """The default abbreviation of a district named ``name``, not one of ``taken`` (other districts'):
    the initials, else the initials with 2, 3 … after them (two districts called 和平区 in one city)."""
    base = initials(name)
    if base not in taken:
        return base
    for number in range(2, 1000):
        candidate = f"{base[:MAX_LENGTH - len(str(number))]}{number}"
        if candidate not in taken:
            return candidate
    raise ValueError("no free abbreviation")  # a thousand districts of one name: not a real installation
