"""What the guard reports: a finding, its category and severity, in words a reviewer reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    # The lexicon's categories (data/lexicon.tsv names them by these values).
    GAMBLING = "gambling", _("Gambling")
    FRAUD = "fraud", _("Fraud")
    PORN = "porn", _("Pornography")
    ILLEGAL_SERVICE = "illegal_service", _("Illegal service")
    POLITICAL_RUMOUR = "political_rumour", _("Political rumour")
    # The HTML checks' categories.
    HIDDEN_CONTENT = "hidden_content", _("Hidden content")
    OUTSIDE_LINK = "outside_link", _("Link to an outside site")
    ACTIVE_CONTENT = "active_content", _("Script or embedded content")
    REDIRECT = "redirect", _("Automatic redirect")


class Severity(models.TextChoices):
    # High blocks approval; medium needs the final approver's acknowledgement; low is shown only.
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


@dataclass(frozen=True)
class Finding:
    """One thing the guard found: ``text == original[start:end]`` (character offsets in the scanned text)."""

    start: int
    end: int
    text: str
    term: str  # the lexicon term, or what the HTML check found ("script", the link's domain …)
    category: str
    severity: str
    reason: str  # a sentence for the reviewer, already translated

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "term": self.term,
            "category": self.category,
            "severity": self.severity,
            "reason": self.reason,
        }


def has_high(findings: list[Finding]) -> bool:
    return any(finding.severity == Severity.HIGH for finding in findings)
