"""Every change of activities, their photos and the activity types (活动).

One function per use case, each in one transaction that locks the row it changes through the access rule
(kaopu.programs.permissions: another chamber's or district's activity raises Http404, as a guessed id
must) and appends an audit entry naming the activity in words. Refusals raise :class:`ActivityError`
with the field it concerns and a message for a person that names the field and the rule.

Who: a chamber officer records their own chamber's activities (the organiser is always their chamber);
FIC staff record the FIC's and may record or edit any of their district's (the organiser is the FIC or
one of the district's chambers). The enterprises taking part are named by id, by unified social credit
code or by exact name, and must be ones the organiser may name: an enterprise of the district's
directory for the FIC, a current member of the chamber for a chamber (so that its officer reads no
enterprise outside their chamber).

Photos are re-encoded with kaopu.publicity.images (what is stored is an image Pillow wrote); a file
written in a transaction that then fails is deleted again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.appeals.attachments import clean_name
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.chambers.models import Chamber
from kaopu.chambers.permissions import officer_chamber
from kaopu.core import access
from kaopu.core.errors import ActionRefused
from kaopu.core.inputs import Inputs, save_choice
from kaopu.core.stored_files import delete_after_commit, written
from kaopu.directory.models import Enterprise
from kaopu.programs import selectors
from kaopu.programs.models import Activity, ActivityPhoto, ActivityType, EducationSite
from kaopu.publicity import images

MAX_PHOTOS = 30  # per activity
MAX_HEADCOUNT = 100_000
MAX_ENTERPRISES = 300  # per activity
MAX_DURATION = timedelta(days=31)
KEEP = object()  # update_activity: the organiser stays as it is


class ActivityError(ActionRefused):
    """A refused change: ``field`` names the input, ``message`` is for a person."""


# --- input ----------------------------------------------------------------------------------------------

_read = Inputs(ActivityError)
_refuse = _read.refuse
_text = _read.text


def _moment(value: Any, field: str, label: Any, *, required: bool) -> datetime | None:
    """An aware moment from a datetime (a naive one is Asia/Shanghai time) or ISO text."""
    if value in (None, ""):
        if required:
            raise _refuse(field, label, _("this field is required."))
        return None
    if isinstance(value, str):
        try:
            value = parse_datetime(value.strip().replace(" ", "T", 1))
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        raise _refuse(field, label, _("please give a date and time written YYYY-MM-DD HH:MM."))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not 2000 <= timezone.localtime(value).year <= timezone.localdate().year + 1:
        raise _refuse(field, label, _("the year must lie between 2000 and next year."))
    return value


def _headcount(value: Any) -> int | None:
    label = _("Headcount")
    if value in (None, ""):
        return None
    try:
        number = int(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        raise _refuse("headcount", label, _("please give a whole number.")) from None
    if not 0 <= number <= MAX_HEADCOUNT:
        raise _refuse("headcount", label, _("must be between 0 and %(max)s.") % {"max": MAX_HEADCOUNT})
    return number


def _type(value: Any, current: ActivityType | None) -> ActivityType:
    pk = getattr(value, "pk", value)
    found = ActivityType.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    # A retired type stays on the activities that have it, but no new activity takes it.
    if found is None or not (found.is_active or found == current):
        raise _refuse("type", _("Activity type"), _("please choose one of the list."))
    return found


def _clean(values: dict[str, Any], current: Activity | None = None) -> dict[str, Any]:
    starts_at = _moment(values.get("starts_at"), "starts_at", _("Starts at"), required=True)
    ends_at = _moment(values.get("ends_at"), "ends_at", _("Ends at"), required=False)
    if ends_at is not None and starts_at is not None:
        if ends_at < starts_at:
            raise _refuse("ends_at", _("Ends at"), _("cannot be before the start."))
        if ends_at - starts_at > MAX_DURATION:
            raise _refuse("ends_at", _("Ends at"), _("an activity lasts at most 31 days."))
    return {
        "type": _type(values.get("type"), current.type if current else None),
        "title": _text(values.get("title"), "title", _("Title"), 100, required=True),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": _text(values.get("place"), "place", _("Place"), 200),
        "people": _text(values.get("people"), "people", _("People taking part"), 3000),
        "headcount": _headcount(values.get("headcount")),
        "report": _text(values.get("report"), "report", _("Short report"), 5000),
    }


# --- who and where ----------------------------------------------------------------------------------------

def _site(value: Any, district_id: int, current: Activity | None) -> EducationSite | None:
    """The education site the activity is held at (a site of its district that is active, or the one it
    named already), or None. Picking a site fills in nothing else: ``place`` stays free for a room or
    for a venue that is not a site."""
    pk = getattr(value, "pk", value)
    if pk in (None, ""):
        return None
    found = EducationSite.objects.filter(pk=pk, district_id=district_id).first() if str(pk).isdigit() else None
    if found is None or not (found.status == EducationSite.Status.ACTIVE
                             or (current is not None and current.site_id == found.pk)):
        raise _refuse("site", _("Education site"), _("please choose an active site of the district."))
    return found


def _organiser(user: Any, chamber: Any) -> tuple[int, Chamber | None]:
    """(district id, chamber or None for the FIC) of a new or edited activity recorded by ``user``."""
    if getattr(user, "role", None) == Role.CHAMBER_OFFICER:
        own = officer_chamber(user)
        if own is None:
            raise ActivityError("chamber", _("Organiser: your chamber is not recorded yet; the FIC's staff record "
                                             "it first."))
        return own.district_id, own
    if getattr(user, "role", None) != Role.FIC_STAFF:
        raise ActivityError("user", _("Only FIC staff and chamber officers record activities."))
    if not user.district_id:
        raise ActivityError("district", _("District: activities belong to a district; city-level accounts may "
                                          "read them only."))
    if chamber in (None, ""):
        return int(user.district_id), None
    pk = getattr(chamber, "pk", chamber)
    found = Chamber.objects.filter(pk=pk, district_id=user.district_id).first() if str(pk).isdigit() else None
    if found is None:
        raise ActivityError("chamber", _("Organiser: please choose the FIC or a chamber of your district."))
    return found.district_id, found


def _key(value: Any) -> int | str:
    """An enterprise as named: an id (an object, a number, or digits shorter than a credit code), or text
    (a credit code in any case or width, or an exact name)."""
    value = getattr(value, "pk", value)
    if isinstance(value, int):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return int(text) if text.isdigit() and len(text) < 18 else text


def _enterprises(values: Iterable[Any] | None, district_id: int, chamber: Chamber | None) -> list[Enterprise]:
    """The enterprises named by id, object, credit code or exact name, in one query; every one must be
    one the organiser may name (the FIC: the district's; a chamber: its current members)."""
    label = _("Enterprises taking part")
    wanted = list(dict.fromkeys(_key(v) for v in values or [] if v not in ("", None)))
    wanted = [key for key in wanted if key != ""]
    if len(wanted) > MAX_ENTERPRISES:
        raise _refuse("enterprises", label, _("at most %(max)s enterprises.") % {"max": MAX_ENTERPRISES})
    ids = [key for key in wanted if isinstance(key, int)]
    texts = [key for key in wanted if isinstance(key, str)]
    found = list(selectors.nameable_enterprises(district_id, chamber).filter(
        Q(pk__in=ids) | Q(credit_code__in=[t.upper() for t in texts]) | Q(name__in=texts)))
    known = {e.pk for e in found} | {e.credit_code for e in found} | {e.name for e in found}
    missing = [str(key) for key in wanted if key not in known and str(key).upper() not in known]
    if missing:
        rule = (_("“%(names)s” is not a current member of the organising chamber.") if chamber is not None
                else _("no enterprise of the district's directory is named “%(names)s” or has that credit code."))
        raise _refuse("enterprises", label, rule % {"names": "、".join(missing[:5])})
    return sorted(found, key=lambda e: e.pk)


def _locked(user: Any, rows: Any, pk: Any) -> Any:
    """The row of ``rows`` (a model or a queryset) the user may change, locked (only its own table: the
    joined chamber may be empty, and PostgreSQL locks no outer join's nullable side); Http404 otherwise."""
    queryset = rows if isinstance(rows, QuerySet) else rows.objects.all()
    return access.get_object_for_user(user, queryset.select_for_update(of=("self",)), getattr(pk, "pk", pk), "change")


def _words(activity: Activity) -> str:
    """The activity in words for the audit log: 「title」（organiser, local date）."""
    return f"「{activity.title}」（{activity.organiser}，{timezone.localdate(activity.starts_at):%Y-%m-%d}）"


def _changed(row: Any, clean: dict[str, Any]) -> dict[str, list[str]]:
    return {name: [str(getattr(row, name)), str(value)] for name, value in clean.items()
            if getattr(row, name) != value}


# --- activities -------------------------------------------------------------------------------------------

@transaction.atomic
def create_activity(*, acting_user: Any, chamber: Any = None, enterprises: Iterable[Any] = (),
                    **values: Any) -> Activity:
    """An activity of the officer's chamber, or (staff) of the FIC or a chamber of the district.
    Errors: a missing or too long field, an unknown or retired type, an end before the start, a chamber
    of another district, an enterprise the organiser may not name, a role that records no activities."""
    district_id, organiser = _organiser(acting_user, chamber)
    clean = {**_clean(values), "site": _site(values.get("site"), district_id, None)}
    chosen = _enterprises(enterprises, district_id, organiser)
    activity = Activity.objects.create(district_id=district_id, chamber=organiser, created_by=acting_user, **clean)
    activity.enterprises.set(chosen)
    record(Action.CREATE, actor=acting_user, target=activity, summary=f"新增活动{_words(activity)}",
           data={"type": activity.type.name, "chamber": activity.chamber_id, "site": activity.site_id,
                 "enterprises": [e.pk for e in chosen]})
    return activity


@transaction.atomic
def update_activity(activity: Any, *, acting_user: Any, chamber: Any = KEEP, enterprises: Iterable[Any] | None = None,
                    **values: Any) -> Activity:
    """The activity's fields replaced (all given), the enterprises too when given; staff may change the
    organiser within the district (``chamber``: None or "" for the FIC; left out, it stays), an officer's
    activity stays their chamber's. Errors as :func:`create_activity`; Http404 for an activity the user
    may not change."""
    locked = _locked(acting_user, Activity.objects.select_related("chamber", "type"), activity)
    district_id, organiser = _organiser(acting_user, locked.chamber if chamber is KEEP else chamber)
    clean = {**_clean(values, locked), "site": _site(values.get("site"), district_id, locked)}
    changed = _changed(locked, {**clean, "chamber": organiser})
    if enterprises is not None:
        chosen = _enterprises(enterprises, district_id, organiser)
    elif organiser != locked.chamber:
        # The organiser changed and the list was not given again: keep only those the new one may name.
        nameable = selectors.nameable_enterprises(district_id, organiser)
        chosen = list(nameable.filter(pk__in=locked.enterprises.values("pk")))
    else:
        chosen = None
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.chamber, locked.district_id = organiser, district_id
    locked.save()
    if chosen is not None:
        locked.enterprises.set(chosen)
        changed["enterprises"] = [str(e.pk) for e in chosen]
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"修改活动{_words(locked)}",
           data={"changed": changed})
    return locked


