"""Input of the FIC staff's and the district leader's appeal pages; the actions check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kaopu.appeals import contact, lookups
from kaopu.appeals.attachments import AttachmentsField
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.routing import Suggestion
from kaopu.appeals.selectors import UNSATISFIED_WINDOW_DAYS, AppealFilters
from kaopu.core import access, collation
from kaopu.core.form_rendering import FieldNamedErrorsMixin
from kaopu.core.widgets import (
    FastSelect,
    PickerSelect,
    PickerSelectMultiple,
    PinyinModelChoiceField,
    PinyinModelMultipleChoiceField,
    RemotePicker,
)
from kaopu.directory.models import Department, Enterprise
from kaopu.directory.selectors import reference, search_enterprises

_YES_NO = [("", _("all")), ("1", _("yes")), ("0", _("no"))]
_DATE = forms.DateInput(attrs={"type": "date"})


def _all(choices: Any) -> list[tuple[Any, Any]]:
    return [("", _("all")), *choices]


def district_departments(district_id: int | None) -> Any:
    """The active departments an appeal of the district may be dispatched to (the pickers sort them)."""
    departments = Department.objects.filter(is_active=True).only("id", "name", "kind")
    return departments if district_id is None else departments.filter(district_id=district_id)


_KINDS = list(Department.Kind)


def department_kind(department: Department) -> tuple[int, str]:
    """The group a department is listed under: government departments, subdistrict offices, others."""
    kind = Department.Kind(department.kind)
    return _KINDS.index(kind), str(kind.label)


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False, max_length=100, widget=forms.TextInput(
        attrs={"placeholder": _("PT-2026-000302, 302 or words of the title")}))
    state = forms.ChoiceField(label=_("State"), required=False, widget=FastSelect,
                              choices=_all(Appeal.State.choices))
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None,
                                      widget=FastSelect)
    department = forms.TypedChoiceField(label=_("Lead department"), required=False, coerce=int,
                                        empty_value=None, widget=FastSelect)
    subdistrict = forms.TypedChoiceField(label=_("Subdistrict"), required=False, coerce=int, empty_value=None,
                                         widget=FastSelect)
    industry = forms.ChoiceField(label=_("Industry division"), required=False, widget=FastSelect)
    source = forms.ChoiceField(label=_("Source"), required=False, widget=FastSelect,
                               choices=_all(Appeal.Source.choices))
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=_YES_NO, widget=FastSelect)
    pending = forms.ChoiceField(label=_("Request to decide"), required=False, widget=FastSelect, choices=_all([
        ("return", _("return requested")), ("extension", _("extension requested"))]))
    unsatisfied = forms.ChoiceField(
        label=_("Rated unsatisfied"), required=False, widget=FastSelect, choices=[("", _("all")), ("1", _("yes"))],
        help_text=format_lazy(_("Rated dissatisfied or very dissatisfied: still open, or closed within the last "
                                "{days} days."), days=UNSATISFIED_WINDOW_DAYS))
    created_from = forms.DateField(label=_("Created from"), required=False, widget=_DATE)
    created_to = forms.DateField(label=_("Created until"), required=False, widget=_DATE)

    def __init__(self, *args: Any, district_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ref = reference()
        self.fields["category"].choices = _all(Category.objects.values_list("pk", "name"))
        self.fields["department"].choices = _all(
            Department.objects.filter(**({"district_id": district_id} if district_id else {}))
            .order_by("name").values_list("pk", "name"))
        self.fields["subdistrict"].choices = _all((s.pk, s.name) for s in ref.subdistricts_of(district_id))
        self.fields["industry"].choices = _all(ref.division_choices())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", _("“Created until” must not be before “Created from”."))
        return data

    def filters(self) -> AppealFilters:
        """The filters of a valid form; an invalid one (a stale link) filters on its valid fields only."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AppealFilters(
            state=data.get("state") or None, category=data.get("category"), department=data.get("department"),
            subdistrict=data.get("subdistrict"), industry=data.get("industry") or None,
            source=data.get("source") or None, overdue={"1": True, "0": False}.get(data.get("overdue") or ""),
            created_from=data.get("created_from"), created_to=data.get("created_to"), q=data.get("q") or "",
            pending=data.get("pending") or None, unsatisfied=True if data.get("unsatisfied") == "1" else None)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))


