"""screening.check_public_texts, the one check of the public texts outside articles (meetings, the board's
summaries): high refuses whatever was acknowledged, medium passes only with exactly its keys, every field
is named in the message, clean FIC texts pass without a word."""

from __future__ import annotations

import pytest

from kaopu.publicity.screening import ScreeningRefused, check_public_texts

pytestmark = pytest.mark.django_db


def test_clean_texts_pass_with_nothing_to_record():
    fields = {"主题": "民营企业座谈会", "地点": "区政府第一会议室", "说明": "请于11月20日前报名。"}
    assert check_public_texts(fields) == []


def test_a_high_finding_refuses_even_with_every_medium_acknowledged():
    fields = {"主题": "足球投注交流会", "说明": "讨论企业下注的问题"}
    with pytest.raises(ScreeningRefused) as medium_first:
        check_public_texts({"说明": fields["说明"]})
    with pytest.raises(ScreeningRefused) as refused:
        check_public_texts(fields, [item.key for item in medium_first.value.findings])
    assert not refused.value.needs_acknowledgement
    assert [item.label for item in refused.value.findings] == ["主题"]
    assert "主题：“足球投注”（足球投注，赌博）" in refused.value.message


def test_medium_findings_pass_only_with_all_their_keys():
    fields = {"主题": "企业下注问题座谈", "说明": "防范押注类营销"}
    with pytest.raises(ScreeningRefused) as refused:
        check_public_texts(fields)
    assert refused.value.needs_acknowledgement
    keys = [item.key for item in refused.value.findings]
    assert [item.label for item in refused.value.findings] == ["主题", "说明"]
    with pytest.raises(ScreeningRefused) as still:
        check_public_texts(fields, keys[:1])
    assert [item.label for item in still.value.findings] == ["说明"]
    assert [item.finding.term for item in check_public_texts(fields, keys)] == ["下注", "押注"]
    # A changed text moves the finding: the old key no longer acknowledges it.
    with pytest.raises(ScreeningRefused):
        check_public_texts({"主题": "关于企业下注问题的座谈", "说明": "防范押注类营销"}, keys)
