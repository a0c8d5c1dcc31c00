"""Chinese text uses Chinese punctuation (，。：；？！（）), everywhere: “欢迎，徐志文”, never “欢迎, 徐志文”.

Three scans, each failing with every place it finds (file, entry or line):

- every msgstr of every app's zh_Hans catalogue: no ASCII , : ; ( ) ? ! next to a Chinese character
  (spaces between count as next to). Placeholders (%(name)s, %s, {name}), URLs, HTML tags and code
  such as “Authorization: Bearer” are left alone: only the punctuation touching Chinese is wrong;
- every template: no Chinese written in the template itself next to ASCII punctuation;
- every template: no ASCII punctuation glued to a translated string (“{% translate "Welcome" %}, …”
  renders “欢迎, …” in Chinese): the punctuation belongs inside the msgid, where the translator sets it.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

APPS = Path(__file__).resolve().parents[2]  # src/kaopu
CATALOGUES = sorted(APPS.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))
TEMPLATES = sorted(APPS.glob("*/templates/**/*.html"))

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
ASCII_PUNCTUATION = ",:;()?!"
# Not text: format codes, template variables, URLs, HTML tags (their attributes hold code).
NOT_TEXT = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{\{.*?\}\}|\{[a-z_0-9]*\}"
                      r"|https?://\S+|<[^>]*>")
TOUCHING = re.compile(rf"[{HAN}][ \t]*[{re.escape(ASCII_PUNCTUATION)}]|[{re.escape(ASCII_PUNCTUATION)}][ \t]*[{HAN}]")

# Template tags whose output is text, the text between blocktranslate tags, comments and variables.
BLOCK_TEXT = re.compile(r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}", re.S)
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
TRANSLATED = r"\{%\s*(?:translate|trans)\s+(?:\"[^\"]*\"|'[^']*')(?:\s+context\s+(?:\"[^\"]*\"|'[^']*'))?\s*%\}"
GLUED_AFTER = re.compile(rf"(?:{TRANSLATED}|\{{%\s*endblocktranslate\s*%\}})[ \t]*[,:;?!()]")
GLUED_BEFORE = re.compile(r"[,:;()][ \t]*\{%\s*(?:translate|trans|blocktranslate)\b(?:(?!%\}).)*%\}")
ASSIGNED = re.compile(r"\bas\s+\w+\s*%\}$")


def ascii_punctuation_touching_chinese(text: str) -> list[str]:
    """The pieces of ``text`` where ASCII punctuation touches a Chinese character (placeholders, URLs
    and tags taken out first, each replaced by a character that is neither)."""
    return [match.group(0) for match in TOUCHING.finditer(NOT_TEXT.sub("\x00", text))]


def test_the_scan_finds_what_it_must_and_lets_codes_be():
    assert ascii_punctuation_touching_chinese("欢迎, %(name)s") == ["迎,"]
    assert ascii_punctuation_touching_chinese("%(name)s, 欢迎") == [", 欢"]
    assert ascii_punctuation_touching_chinese("令牌(只读)") == ["牌(", "读)"]  # the "(只" overlaps "牌("
    assert ascii_punctuation_touching_chinese("请问? 好!") == ["问?", "好!"]
    assert ascii_punctuation_touching_chinese("欢迎，%(name)s（%(role)s）") == []
    assert ascii_punctuation_touching_chinese("请发送 Authorization: Bearer <令牌>，或先登录。") == []
    assert ascii_punctuation_touching_chinese("详见 https://example.com/a,b?x=1 的说明") == []
    assert ascii_punctuation_touching_chinese("%(field)s：必须大于 0 且不超过 9,999,999。") == []
    assert ascii_punctuation_touching_chinese('<a href="/x?a=1">查看</a>') == []


def test_there_is_a_catalogue_for_each_app_with_pages():
    assert {path.parts[-5] for path in CATALOGUES} >= {"core", "accounts", "appeals", "finance", "legal"}


def test_no_msgstr_puts_ascii_punctuation_next_to_chinese():
    found = []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            for text in texts:
                if pieces := ascii_punctuation_touching_chinese(text):
                    found.append(f"{path.relative_to(APPS)}: {entry.msgid!r} → {text!r} ({pieces})")
    assert found == [], "ASCII punctuation in Chinese text:\n" + "\n".join(found)


def test_no_template_writes_chinese_with_ascii_punctuation():
    found = []
    for path in TEMPLATES:
        text = TEMPLATE_CODE.sub("\x00", BLOCK_TEXT.sub("\x00", path.read_text()))
        found += [f"{path.relative_to(APPS)}: {piece!r}" for piece in ascii_punctuation_touching_chinese(text)]
    assert found == [], "Chinese written in templates with ASCII punctuation:\n" + "\n".join(found)


def test_no_template_glues_ascii_punctuation_to_a_translated_string():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        for pattern in (GLUED_AFTER, GLUED_BEFORE):
            for match in pattern.finditer(text):
                if pattern is GLUED_BEFORE and ASSIGNED.search(match.group(0)):
                    continue  # {% translate "…" as name %} writes nothing there
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(APPS)}:{line}: {match.group(0)[:70]!r}")
    assert found == [], ("ASCII punctuation next to a translated string (put it inside the msgid):\n"
                         + "\n".join(found))


def test_the_home_page_greets_with_a_chinese_comma(db, login, world):  # type: ignore[no-untyped-def]
    user = world.users["chamber_officer"]  # the role whose start page is the home page today
    user.name = "徐志文"
    user.save(update_fields=["name"])
    html = login(user).get("/", follow=True).content.decode()
    assert "欢迎，徐志文" in html and "欢迎, " not in html
