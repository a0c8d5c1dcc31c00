"""One masking function for personal data in free text, and one for a single phone number.

``mask_personal_data`` is what every page, export or API answer uses when a text written by a person
(a department's reply, an appeal, a note) is shown to someone who must not see the personal data in
it: the public board above all. It replaces

- the enterprises (``organisations``) and people (``names``) the caller knows of: by 该企业 and 某某;
- a person's name written before a title or after a role word ("王小明先生" → "王某先生",
  "联系人：王小明" → "联系人：某某"), only when it starts with a common surname and is not a
  common word ("项目经理", "客户经理" stay);
- e-mail addresses, ID numbers (18 characters with a date of birth, the last may be X; the old
  15-digit ones), unified social credit codes, bank card numbers (16–19 digits, grouped by spaces or
  dashes or not, when the Luhn check passes, the number is a UnionPay one (62…, many Chinese debit
  cards fail the Luhn check) or the text just before names a card or an account), mobile numbers
  (with +86, spaces or dashes), landline numbers with an area code, and 7–8-digit local numbers
  when the text just before says it is a phone: all by ``***``;
- the number part of a street address: "长寿路123弄4号502室" → "长寿路***" (the road stays).

What it leaves alone, on purpose: dates (2025-03-15, 2025年3月15日, 20250315), years, amounts
(500万元, 12000000元), appeal numbers (#123, 2025001234), document numbers (沪府办〔2023〕12号),
percentages. A number that only might be personal (an 8-digit number without a phone word before
it) is not masked: such a number is rarely personal, and masking every amount would make the
board unreadable. People's names without a title or role word cannot be found reliably: pass them
as ``names``, and let staff review every text that goes public (the board's review queue).

The function is idempotent (masking a masked text changes nothing) and never leaves a phone, ID,
card or e-mail it recognised in its output (tests/property tests in core/tests/test_masking.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"
SOMEONE = "某某"
THE_ENTERPRISE = "该企业"

# Common Chinese surnames (the hundred most frequent, less those that begin many ordinary words
# before a title: 项(目), 区(域), 高(级), 金(融), 万, 方, 文, 安, 常, 时, 向, 华, 成, 管, 于, 公).
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程"
             "魏苏吕丁任沈姚卢姜崔钟谭陆汪范廖石贾夏韦付韦邹熊孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
             "龚邵钱严覃武戴莫孔汤易常温施牛洪殷")
# Words that start with a surname character and come before a title without being a name.
_NOT_NAMES = frozenset({"项目", "客户", "部门", "财务", "销售", "市场", "业务", "区域", "大堂", "产品",
                        "副总", "总经", "值班", "主管", "技术", "人事", "行政", "办公", "法务", "运营",
                        "董事", "江湖", "周边", "温馨", "任何", "任职", "孔雀", "严格", "毛利", "龙头",
                        "石化", "钱款", "史上", "雷同", "余下", "程序", "叶片", "武装", "林业", "马上",
                        "何时", "许多", "许可", "曾经", "田间", "黄金", "陈述", "郑重", "罗列", "梁柱",
                        "周末", "周年", "杨树", "朱红", "胡乱", "郭外", "孙子", "韩国", "邓小", "袁大"})
_TITLES = ("总经理|副总经理|董事长|先生|女士|小姐|经理|主任|律师|老师|会计|师傅|局长|处长|科长|所长|"
           "站长|书记|阿姨|大爷")
_ROLE_WORDS = ("法定代表人|法人代表|联系人|负责人|经办人|申请人|借款人|持卡人|收款人|户主|业主|员工|职工|"
               "当事人|代理人|担保人|股东")
# Characters that end a name rather than belong to it ("负责人张三已确认": the name is 张三).
_NAME_STOPS = "已的在是和与及等于为将说表同称对向也均都了先女经主老律电手联反告提要就再从被把让给请向于"
_GIVEN = rf"[\u4e00-\u9fff](?:(?![{_NAME_STOPS}])[\u4e00-\u9fff])?"
# 谢 after 感/多/致/答/道 is thanks, not a surname ("感谢李华女士").
_NAME_BEFORE_TITLE = re.compile(rf"(?<![感多致答道])([{_SURNAMES}])({_GIVEN})(?=(?:{_TITLES}))")
_NAME_AFTER_ROLE = re.compile(rf"((?:{_ROLE_WORDS})[：:\s]*)([{_SURNAMES}]{_GIVEN})")
_TITLE_AT_START = re.compile(rf"(?:{_TITLES})")

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_NUMBER = re.compile(rf"(?<![0-9A-Za-z])(?:[1-9]\d{{5}}(?:18|19|20)\d{{2}}{_DATE}\d{{3}}[0-9Xx]"
                        rf"|[1-9]\d{{7}}{_DATE}\d{{3}})(?![0-9A-Za-z])")
_CREDIT_CODE = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])")
# 16–19 digits, in groups separated by single spaces or dashes, or not at all.
_CARD = re.compile(r"(?<![\d\-])\d(?:[ \-]?\d){15,18}(?![\d])")
_CARD_WORDS = re.compile(r"(?:卡号|卡|账号|帐号|账户|帐户|银行)[^\d]{0,6}$")
_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}(?![\d])")
_LANDLINE = re.compile(r"(?<![\d])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[ \-]?)[2-9]\d{2,3}[ \-]?\d{4}"
                       r"(?:(?:转|-|ext\.?)\d{1,5})?(?![\d])")
_LOCAL_PHONE = re.compile(r"(?:电话|手机|座机|热线|传真|致电|联系方式|Tel|TEL|tel)[^\d\n]{0,6}"
                          r"(?<![\d])([2-9]\d{2,3}[ \-]?\d{4})(?![\d])")
# The number part of an address, after a road, lane, village or estate: "123弄4号502室".
_UNIT = r"(?:号楼|支弄|弄|号|栋|幢|座|单元|楼|层|室|户)"
_HOUSE = rf"[0-9０-９]+(?:[\-－][0-9０-９]+)?{_UNIT}"
_ADDRESS_NUMBER = re.compile(rf"(?<=[路街巷弄村苑园厦场里坊湾道])(?:{_HOUSE})+"
                             rf"(?:[0-9]{{1,5}}(?![\d年月日元万亿个人家天件次%％.．]))?")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match[0])
    before = match.string[max(0, match.start() - 12):match.start()]
    if _luhn(digits) or digits.startswith("62") or _CARD_WORDS.search(before):
        return MASK
    return match[0]


def _known_names(names: Iterable[str], minimum: int) -> list[str]:
    cleaned = {name.strip() for name in names if name and len(name.strip()) >= minimum}
    return sorted(cleaned - {SOMEONE, THE_ENTERPRISE, MASK}, key=len, reverse=True)


def _name_before_title(match: re.Match[str]) -> str:
    # "王总经理" is a surname and a title, not a name: the given name would be the title's start.
    if (match[1] + match[2][:1] in _NOT_NAMES or "某" in match[2]
            or _TITLE_AT_START.match(match.string, match.start(2))):
        return match[0]
    return match[1] + "某"


def _name_after_role(match: re.Match[str]) -> str:
    name = match[2]
    if name[:2] in _NOT_NAMES or "某" in name:
        return match[0]
    return match[1] + SOMEONE


def mask_personal_data(text: str, *, names: Iterable[str] = (), organisations: Iterable[str] = ()) -> str:
    """``text`` with the personal data in it masked (see the module's docstring for what and how).

    ``organisations``: names of enterprises to replace by 该企业 (pass the full name and its short
    names, longest first is not needed); ``names``: people's names to replace by 某某 (two
    characters at least, so that a lone surname does not erase ordinary words)."""
    if not text:
        return text or ""
    for organisation in _known_names(organisations, 2):
        text = text.replace(organisation, THE_ENTERPRISE)
    for name in _known_names(names, 2):
        text = text.replace(name, SOMEONE)
    text = _EMAIL.sub(MASK, text)
    text = _ID_NUMBER.sub(MASK, text)
    text = _CREDIT_CODE.sub(MASK, text)
    text = _CARD.sub(_card, text)
    text = _MOBILE.sub(MASK, text)
    text = _LANDLINE.sub(MASK, text)
    text = _LOCAL_PHONE.sub(lambda m: m[0][: m.start(1) - m.start()] + MASK, text)
    text = _ADDRESS_NUMBER.sub(MASK, text)
    text = _NAME_AFTER_ROLE.sub(_name_after_role, text)
    return _NAME_BEFORE_TITLE.sub(_name_before_title, text)


def mask_phone(phone: str) -> str:
    """A phone number shown on its own (a contact field): 138****5678 for a mobile number, the
    middle of any other number hidden the same way, so that a person can still tell two apart."""
    digits = (phone or "").strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep_head = 3 if len(digits) >= 11 else max(1, len(digits) // 4)
    keep_tail = 4 if len(digits) >= 8 else 2
    return digits[:keep_head] + "*" * (len(digits) - keep_head - keep_tail) + digits[-keep_tail:]
