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


# Messages that older apps translate differently, where the first app's word (Django takes the catalogue of the
# app listed first in INSTALLED_APPS) reads acceptably in the others. Do not add to this list: a message that
# means something else in a new app takes a context (pgettext_lazy("chamber", "role")), or the new app uses the
# word the first app gives it. Remove an entry when its catalogues agree.
OLDER_DIFFERENCES = frozenset({
    '%(field)s: at most %(max)s characters (now %(n)s).', '%(field)s: this field is required.', 'Add',
    'Appeal measures', 'Category', 'Choose at most %(n)s months at once.', 'Comment', 'Content', 'Credit code',
    'Description', 'District', 'E-mail', 'Edit',
    'Enterprise: several enterprises match “%(query)s”; enter the credit code or more of the name.', 'Explanation',
    'Figures', 'Financing figures', 'Industry', 'Investment attraction', 'Investment figures',
    'Legal service requests', 'Legal services', 'Meetings', 'No enterprise matches these filters.',
    'No meeting is planned at the moment.', 'Note', 'Phone', 'Please correct the fields marked below.', 'Progress',
    'Rating', 'Reason', 'Reason for withdrawing', 'Record', 'Remove', 'Search', 'Show', 'Size', 'Subdistrict',
    'Timeline', 'Withdraw', 'Working days', 'Year', 'Your role may not do this.', 'active', 'breakfast meeting',
    'cancelled', 'created', 'decision', 'declined', 'district', 'event', 'every year', 'explanation', 'high-tech',
    'inactive', 'industry', 'internal', 'kind', 'lead', 'legal service', 'meeting', 'organisation', 'overdue',
    'phone', 'rating', 'reason', 'reason for withdrawing', 'subdistrict', 'summary', 'title',
})


def test_a_message_reads_the_same_in_every_catalogue() -> None:
    """One English message is shown with one Chinese translation whatever app's page shows it (the first app's):
    a second translation in a later app is never seen, and means the later app's page says something else than
    its author wrote (a chamber's status “merged” shown as the appeals' 已并单, an article's “title” as 身份)."""
    translations: dict[tuple[str | None, str], dict[str, str]] = {}
    for po_path in catalogues():
        app = po_path.parent.parent.parent.parent.name
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr and not entry.obsolete:
                translations.setdefault((entry.msgctxt, entry.msgid), {})[app] = entry.msgstr
    differing = {key: apps for key, apps in translations.items() if len(set(apps.values())) > 1}
    new = {key: apps for key, apps in differing.items() if key[0] is not None or key[1] not in OLDER_DIFFERENCES}
    assert new == {}, "give the message a context (pgettext) or use the first app's translation"
    agreed = OLDER_DIFFERENCES - {msgid for _context, msgid in differing}
    assert agreed == set(), "these catalogues agree now: remove them from OLDER_DIFFERENCES"


# Messages whose Chinese on the pages is Django's own (django.contrib.admin, auth and contenttypes come before
# the kaopu apps in INSTALLED_APPS, so their catalogues win): found in issue 17, to be given contexts
# (docs/pitfalls.md, "Programs and giving"). "Filter" (过滤器 on every list's button) had its context then.
SHADOWED_BY_DJANGO = frozenset({
    "Action", "Add", "Administration", "Change my password", "History", "Log out", "Summary",
    "Your password was changed.", "content type", "object id",
})


def test_no_new_message_reads_django_s_translation_instead_of_ours() -> None:
    """What a page shows for a kaopu message is one of the kaopu catalogues' translations, not a word from
    Django's own catalogues (the filter button read 过滤器, the admin's word, instead of 筛选)."""
    ours: dict[tuple[str | None, str], set[str]] = {}
    for po_path in catalogues():
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr and not entry.obsolete and not entry.msgid_plural:
                ours.setdefault((entry.msgctxt, entry.msgid), set()).add(entry.msgstr)
    with translation.override("zh-hans"):
        shown = {key: translation.pgettext(key[0], key[1]) if key[0] else translation.gettext(key[1])
                 for key in ours}
    shadowed = {key[1] for key, words in ours.items() if shown[key] not in words}
    assert shadowed - SHADOWED_BY_DJANGO == set(), "give the message a context (pgettext): Django translates it"
    assert SHADOWED_BY_DJANGO - shadowed == set(), "these read ours now: remove them from SHADOWED_BY_DJANGO"
