"""The chambers of commerce (商会) a district FIC guides, as one package of model modules:

- ``chamber``: the chamber, its member enterprises with their roles over time, its leadership terms (换届);
- ``fourgood``: the Four-Good evaluation (cycles, indicators, applications with evidence, blind reviews);
- ``brand``: one-chamber-one-brand projects, and the reminders sent before a term ends.
"""

from kaopu.chambers.models.brand import BrandOutcome, BrandPhoto, BrandPlanItem, BrandProject, TermReminder
from kaopu.chambers.models.chamber import Chamber, LeadershipTerm, Membership, TermOfficer
from kaopu.chambers.models.fourgood import (
                                           Application,
                                           Cycle,
                                           Dimension,
                                           Evidence,
                                           Indicator,
                                           Review,
                                           Score,
                                           SelfAssessment,
)

__all__ = ["Application", "BrandOutcome", "BrandPhoto", "BrandPlanItem", "BrandProject", "Chamber", "Cycle",
           "Dimension", "Evidence", "Indicator", "LeadershipTerm", "Membership", "Review", "Score", "SelfAssessment",
           "TermOfficer", "TermReminder"]
