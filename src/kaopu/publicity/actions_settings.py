"""Staff's settings of their district's public site: its columns (栏目) and its SiteSettings (name, review
steps, contact, 备案号). Each save is audited in its own transaction, naming what changed."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.publicity.actions import PublicityError, site_settings
from kaopu.publicity.models import Article, Column, SiteSettings

COLUMN_FIELDS = ("name", "slug", "description", "position", "on_home", "active", "update_interval_days")
SETTINGS_FIELDS = ("site_name", "review_steps", "address", "phone", "email", "office_hours", "record_number")


# What the public frame of every page shows (kaopu.publicity.site.frame: the header's name and columns, the
# footer's contact): changing one changes every published page of the district, which the tamper check would
# take for tampering, so those pages are fingerprinted again in the same transaction (kaopu.publicity.tamper).
COLUMN_FRAME_FIELDS = ("name", "slug", "position", "active")
SETTINGS_FRAME_FIELDS = ("site_name", "address", "phone", "email", "office_hours", "record_number")


def _rebaseline(user: Any, district_id: int, reason: str) -> int:
    from kaopu.publicity import tamper

    published = Article.objects.filter(district_id=district_id, state=Article.State.PUBLISHED).values_list(
        "pk", flat=True)
    return tamper.refresh(list(published), user, reason)


def _staff(user: Any) -> None:
    if user.role != Role.FIC_STAFF or user.district_id is None:
        raise PublicityError(_("Only FIC staff of a district change its public site."))


def _changes(row: Any, values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    return {name: [getattr(row, name), values[name]] for name in fields
            if name in values and getattr(row, name) != values[name]}


def save_column(user: Any, column_id: int | None = None, **values: Any) -> Column:
    """Create (column_id None) or change a column of the user's district."""
    _staff(user)
    unknown = set(values) - set(COLUMN_FIELDS)
    if unknown:
        raise TypeError(f"not a column field: {sorted(unknown)}")
    try:
        with transaction.atomic():
            if column_id is None:
                column = Column(district_id=user.district_id)
                changes = {name: [None, value] for name, value in values.items()}
            else:
                column = access.get_object_for_user(user, Column.objects.select_for_update(), column_id, "change")
                changes = _changes(column, values, COLUMN_FIELDS)
            for name, value in values.items():
                setattr(column, name, value.strip() if isinstance(value, str) else value)
            column.save()
            record(Action.CREATE if column_id is None else Action.UPDATE, actor=user, target=column,
                   object_label=_("column “%(name)s”") % {"name": column.name},
                   summary=(_("Created the column “%(name)s”.") if column_id is None
                            else _("Changed the column “%(name)s”.")) % {"name": column.name},
                   data={"changes": {k: [str(a), str(b)] for k, (a, b) in changes.items()}})
            if (column.active and column_id is None) or set(changes) & set(COLUMN_FRAME_FIELDS):
                _rebaseline(user, column.district_id, _("the column “%(name)s” changed") % {"name": column.name})
    except IntegrityError:
        raise PublicityError(_("Name and address name: another column of your district already uses this name "
                               "or address name.")) from None
    return column


def save_site_settings(user: Any, **values: Any) -> SiteSettings:
    """Change the user's district's site settings."""
    _staff(user)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not a settings field: {sorted(unknown)}")
    with transaction.atomic():
        row = SiteSettings.objects.select_for_update().filter(district_id=user.district_id).first()
        if row is None:
            row = site_settings(user.district_id)
        changes = _changes(row, values, SETTINGS_FIELDS)
        for name, value in values.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        row.save()
        record(Action.UPDATE, actor=user, target=row,
               object_label=_("public site settings “%(name)s”") % {"name": row.site_name},
               summary=_("Changed the public site's settings: %(fields)s.") % {
                   "fields": "、".join(str(SiteSettings._meta.get_field(name).verbose_name) for name in changes)
                   or _("nothing")},
               data={"changes": {k: [str(a), str(b)] for k, (a, b) in changes.items()}})
        if set(changes) & set(SETTINGS_FRAME_FIELDS):
            _rebaseline(user, row.district_id, _("the public site's settings changed"))
    return row
