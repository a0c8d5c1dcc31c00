"""Input of the FIC staff's legal pages: list filters, assignment, decline, appeal, the team, the
catalogue and the figures; kaopu.legal.actions check every rule again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals.models import Appeal, Category
from kaopu.core.widgets import FastSelect
from kaopu.legal.models import LawFirm, Lawyer, LegalRequest, PracticeArea, ServiceKind


def _all(choices: Any) -> list[tuple[Any, Any]]:
    return [("", _("all")), *choices]


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Topic or enterprise"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False, choices=_all(LegalRequest.State.choices),
                              widget=FastSelect)
    service = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int, empty_value=None,
                                     widget=FastSelect)
    area = forms.TypedChoiceField(label=_("Field of law"), required=False, coerce=int, empty_value=None,
                                  widget=FastSelect)
    lawyer = forms.TypedChoiceField(label=_("Lawyer"), required=False, coerce=int, empty_value=None,
                                    widget=FastSelect)

    def __init__(self, *args: Any, lawyers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = _all(ServiceKind.objects.values_list("pk", "name"))
        self.fields["area"].choices = _all(PracticeArea.objects.values_list("pk", "name"))
        self.fields["lawyer"].choices = _all([(lawyer.pk, lawyer.user.name) for lawyer in lawyers])

    def filters(self) -> dict[str, Any]:
        """The filters of the valid fields (a stale link filters on what still makes sense)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"state": data.get("state") or None, "service": data.get("service"), "area": data.get("area"),
                "lawyer": data.get("lawyer"), "q": data.get("q") or None}


class AssignForm(forms.Form):
    lawyer = forms.TypedChoiceField(label=_("Lawyer"), coerce=int)
    override_load = forms.BooleanField(label=_("Assign even beyond the lawyer's maximum load"), required=False)

    def __init__(self, *args: Any, suggestions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].choices = [(s.lawyer.pk, f"{s.lawyer.user.name}（{s.lawyer.firm.name}）· {s.reason}")
                                         for s in suggestions if not s.is_current]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of appeal"), choices=Appeal.Kind.choices, initial=Appeal.Kind.HELP)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=100)
    content = forms.CharField(label=_("What the government should answer"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        legal = Category.objects.filter(name="法律").first()
        if legal is not None:
            self.fields["category"].initial = legal.pk


class FirmForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(),
                                          help_text=_("A law firm's organisation, made by the system administrator."))
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    joined_on = forms.DateField(label=_("Joined the service team on"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    is_active = forms.BooleanField(label=_("Active in the service team"), required=False, initial=True)

    def __init__(self, *args: Any, district_id: int | None, firm: LawFirm | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if firm is not None:
            del self.fields["organisation"]
        else:
            organisations = Organisation.objects.filter(kind=OrganisationKind.LAW_FIRM, law_firm__isnull=True)
            if district_id:
                organisations = organisations.filter(district_id=district_id)
            self.fields["organisation"].queryset = organisations


class LawyerForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Account"), queryset=User.objects.none(),
                                  help_text=_("An account with the role lawyer of the firm."))
    license_number = forms.CharField(label=_("Practising certificate number"), max_length=17, required=False)
    years_of_practice = forms.IntegerField(label=_("Years of practice"), min_value=0, max_value=70, initial=0)
    practice_areas = forms.ModelMultipleChoiceField(label=_("Practice areas"), queryset=PracticeArea.objects.none(),
                                                    widget=forms.CheckboxSelectMultiple, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=100, initial="普通话")
    availability = forms.CharField(label=_("When available"), max_length=100, required=False)
    max_open_requests = forms.IntegerField(label=_("Open requests at most"), min_value=1, max_value=50, initial=5)
    is_available = forms.BooleanField(label=_("Taking requests"), required=False, initial=True)

    def __init__(self, *args: Any, firm: LawFirm, lawyer: Lawyer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice_areas"].queryset = PracticeArea.objects.filter(is_active=True)
        if lawyer is not None:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = User.objects.filter(
                role=Role.LAWYER, organisation_id=firm.organisation_id, lawyer_profile__isnull=True, is_active=True)
            self.fields["user"].label_from_instance = lambda user: f"{user.name}（{user.username}）"


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    has_checklist = forms.BooleanField(label=_("Uses the health-check checklist"), required=False)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)


class ItemForm(forms.Form):
    area = forms.CharField(label=_("Area"), max_length=30)
    title = forms.CharField(label=_("Check"), max_length=200)
    guidance = forms.CharField(label=_("What to look at"), max_length=500, required=False)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)


CATALOGUE_FORMS: dict[str, type[forms.Form]] = {"service": ServiceForm, "area": AreaForm, "item": ItemForm}


class FiguresForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