# --- photos -----------------------------------------------------------------------------------------------

def add_photo(activity: Any, *, acting_user: Any, upload: UploadedFile, caption: str = "") -> ActivityPhoto:
    """Re-encode ``upload`` and add it to the activity with its caption. Errors: not a readable image or
    too large (the rules of kaopu.publicity.images), a caption over 120 characters, more than
    MAX_PHOTOS photos; Http404 for an activity the user may not change."""
    name = clean_name(upload.name or "")
    caption = _text(caption, "caption", _("Caption"), 120)
    try:
        encoded = images.reencode(images.read_upload(upload), name)
    except images.ImageRefused as error:
        raise ActivityError("photo", str(error)) from None
    with written() as written_names, transaction.atomic():
        locked = _locked(acting_user, Activity.objects.select_related("chamber"), activity)
        if locked.photos.count() >= MAX_PHOTOS:
            raise ActivityError("photo", _("Photos: an activity holds at most %(max)d photos.")
                                % {"max": MAX_PHOTOS})
        photo = ActivityPhoto(activity=locked, content_type=encoded.content_type, width=encoded.width,
                              height=encoded.height, size=len(encoded.content), sha256=encoded.sha256,
                              original_name=name, caption=caption, uploaded_by=acting_user)
        photo.file.save(f"photo.{encoded.extension}", ContentFile(encoded.content), save=False)
        written_names.append(photo.file.name)
        photo.save()
        record(Action.UPDATE, actor=acting_user, target=locked,
               summary=f"活动{_words(locked)}新增照片“{name}”（{encoded.width}×{encoded.height}）",
               data={"photo": photo.pk, "sha256": encoded.sha256, "caption": caption})
    return photo


