"""The interface is Chinese by default: every message of every catalogue must be translated."""

from __future__ import annotations

import polib
import pytest
from django.utils import translation

from kaopu.core.compilemessages import catalogues


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parent.parent.parent.parent.name)
def test_every_message_has_a_chinese_translation(po_path) -> None:  # type: ignore[no-untyped-def]
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {po_path}"
    assert fuzzy == [], f"fuzzy in {po_path}"


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parent.parent.parent.parent.name)
def test_compiled_catalogue_matches_its_source(po_path) -> None:  # type: ignore[no-untyped-def]
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) or e.msgstr_plural.get("0")
              for e in polib.pofile(str(po_path)) if not e.obsolete}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) or e.msgstr_plural.get("0")
                for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    assert compiled == source, "run `make messages` (or python -m kaopu.core.compilemessages)"


def test_chinese_is_the_default_language(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录靠谱平台" in response.content.decode()


def test_english_is_available(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Log in to Kaopu" in response.content.decode()
    with translation.override("en"):
        assert translation.gettext("Enterprises") == "Enterprises"
