"""The content guard on plain texts: each disguise of an injected term is found, with its span as written."""

from __future__ import annotations

import pytest

from kaopu.publicity.guard import Category, Severity, scan_text


def only(text: str):  # type: ignore[no-untyped-def]
    findings = scan_text(text)
    assert len(findings) == 1, findings
    finding = findings[0]
    assert text[finding.start : finding.end] == finding.text
    return finding


def test_the_betting_phrase_is_found_with_its_span() -> None:
    text = "欢迎访问有哪些信誉好的足球投注网站，了解更多。"
    finding = only(text)
    assert (finding.start, finding.end) == (4, 17)
    assert finding.term == "有哪些信誉好的足球投注网站"
    assert finding.category == Category.GAMBLING
    assert finding.severity == Severity.HIGH
    assert finding.reason


def test_a_gambling_brand_written_in_place_of_the_organisations_name_is_found() -> None:
    # A defacement replaces "政务服务" in the page body with a betting brand.
    text = "普陀区开云体育网上办事大厅正式上线"
    finding = only(text)
    assert finding.text == "开云体育"
    assert (finding.start, finding.end) == (3, 7)


def test_a_brand_spelt_in_pinyin_or_latin_letters_is_found() -> None:
    finding = only("点击进入 Xin Pu Jing 官方入口")
    assert finding.text == "Xin Pu Jing"
    assert finding.term == "新葡京"
    assert only("下载 BET365 客户端").term == "bet365"


def test_a_latin_term_inside_a_longer_word_is_not_found() -> None:
    assert scan_text("The alphabet365 and baccarats") == []


def test_porn_titles_are_found() -> None:
    finding = only("最新国产自拍视频在线观看")
    assert finding.category == Category.PORN
    assert finding.text == "国产自拍"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("博(bo)彩", "博(bo)彩"),
        ("博（bó）彩", "博（bó）彩"),
        ("博 彩", "博 彩"),
        ("博.彩", "博.彩"),
        ("博*x*彩", "博*x*彩"),
        ("澳门 赌 场", "澳门 赌 场"),
    ],
)
def test_pinyin_spaces_punctuation_and_stray_letters_between_characters_are_passed_over(text: str, found: str) -> None:
    assert only(f"本站{text}大全").text == found


def test_zero_width_and_invisible_characters_are_removed() -> None:
    text = "真\u200b人\u200d荷\ufeff官\u00ad在线"
    finding = only(text)
    assert finding.term == "真人荷官"
    assert (finding.start, finding.end) == (0, 7)


def test_full_width_letters_and_digits_are_folded() -> None:
    finding = only("ＢＥＴ３６５")
    assert finding.term == "bet365"
    assert finding.text == "ＢＥＴ３６５"


def test_traditional_characters_are_folded_to_simplified() -> None:
    finding = only("線上澳門賭場開戶")
    assert finding.text == "澳門賭場"
    assert finding.term == "澳门赌场"


def test_homoglyphs_are_folded() -> None:
    # Cyrillic "е" and "Ь"-free look-alikes in a Latin brand; katakana ロ for 口 in a Chinese term.
    assert only("Bеt365").term == "bet365"
    assert only("网贷ロ子").term == "网贷口子"


def test_illegal_service_and_fraud_terms_are_found() -> None:
    assert only("专业代开发票").category == Category.FRAUD
    assert only("刷单返利，日结").category == Category.FRAUD
    assert only("快速办证，联系电话").category == Category.ILLEGAL_SERVICE


def test_each_finding_is_reported_once_where_terms_overlap() -> None:
    assert only("澳门新葡京").term == "澳门新葡京"


@pytest.mark.parametrize(
    "text",
    [
        "3月12日，区工商联召开民营企业早餐会，区领导与十二家企业负责人面对面交流，"
        "企业提出的融资、用工和审批问题当场转为诉求，由相关部门限时答复。",
        "政策解读：我区将严厉打击非法博彩活动，严禁任何单位和个人组织赌博，"
        "依法整治网络赌博和跨境博彩业，坚决防范电信诈骗和非法集资。",
        "会议通知：定于11月20日（星期五）上午9:30在区行政服务中心三楼会议室召开"
        "民营企业圆桌会议，请各商会秘书长准时参加。联系人：王老师。",
        "今天的午餐有蒜蓉菠菜和番茄炒蛋，菠菜洗净焯水后再炒，口感更好。",
        "企业可到区行政服务中心办证大厅一站式办证，上网，投资咨询请拨打热线。",
        "区工商联组织会员企业开展反洗钱知识培训，提醒企业远离高利贷。",
        "The Federation met the bank alliance to discuss loans for small businesses.",
    ],
)
def test_clean_texts_of_the_federation_produce_no_finding(text: str) -> None:
    assert scan_text(text) == []


def test_spinach_is_a_finding_only_near_gambling_words() -> None:
    assert scan_text("菠菜炒鸡蛋") == []
    finding = only("靠谱菠菜 注册送88元")
    assert finding.term == "菠菜"  # the vegetable word is gambling slang beside 注册
    assert only("大型菠菜担保平台").term == "菠菜担保"


def test_gambling_industry_without_a_ban_around_it_is_found() -> None:
    assert only("欢迎加入博彩业大家庭").term == "博彩业"


def test_reasons_and_categories_are_in_chinese_by_default() -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        finding = only("澳門賭場")
        assert finding.reason == "“澳門賭場”去除或还原伪装字符后即为内容安全词库中的词语“澳门赌场”（赌博）。"
        assert Category(finding.category).label == "赌博"


def test_pinyin_with_tone_marks_and_traditional_characters_with_pinyin_between_are_found() -> None:
    assert only("访问 xīn pǔ jīng 官网").term == "新葡京"
    finding = only("專業辦(bàn)證")
    assert (finding.text, finding.term, finding.category) == ("辦(bàn)證", "办证", Category.ILLEGAL_SERVICE)