class DispatchForm(FieldNamedErrorsMixin, forms.Form):
    """The lead department (one) and the co-handling ones (any number): searchable pickers over the
    district's active departments in pinyin order, grouped by kind, found by characters or pinyin."""

    lead = PinyinModelChoiceField(
        label=_("Lead department"), queryset=Department.objects.none(), group_by=department_kind,
        empty_label=_("Choose the lead department"),
        widget=PickerSelect(placeholder=_("Choose the lead department"), search_text=collation.search_text),
        error_messages={"required": _("Lead department: choose the department that leads the handling."),
                        "invalid_choice": _("Lead department: choose an active department of your district.")})
    co_handlers = PinyinModelMultipleChoiceField(
        label=_("Co-handling departments"), required=False, queryset=Department.objects.none(),
        group_by=department_kind,
        widget=PickerSelectMultiple(placeholder=_("Choose co-handling departments (any number)"),
                                    search_text=collation.search_text),
        error_messages={"invalid_choice": _("Co-handling departments: choose active departments of your "
                                            "district.")})

    instruction = forms.CharField(
        label=_("Dispatch instruction"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional and internal: the departments read it on the appeal and on the dispatch slip; "
                    "the enterprise does not."))

    def __init__(self, *args: Any, district_id: int | None = None, suggestion: Suggestion | None = None,
                 **kwargs: Any) -> None:
        # A matching routing rule's departments are pre-selected (kaopu.appeals.routing); staff may change them.
        if suggestion is not None:
            kwargs.setdefault("initial", {"lead": suggestion.lead_id, "co_handlers": list(suggestion.co_handler_ids)})
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
        departments = district_departments(district_id)
        self.fields["lead"].queryset = departments
        self.fields["co_handlers"].queryset = departments

    def clean(self) -> dict[str, Any]:
        """The lead department is not also a co-handler: refused here rather than dropped unseen by
        actions.dispatch (which keeps its own guard for the API)."""
        data = super().clean()
        lead = data.get("lead")
        if lead is not None and any(d.pk == lead.pk for d in data.get("co_handlers") or ()):
            self.add_error("co_handlers", _("Co-handling departments must not include the lead department "
                                            "“%(name)s”.") % {"name": lead.name})
        return data


class DecisionForm(forms.Form):
    """Approve or refuse a department's request (a return or an extension)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("approve")), ("refuse", _("refuse"))],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReplyReviewForm(forms.Form):
    """Staff's review (审核) of a department's reply before the enterprise sees it."""

    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, initial=APPROVE, choices=[
        (APPROVE, _("approve: the enterprise sees the reply")), (RETURN, _("send it back to the department"))])
    note = forms.CharField(label=_("Note or reason"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Internal. Needed when you send the reply back: the department reads it."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what the department should change when you send the reply back."))
        return data


class MergeForm(FieldNamedErrorsMixin, forms.Form):
    """The appeal to merge into, picked among those actions.merge accepts (lookups.merge_targets);
    without JavaScript its number is typed."""

    into = forms.IntegerField(
        label=_("Appeal to merge into"), min_value=1, max_value=2**31 - 1,
        widget=RemotePicker(placeholder=_("Search by title or number"), min_chars=0),
        error_messages={"required": _("Appeal to merge into: choose the appeal this one duplicates.")})

    def __init__(self, *args: Any, appeal: Appeal, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.appeal, self.user = appeal, user
        self.fields["into"].widget.url = reverse("appeals:lookup_merge_targets", args=[appeal.pk])

    def clean_into(self) -> Appeal:
        pk = self.cleaned_data["into"]
        target = lookups.merge_targets(self.user, self.appeal).filter(pk=pk).first()
        if target is None:
            raise forms.ValidationError(_("Appeal to merge into: appeal number %(pk)s is not another open appeal "
                                          "of the same enterprise that you may see.") % {"pk": pk})
        self.fields["into"].widget.label = lookups.appeal_text(target)
        return target


class SummaryReviewForm(forms.Form):
    """Staff's review of what the public board shows of a closed appeal (actions.review_public_summary)."""

    PUBLISH, WITHHOLD = "publish", "withhold"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, initial=PUBLISH,
                                 choices=[(PUBLISH, _("approve and publish")), (WITHHOLD, _("do not publish"))])
    public_summary = forms.CharField(
        label=_("Public summary of the answer"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public board once you approve it. Phone numbers, e-mail addresses, ID and bank "
                    "card numbers, house numbers and the names of the enterprise and its people are masked when "
                    "you save; read the result. Never name the enterprise or its people here."))
    reason = forms.CharField(label=_("Reason for not publishing"), required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == self.PUBLISH and not (data.get("public_summary") or "").strip():
            self.add_error("public_summary", _("Public summary of the answer: write the text to publish, or "
                                               "choose not to publish it with a reason."))
        if data.get("decision") == self.WITHHOLD and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Reason for not publishing: say why this appeal stays off the public "
                                       "board."))
        return data


class ArbitrateForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class InstructForm(forms.Form):
    instruction = forms.CharField(label=_("Instruction"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


_MEETING_SOURCES = frozenset({Appeal.Source.BREAKFAST, Appeal.Source.ROUNDTABLE, Appeal.Source.OTHER_MEETING})


class StaffAppealForm(FieldNamedErrorsMixin, forms.Form):
    """An appeal that FIC staff record for an enterprise (from a meeting, the hotline or a visit).

    The enterprise and the meeting are type-ahead pickers over JSON look-ups (kaopu.appeals.lookups);
    the fields hold a credit code (or, typed without JavaScript, a name) and a meeting's id."""

    enterprise = forms.CharField(
        label=_("Enterprise"), max_length=100,
        widget=RemotePicker(reverse_lazy("appeals:lookup_enterprises"),
                            placeholder=_("Type part of the name or the credit code")),
        help_text=_("Choose from the list; without it, type the full credit code or the exact name."),
        error_messages={"required": _("Enterprise: choose the enterprise the appeal is for.")})
    source = forms.ChoiceField(label=_("Source"), choices=Appeal.Source.choices, initial=Appeal.Source.HOTLINE)
    source_meeting_id = forms.IntegerField(
        label=_("Meeting"), required=False, min_value=1, max_value=2**31 - 1,
        widget=RemotePicker(reverse_lazy("appeals:lookup_meetings"), min_chars=0,
                            placeholder=_("Search by theme or date (2026-09-10)")),
        help_text=_("Only for an appeal raised at a meeting."))
    kind = forms.ChoiceField(label=_("Type"), choices=Appeal.Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True),
                                      empty_label=_("Choose the category"))
    title = forms.CharField(label=_("Title"), max_length=100)
    content = forms.CharField(label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    is_confidential = forms.BooleanField(label=_("Confidential"), required=False)
    publish_consent = forms.BooleanField(
        label=_("The enterprise agrees to show it on the public board"), required=False,
        help_text=_("Only if the enterprise said so. Anonymised once closed: industry and subdistrict, never "
                    "the enterprise's name."))
    attachments = AttachmentsField()
    # Who raised it (the caller, the person at the meeting); both left empty: the enterprise's contact in
    # the directory (kaopu.appeals.contact).
    contact_name = forms.CharField(label=contact.NAME_LABEL, required=False, max_length=contact.NAME_MAX_LENGTH,
                                   help_text=_("Who raised the appeal; left empty, the enterprise's contact in the "
                                               "directory."))
    contact_phone = forms.CharField(label=contact.PHONE_LABEL, required=False, max_length=30,
                                    help_text=_("A mobile number, or a landline number with its area code (such as "
                                                "021-62345678)."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_enterprise(self) -> Enterprise:
        """Exactly one enterprise the user may see must match, or the field says why not. The picker
        sends a credit code; a name typed without it is matched whole first, then in part."""
        query = " ".join(self.cleaned_data["enterprise"].split())
        visible = access.scope(self.user, Enterprise)
        found = list(visible.filter(name=query)[:1]) or list(
            search_enterprises(visible, query).order_by("pk")[:2])
        if not found:
            raise forms.ValidationError(_("Enterprise: no enterprise of your district matches “%(query)s”.")
                                        % {"query": query})
        if len(found) > 1:
            raise forms.ValidationError(_("Enterprise: several enterprises match “%(query)s”; enter the "
                                          "credit code or more of the name.") % {"query": query})
        self.fields["enterprise"].widget.label = found[0].name
        return found[0]

    def clean_source_meeting_id(self) -> int | None:
        pk = self.cleaned_data["source_meeting_id"]
        if pk is None:
            return None
        meeting = lookups.meeting_queryset(self.user).filter(pk=pk).first()
        if meeting is None:
            raise forms.ValidationError(_("Meeting: there is no meeting number %(id)s of your district to "
                                          "choose (drafts and cancelled meetings are not offered).") % {"id": pk})
        self.fields["source_meeting_id"].widget.label = lookups.meeting_text(meeting)
        return pk

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("is_confidential") and data.get("publish_consent"):
            self.add_error("publish_consent", _("A confidential appeal cannot be shown on the public board."))
        self._clean_contact(data)
        if data.get("source_meeting_id") and data.get("source") and data["source"] not in _MEETING_SOURCES:
            self.add_error("source_meeting_id", _("Meeting: choose a meeting only for an appeal raised at one "
                                                  "(source: a breakfast meeting, a roundtable or another "
                                                  "meeting), or clear it."))
        return data

    def _clean_contact(self, data: dict[str, Any]) -> None:
        """The contact typed, checked; none typed: the enterprise's in the directory, else an error."""
        name, phone = (data.get("contact_name") or "").strip(), (data.get("contact_phone") or "").strip()
        if name or phone:
            try:
                person = contact.clean(name, phone)
            except forms.ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
                return
        elif isinstance(data.get("enterprise"), Enterprise):
            people = contact.directory_people(data["enterprise"].pk)
            if not people:
                self.add_error("contact_name", _("Contact person: the directory has no contact with a phone for "
                                                 "this enterprise; enter who raised the appeal and their phone."))
                return
            person = people[0][1]
        else:
            return
        data["contact_name"], data["contact_phone"] = person.name, person.phone
