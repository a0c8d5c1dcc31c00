"""The certificate PDF: rendered to an image (pypdfium2), the red double border and dark text where the name
is; its extracted text (name, cohort, number, the date in Chinese numerals); a character the font lacks."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest

from kaopu.programs import certificates
from kaopu.programs.certificates import CertificateFontError
from kaopu.programs.models import Certificate


def certificate(name: str = "张三") -> Certificate:
    return Certificate(number="PT-2026-QN-7KX4M9PA", name=name, enterprise_name="上海甲科技有限公司",
                       cohort_name="第十期普陀区青年企业家培训班", first_session_on=date(2026, 3, 7),
                       last_session_on=date(2026, 6, 20), issued_on=date(2026, 6, 30), issuer="普陀区工商业联合会",
                       year=2026)


@pytest.fixture(scope="module")
def pdf() -> pdfium.PdfDocument:
    return pdfium.PdfDocument(certificates.render(certificate()))


def test_chinese_numerals_and_period():
    assert certificates.chinese_date(date(2026, 6, 30)) == "二〇二六年六月三十日"
    assert certificates.chinese_date(date(2030, 11, 1)) == "二〇三〇年十一月一日"
    assert certificates.chinese_date(date(2026, 12, 25)) == "二〇二六年十二月二十五日"
    assert certificates.period(date(2026, 3, 1), date(2026, 6, 30)) == "2026年3月至6月"
    assert certificates.period(date(2025, 11, 1), date(2026, 1, 9)) == "2025年11月至2026年1月"


def test_a4_landscape_one_page(pdf):
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (842, 595)


def test_the_text_holds_name_cohort_number_and_date(pdf):
    text = "".join(pdf[0].get_textpage().get_text_range().split())
    for expected in ("结业证书", "张三同志于2026年3月至6月参加", "第十期普陀区青年企业家培训班", "准予结业",
                     "PT-2026-QN-7KX4M9PA", "二〇二六年六月三十日", "普陀区工商业联合会"):
        assert expected in text, expected


def pixels(image, box):  # type: ignore[no-untyped-def]
    part = image.crop(box)
    return [part.getpixel((x, y)) for x in range(part.width) for y in range(part.height)]


def test_pixels_show_a_red_border_and_the_name_in_dark_ink(pdf):
    image = pdf[0].render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    red = [image.getpixel((x, int(12 * 72 / 25.4))) for x in range(width // 4, width // 2, 7)]
    assert all(r > 150 and g < 80 and b < 80 for r, g, b in red)  # the outer border, top edge
    inner = [image.getpixel((int(17 * 72 / 25.4), y)) for y in range(height // 3, height // 2, 7)]
    assert all(r > 150 and g < 100 for r, g, b in inner)  # the inner border, left edge
    # The name starts the body's first line, indented two characters from 42 mm; some pixels there are dark.
    left, top = int(42 * 72 / 25.4 + 38), int(height - (595 - 82 * 72 / 25.4) - 19)
    assert min(sum(pixel) for pixel in pixels(image, (left, top, left + 40, top + 24))) < 200
    # And the centre of the title is red ink.
    title = (width // 2 - 150, int(52 * 72 / 25.4) - 45, width // 2 + 150, int(52 * 72 / 25.4))
    assert any(r > 150 and g < 80 and b < 80 for r, g, b in pixels(image, title))


def test_the_qr_code_points_to_the_verification_page():
    url = certificates.verification_url("PT-2026-QN-7KX4M9PA")
    assert url.endswith("/programs/verify/?number=PT-2026-QN-7KX4M9PA")


def test_a_character_the_font_lacks_is_refused_clearly():
    assert certificates.missing_characters("张三") == []
    rare = "𠀾"  # CJK Extension B, not in GB 2312 nor the 8,105 characters
    with pytest.raises(CertificateFontError) as refused:
        certificates.render(certificate(f"王{rare}"))
    assert rare in refused.value.message and "字库" in refused.value.message


def test_the_embedded_font_covers_the_standard_tables():
    from pathlib import Path

    table = (Path(certificates.__file__).parent.parent / "core" / "fonts" / "tongyong_guifan_8105.txt").read_text()
    assert certificates.missing_characters(table.strip()) == []
    assert certificates.missing_characters("，。、：；！？（）《》“”〇—…·") == []
