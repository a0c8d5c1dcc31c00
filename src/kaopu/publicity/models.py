"""The publicity app's tables. For now: the security administrator's lexicon terms (词库), merged with the
shipped data/lexicon.tsv by kaopu.publicity.guard.lexicon.current_lexicon()."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kaopu.publicity.guard.findings import Category, Severity

LEXICON_CATEGORIES = [
    (value, label) for value, label in Category.choices
    if value in (Category.GAMBLING, Category.FRAUD, Category.PORN, Category.ILLEGAL_SERVICE,
                 Category.POLITICAL_RUMOUR)
]


class LexiconTerm(models.Model):
    """A term the security administrator added to the content guard's lexicon, or a shipped term they
    changed: a row whose term folds like a shipped one replaces it (``active`` off switches it off)."""

    term = models.CharField(_("term"), max_length=100, unique=True)
    category = models.CharField(_("term category"), max_length=20, choices=LEXICON_CATEGORIES)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.HIGH)
    variants = models.CharField(
        _("variants"), max_length=500, blank=True,
        help_text=_("Pinyin or Latin spellings separated by |; @pinyin adds the term's pinyin."),
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lexicon term")
        verbose_name_plural = _("lexicon terms")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def clean(self) -> None:
        from kaopu.publicity.guard.normalise import fold

        self.term = (self.term or "").strip()
        if self.term and not any(char.isalnum() for char in fold(self.term)):
            raise ValidationError({"term": _("A term must hold at least one letter, digit or Chinese character.")})
        for variant in (self.variants or "").split("|"):
            variant = variant.strip()
            if variant and variant != "@pinyin" and not any(char.isalnum() for char in fold(variant)):
                raise ValidationError({"variants": _(
                    "Each variant must hold at least one letter, digit or Chinese character: “%(variant)s” "
                    "holds none.") % {"variant": variant}})
