"""The enterprise's contact on an appeal (联系人, 联系电话): who the departments call about it.

Chosen by the enterprise when it submits: by default the submitting user (the account's name and phone),
or one of the enterprise's people in the directory (kaopu.directory: EnterprisePerson), or anyone it names.
FIC staff recording an appeal (hotline, meeting, visit) name the person who raised it, or leave it to the
enterprise's contact in the directory. Phones are checked and stored in one form (kaopu.core.phones).

Who reads the phone whole (DESIGN.md §1 and §6: personal data is masked unless the role needs it):

- the enterprise itself (its own data);
- FIC staff (ROLES_SEEING_PERSONAL_DATA: they triage, follow and call);
- the handlers of the departments the appeal was dispatched to, lead or co-handling: they must call the
  enterprise to answer it, and access.scope shows them no other appeal;
- a district leader reads it masked (138****5678): leaders read, they do not call;
- the public board never shows a contact.

Every page or API answer that shows the phone whole to someone other than the enterprise leaves one
VIEW_PERSONAL audit entry (kaopu.directory.personal_data.record_viewing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core.masking import mask_phone
from kaopu.core.phones import normalise_phone
from kaopu.directory.models import EnterprisePerson

NAME_MAX_LENGTH = 50
NAME_LABEL = gettext_lazy("Contact person")
PHONE_LABEL = gettext_lazy("Contact phone")
# Roles that read the phone whole on an appeal they may see (the enterprise's own users too, see phone_for).
WHOLE_PHONE_ROLES = frozenset({Role.FIC_STAFF, Role.DEPARTMENT_HANDLER})


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


def clean(name: Any, phone: Any) -> Contact:
    """A contact as typed, checked: a name (at most 50 characters) and a mainland phone number. Raises
    ValidationError with a dict naming the field (contact_name / contact_phone) and the rule."""
    errors: dict[str, str] = {}
    name = " ".join(str(name or "").split())
    if not name:
        errors["contact_name"] = _("%(field)s: please enter the name of the person to contact.") % {
            "field": NAME_LABEL}
    elif len(name) > NAME_MAX_LENGTH:
        errors["contact_name"] = _("%(field)s: at most %(max)d characters; this one has %(count)d.") % {
            "field": NAME_LABEL, "max": NAME_MAX_LENGTH, "count": len(name)}
    try:
        phone = normalise_phone(phone, PHONE_LABEL)
    except ValidationError as error:
        errors["contact_phone"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    return Contact(name, phone)


def valid_phone(phone: Any) -> str:
    """``phone`` in its stored form, or "" when it is no mainland phone number (an account's or the
    directory's phone, never checked when it was entered)."""
    try:
        return normalise_phone(phone, PHONE_LABEL)
    except ValidationError:
        return ""


def directory_people(enterprise_id: int) -> list[tuple[int, Contact, str]]:
    """The enterprise's people in the directory that have a valid phone, as (person id, contact, role
    label), its contacts (联系人) first; each person once. One query."""
    links = (EnterprisePerson.objects.filter(enterprise_id=enterprise_id).exclude(person__phone="")
             .select_related("person").order_by("id"))
    order = {EnterprisePerson.Role.CONTACT: 0, EnterprisePerson.Role.LEGAL_REPRESENTATIVE: 1,
             EnterprisePerson.Role.CONTROLLER: 2}
    people: dict[int, tuple[int, Contact, str]] = {}
    for link in sorted(links, key=lambda link: order.get(link.role, 3)):
        phone = valid_phone(link.person.phone)
        if phone and link.person_id not in people:
            people[link.person_id] = (link.person_id, Contact(link.person.name[:NAME_MAX_LENGTH], phone),
                                      str(link.get_role_display()))
    return list(people.values())


def default_for(user: Any, enterprise: Any) -> Contact | None:
    """The contact of a submission that names none (the API, a meeting's issue, a legal request …): the
    submitting enterprise user when the account has a valid phone, else the enterprise's first contact in
    the directory, else None (the appeal has no contact; pages show "—")."""
    if user.role == Role.ENTERPRISE_USER:
        phone = valid_phone(getattr(user, "phone", ""))
        if phone and user.name:
            return Contact(user.name[:NAME_MAX_LENGTH], phone)
    people = directory_people(enterprise.pk)
    return people[0][1] if people else None


def sees_whole_phone(user: Any, appeal: Any) -> bool:
    """Whether ``user``, who may see ``appeal`` (access.scope), reads its contact's phone whole."""
    if user.role == Role.ENTERPRISE_USER:
        return user.enterprise_id == appeal.enterprise_id
    return user.role in WHOLE_PHONE_ROLES


def phone_for(user: Any, appeal: Any) -> str:
    """The contact phone as ``user`` may read it: whole or masked (138****5678); "" when there is none."""
    if not appeal.contact_phone:
        return ""
    return appeal.contact_phone if sees_whole_phone(user, appeal) else mask_phone(appeal.contact_phone)


def record_viewing(request: Any, user: Any, appeal: Any) -> None:
    """One VIEW_PERSONAL audit entry for a page or API answer that showed the contact's phone whole to
    someone other than the enterprise itself (record_viewing skips the enterprise's own reading)."""
    from kaopu.directory.personal_data import record_viewing as record

    if appeal.contact_phone and user.role != Role.ENTERPRISE_USER and sees_whole_phone(user, appeal):
        record(request, user, what=f"诉求 {appeal.number} 联系人 {appeal.contact_name} 的电话",
               enterprises=[appeal.enterprise], object_type="appeals.appeal", object_id=appeal.pk)


def shown(request: Any, user: Any, appeal: Any) -> dict[str, str]:
    """The contact phone as a page shows it to ``user`` (templates/appeals/_contact.html): ``phone``, whole
    or masked, and ``tel`` (a tel: link's number, pauses before an extension) when whole; records the
    viewing (record_viewing)."""
    phone = phone_for(user, appeal)
    whole = bool(phone) and phone == appeal.contact_phone
    record_viewing(request, user, appeal)
    return {"phone": phone, "tel": phone.replace("转", ",").replace("-", "") if whole else ""}
