"""Sections other apps add to the account page (/accounts/), e.g. the two-factor status.

An app registers a template in its AppConfig.ready()::

    from kaopu.accounts import account_page
    account_page.register_section("twofactor/account_section.html")

The template is included inside the page's list of settings (a ``<section class="card">`` of its own
is the expected shape) with the page's context: ``user``, ``request``.
"""

from __future__ import annotations

_SECTIONS: list[str] = []


def register_section(template_name: str) -> None:
    if template_name not in _SECTIONS:
        _SECTIONS.append(template_name)


def sections() -> list[str]:
    return list(_SECTIONS)
