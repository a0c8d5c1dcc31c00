"""Every change of the ideals-and-beliefs education sites (理想信念教育指导点/示范点).

FIC staff designate a site (create), edit it and change its status (active, suspended, withdrawn) with
the day and the reason; each change is one transaction that locks the site through the access rule (a
site of another district raises Http404, as a guessed id must) and appends an audit entry naming the
site in words. Refusals raise :class:`SiteError` with the field and a message that names the rule.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.chambers.models import Chamber
from kaopu.core import access
from kaopu.core.errors import ActionRefused
from kaopu.core.inputs import Inputs
from kaopu.core.workdays import local_today
from kaopu.directory.models import Enterprise, Subdistrict
from kaopu.programs.models import EducationSite

MAX_CAPACITY = 100_000
FIRST_YEAR = 1990  # the first designations predate the platform


class SiteError(ActionRefused):
    """A refused change of an education site."""


_read = Inputs(SiteError)
_refuse = _read.refuse
_text = _read.text


def _words(site: EducationSite) -> str:
    """The site in words for the audit log: 「name」（指导点）."""
    return f"「{site.name}」（{site.get_kind_display()}）"


def _staff_district(user: Any) -> int:
    if getattr(user, "role", None) != Role.FIC_STAFF or not user.district_id:
        raise SiteError("user", _("Only the FIC staff of a district designate and edit education sites."))
    return int(user.district_id)


def _number(value: Any, field: str, label: Any, low: int, high: int, *, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise _refuse(field, label, _("this field is required."))
        return None
    try:
        number = int(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        raise _refuse(field, label, _("please give a whole number.")) from None
    if not low <= number <= high:
        raise _refuse(field, label, _("must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return number


def _choice(value: Any, field: str, label: Any, choices: Any) -> str:
    if value not in choices.values:
        raise _refuse(field, label, _("please choose one of the list."))
    return str(value)


def _row(model: Any, value: Any, district_id: int, field: str, label: Any) -> Any:
    """A row of the district (subdistrict, enterprise, chamber) named by id, or None for empty."""
    pk = getattr(value, "pk", value)
    if pk in (None, ""):
        return None
    found = model.objects.filter(pk=pk, district_id=district_id).first() if str(pk).isdigit() else None
    if found is None:
        raise _refuse(field, label, _("please choose one of your district's."))
    return found


def _enterprise_of(value: Any, district_id: int, field: str, label: Any) -> Enterprise | None:
    """An enterprise of the district named by id (or given), credit code (any case or width) or exact
    name, as the enterprise picker fills it in; None for empty."""
    if isinstance(value, Enterprise):
        value = value.pk
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not text:
        return None
    named = Q(credit_code=text.upper()) | Q(name=text)
    if text.isdigit() and len(text) < 18:
        named |= Q(pk=int(text))
    found = Enterprise.objects.filter(named, district_id=district_id).order_by("id").first()
    if found is None:
        raise _refuse(field, label, _("no enterprise of the district's directory is named “%(names)s” or has "
                                      "that credit code.") % {"names": text})
    return found


def _clean(values: dict[str, Any], district_id: int) -> dict[str, Any]:
    host_enterprise = _enterprise_of(values.get("host_enterprise"), district_id, "host_enterprise",
                                    _("Host enterprise"))
    host_chamber = _row(Chamber, values.get("host_chamber"), district_id, "host_chamber", _("Host chamber"))
    if host_enterprise and host_chamber:
        raise _refuse("host_chamber", _("Host chamber"), _("a site has one host: an enterprise or a chamber, "
                                                           "not both."))
    phone = _text(values.get("contact_phone"), "contact_phone", _("Contact phone"), 30)
    if phone and not all(c.isdigit() or c in "-+ ()" for c in unicodedata.normalize("NFKC", phone)):
        raise _refuse("contact_phone", _("Contact phone"), _("only digits, spaces and the signs + - ( )."))
    return {
        "name": _text(values.get("name"), "name", _("Site name"), 100, required=True),
        "kind": _choice(values.get("kind"), "kind", _("Kind of site"), EducationSite.Kind),
        "subdistrict": _row(Subdistrict, values.get("subdistrict"), district_id, "subdistrict", _("Subdistrict")),
        "address": _text(values.get("address"), "address", _("Address"), 200),
        "host_enterprise": host_enterprise,
        "host_chamber": host_chamber,
        "capacity": _number(values.get("capacity"), "capacity", pgettext("education site", "Capacity"), 1, MAX_CAPACITY,
                            required=False),
        "designated_year": _number(values.get("designated_year"), "designated_year", _("Year designated"),
                                   FIRST_YEAR, local_today().year, required=True),
        "contact_name": _text(values.get("contact_name"), "contact_name", _("Contact"), 50),
        "contact_phone": phone,
    }


def _save(site: EducationSite) -> None:
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError:
        raise _refuse("name", _("Site name"), _("another site of the district has this name.")) from None


@transaction.atomic
def create_site(*, acting_user: Any, **values: Any) -> EducationSite:
    """A new site of the staff member's district, active (since its designation).
    Errors: a missing or too long field, an unknown kind, a subdistrict, host or chamber of another
    district, two hosts, a name another site of the district has, a year outside 1990–this year."""
    district_id = _staff_district(acting_user)
    # Active since its designation: the status's day is kept from the first change of status on.
    site = EducationSite(district_id=district_id, status=EducationSite.Status.ACTIVE, **_clean(values, district_id))
    _save(site)
    record(Action.CREATE, actor=acting_user, target=site, summary=f"新增教育基地{_words(site)}",
           data={"kind": site.kind, "designated_year": site.designated_year, "host": site.host})
    return site


@transaction.atomic
def update_site(site: Any, *, acting_user: Any, **values: Any) -> EducationSite:
    """The site's fields replaced (all given; the status has its own action). Errors as
    :func:`create_site`; Http404 for a site the user may not change."""
    district_id = _staff_district(acting_user)
    locked = access.get_object_for_user(acting_user, EducationSite.objects.select_for_update(),
                                        getattr(site, "pk", site), "change")
    clean = _clean(values, district_id)
    changed = {name: [str(getattr(locked, name) or ""), str(value or "")] for name, value in clean.items()
               if getattr(locked, name) != value}
    for name, value in clean.items():
        setattr(locked, name, value)
    _save(locked)
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"修改教育基地{_words(locked)}",
           data={"changed": changed})
    return locked


def _day(value: Any) -> date:
    label = _("Status since")
    if isinstance(value, str):
        try:
            value = parse_date(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise _refuse("on", label, _("please give a date written YYYY-MM-DD."))
    if value > local_today():
        raise _refuse("on", label, _("cannot be in the future."))
    return value


@transaction.atomic
def change_site_status(site: Any, *, acting_user: Any, status: Any, on: Any,
                       reason: Any = "") -> EducationSite:
    """The site suspended, withdrawn or made active again on a day, for a reason (required unless it is
    made active). Errors: the status it has already, an unknown status, a day in the future, before the
    year of designation or before the current status's day, a missing reason; Http404 for a site the
    user may not change."""
    _staff_district(acting_user)
    locked = access.get_object_for_user(acting_user, EducationSite.objects.select_for_update(),
                                        getattr(site, "pk", site), "change")
    new = _choice(status, "status", _("Status"), EducationSite.Status)
    if new == locked.status:
        raise _refuse("status", _("Status"), _("the site has this status already."))
    day = _day(on)
    if day.year < locked.designated_year:
        raise _refuse("on", _("Status since"), _("cannot be before the year the site was designated (%(year)s).")
                      % {"year": locked.designated_year})
    if locked.status_since and day < locked.status_since:
        raise _refuse("on", _("Status since"), _("cannot be before the day of the current status (%(day)s).")
                      % {"day": locked.status_since.isoformat()})
    text = _text(reason, "reason", _("Reason"), 200, required=new != EducationSite.Status.ACTIVE)
    before = locked.get_status_display()
    locked.status, locked.status_since, locked.status_reason = new, day, text
    locked.save(update_fields=["status", "status_since", "status_reason", "updated_at"])
    record(Action.UPDATE, actor=acting_user, target=locked,
           summary=f"教育基地{_words(locked)}自 {day:%Y-%m-%d} 起由“{before}”改为“{locked.get_status_display()}”"
                   + (f"，原因：{text}" if text else ""),
           data={"status": new, "on": day.isoformat(), "reason": text})
    return locked