@transaction.atomic
def update_caption(photo: Any, *, acting_user: Any, caption: str) -> ActivityPhoto:
    """A photo's caption replaced. Errors: more than 120 characters; Http404 for a photo the user may not
    change."""
    locked = _locked(acting_user, ActivityPhoto.objects.select_related("activity__chamber"), photo)
    caption = _text(caption, "caption", _("Caption"), 120)
    before, locked.caption = locked.caption, caption
    locked.save(update_fields=["caption"])
    record(Action.UPDATE, actor=acting_user, target=locked.activity,
           summary=f"活动{_words(locked.activity)}的照片“{locked.original_name}”改标题为“{caption}”",
           data={"photo": locked.pk, "caption": [before, caption]})
    return locked


def remove_photo(photo: Any, *, acting_user: Any) -> None:
    """Take a photo off its activity (its file is deleted once the removal committed); Http404 for a
    photo the user may not change."""
    with transaction.atomic():
        locked = _locked(acting_user, ActivityPhoto.objects.select_related("activity__chamber"), photo)
        activity, stored = locked.activity, locked.file.name
        record(Action.UPDATE, actor=acting_user, target=activity,
               summary=f"活动{_words(activity)}删除照片“{locked.original_name}”",
               data={"photo": locked.pk, "sha256": locked.sha256})
        locked.delete()
        delete_after_commit(stored)


# --- activity types ---------------------------------------------------------------------------------------

@transaction.atomic
def save_activity_type(activity_type: Any = None, *, acting_user: Any, name: Any, sort_order: Any = 0,
                       is_active: bool = True) -> ActivityType:
    """A new type (``activity_type`` None) or an existing one renamed, reordered, retired or restored
    (staff only). Errors: an empty or too long name, a name another type has, an order outside 0–999."""
    if getattr(acting_user, "role", None) != Role.FIC_STAFF:
        raise ActivityError("user", _("Only FIC staff edit the activity types."))
    row = ActivityType() if activity_type is None else _locked(acting_user, ActivityType, activity_type)
    return save_choice(row, created=activity_type is None, read=_read, acting_user=acting_user, name=name,
                       sort_order=sort_order, is_active=is_active, noun="活动类型",
                       taken=_("another activity type has this name."))
