"""kaopu.core.masking: each kind of personal data masked in hand-made Chinese texts, the ordinary
numbers and words around it left alone, and (hypothesis) idempotent, never leaking what it found."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaopu.core.masking import MASK, mask_personal_data, mask_phone


@pytest.mark.parametrize(("text", "masked"), [
    # Mobile numbers, with a country code, spaces or dashes.
    ("联系电话13812345678，请回电。", "联系电话***，请回电。"),
    ("手机 138 1234 5678。", "手机 ***。"),
    ("请拨+86 139-1234-5678咨询", "请拨***咨询"),
    # Landlines with an area code (dash, parentheses, an extension); local numbers after a phone word.
    ("座机021-62541234转123，白天有人。", "座机***，白天有人。"),
    ("（021）62541234", "***"),
    ("办公电话：62541234", "办公电话：***"),
    # E-mail addresses.
    ("材料请发至 zhang.san+appeal@mail.example.com.cn 谢谢", "材料请发至 *** 谢谢"),
    ("邮箱13812345678@163.com", "邮箱***"),
    # ID numbers: 18 characters (X at the end), and the old 15 digits.
    ("身份证号310107199001011234。", "身份证号***。"),
    ("身份证：31010719900101123x", "身份证：***"),
    ("旧身份证310107900101123已作废", "旧身份证***已作废"),
    # Bank cards: Luhn-valid, UnionPay (62…), or after a card word; grouped or not.
    ("退款打入4111 1111 1111 1111即可", "退款打入***即可"),
    ("银行卡号 6222 0212 3456 7890 123 已冻结", "银行卡号 *** 已冻结"),
    ("账户 1234-5678-9012-3456 尾号3456", "账户 *** 尾号3456"),
    # Unified social credit codes.
    ("信用代码91310107MA1G8XXX3K的企业", "信用代码***的企业"),
    # Street addresses: the road stays, the number part goes.
    ("家住长寿路123弄4号502室，请上门。", "家住长寿路***，请上门。"),
    ("地址：曹杨新村8号201室", "地址：曹杨新村***"),
    ("武宁路100号3号楼", "武宁路***"),
    # Names before a title or after a role word.
    ("王小明先生已到场", "王某先生已到场"),
    ("感谢李华女士配合", "感谢李某女士配合"),
    ("由张三丰总经理签字", "由张某总经理签字"),
    ("联系人：王小明，电话待补", "联系人：某某，电话待补"),
    ("负责人张三已确认", "负责人某某已确认"),
])
def test_each_kind_of_personal_data_is_masked(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize("text", [
    "2025年3月15日受理，2025-03-15答复，20250315归档。",
    "申请贷款500万元，实际发放1200万元，金额12000000元，利率3.45%，增长12.5%。",
    "诉求#12345已办结，编号2025001234，工单号A20250001。",
    "依据沪府办〔2023〕12号文件及国办发〔2019〕6号。",
    "项目经理、客户经理、部门经理和王总经理参加，李经理说明情况。",
    "负责人表示同意，联系人为企业财务，员工工资按时发放。",
    "合同号1234567890123456已备案。",  # 16 digits: not Luhn-valid, not UnionPay, no card word
    "共有3家企业、15个项目，长寿路街道、真如镇街道参与。",
    "地铁11号线，长寿路站2号口。",
    "2024年度营业收入8000万元，纳税600万元。",
])
def test_ordinary_text_numbers_dates_and_amounts_stay(text: str) -> None:
    assert mask_personal_data(text) == text


def test_given_names_and_organisations_are_replaced_longest_first() -> None:
    text = "上海甲科技有限公司（甲科技）的赵六六和钱七说明了情况。"
    assert mask_personal_data(text, names=["赵六六", "钱七", "x"], organisations=["上海甲科技有限公司", "甲科技"]) == (
        "该企业（该企业）的某某和某某说明了情况。")
    # A single character is never replaced: it would erase ordinary words.
    assert mask_personal_data("王在办理", names=["王"]) == "王在办理"


def test_mask_phone_keeps_head_and_tail() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("021-62541234") == "021*****1234"
    assert mask_phone(" 1234 ") == "****"
    assert mask_phone("") == ""


# Property: whatever text surrounds them, the phones, IDs, cards and e-mails are gone, and masking
# the result again changes nothing.

_filler = st.text(alphabet="的企业已经办理完成请于本周内联系我们谢谢，。、：（）ab ", max_size=12)
_mobiles = st.builds(lambda prefix, rest: f"1{prefix}{rest:09d}", st.sampled_from("3456789"),
                     st.integers(0, 10**9 - 1))
_landlines = st.builds(lambda area, number: f"0{area}-{number}", st.sampled_from(["21", "10", "571", "755"]),
                       st.integers(2 * 10**7, 10**8 - 1))
_ids = st.builds(lambda region, year, month, day, seq, check: f"{region}{year}{month:02d}{day:02d}{seq:03d}{check}",
                 st.integers(110000, 659999), st.integers(1930, 2020), st.integers(1, 12), st.integers(1, 28),
                 st.integers(0, 999), st.sampled_from("0123456789X"))


def _with_luhn(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char)
        if index % 2 == 0:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return body + str((10 - total % 10) % 10)


_cards = st.builds(lambda head, length, rest: _with_luhn(f"{head}{rest:018d}"[: length - 1]),
                   st.sampled_from(["4", "5", "3", "62", "9"]), st.integers(16, 19), st.integers(0, 10**18 - 1))
_emails = st.builds(lambda user, host: f"{user}@{host}.com", st.from_regex(r"[a-z][a-z0-9._]{0,8}", fullmatch=True),
                    st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True))
_secrets = st.one_of(_mobiles, _landlines, _ids, _cards, _emails)


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.tuples(_filler, _secrets), min_size=1, max_size=4), _filler)
def test_masking_is_idempotent_and_leaves_no_secret(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(filler + "：" + secret + "。" for filler, secret in parts) + tail
    masked = mask_personal_data(text)
    for _filler_text, secret in parts:
        assert secret not in masked, (text, masked)
    assert masked.count(MASK) >= len(parts)
    assert mask_personal_data(masked) == masked


@settings(max_examples=200, derandomize=True)
@given(st.text(alphabet="0123456789 -年月日元万号路弄室先生经理联系人王李张电话卡@.abc：", max_size=40))
def test_masking_any_text_twice_is_masking_it_once(text: str) -> None:
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once
