"""The start-page entries of modules that are not built yet (kaopu.core.registry).

A chamber officer's start page says what the chambers module (商会, DESIGN.md section 2) will bring,
rather than being empty. When that app exists, it registers its own to-dos and this notice moves there.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.registry import Notice, registry

registry.add_notice(Notice(
    key="core.chambers_to_come", label=_("Chamber work is coming"), roles=frozenset({Role.CHAMBER_OFFICER}),
    text=_("When the chambers module opens, this page will show what waits for your chamber: members to "
           "confirm, leadership terms ending, the Four-Good evaluation material to hand in and your brand "
           "projects. Until then, the menu leads to the public board and your account.")))
