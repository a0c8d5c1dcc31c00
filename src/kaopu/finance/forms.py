"""Input of the finance pages. The forms only collect what a person typed; the rules (amounts in
万元 to the yuan, rate and term ranges, required texts, consent) live in kaopu.finance.actions and
come back as FinanceError(message, field), which :func:`apply_error` puts on the named field, so a
page and the API refuse the same input with the same Chinese sentence. The demand and product forms
run the actions' field rules as part of their own validation (``ACTION_RULES``), so that one submit
shows every wrong field at once, whether the form's own check or the action's rule refused it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind
from kaopu.core import access
from kaopu.core.widgets import FastSelect
from kaopu.directory.models import Enterprise, IndustrySection
from kaopu.directory.selectors import search_enterprises
from kaopu.finance.actions import FinanceError, clean_demand, clean_product
from kaopu.finance.models import Bank, Collateral, DemandPush, FinancingDemand, LoanProduct, PolicyScheme

# The amount bands of the demand list's filter, in 万元: (code, label, lowest exclusive, highest inclusive).
AMOUNT_BANDS: list[tuple[str, Any, Decimal | None, Decimal | None]] = [
    ("lt100", _("up to 1 million yuan"), None, Decimal("100")),
    ("100_500", _("1 to 5 million yuan"), Decimal("100"), Decimal("500")),
    ("500_1000", _("5 to 10 million yuan"), Decimal("500"), Decimal("1000")),
    ("1000_5000", _("10 to 50 million yuan"), Decimal("1000"), Decimal("5000")),
    ("gt5000", _("over 50 million yuan"), Decimal("5000"), None),
]


# An <input type=date> reads and writes ISO dates only, whatever the page's language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _all(choices: Any) -> list[tuple[Any, Any]]:
    return [("", _("all")), *choices]


class FinanceForm(forms.Form):
    """A form whose own errors (a date that is not a date, an unknown choice) name their field, like
    the actions' refusals do: “放款日期：请输入一个有效的日期。”.

    ``ACTION_RULES``, when set, is the action's checker of the form's fields (clean_demand,
    clean_product): it runs with the form's own checks, so that every wrong field is shown at once.
    """

    ACTION_RULES: Callable[[dict[str, Any]], Any] | None = None

    def full_clean(self) -> None:
        super().full_clean()
        for name, errors in list(self._errors.items()):
            field = self.fields.get(name)
            label = str(field.label) if field is not None and field.label else ""
            if not label:
                continue
            named = [error if str(error).startswith(label) else label_error(label, error) for error in errors]
            self._errors[name] = self.error_class(named, renderer=self.renderer)
        rules = type(self).ACTION_RULES
        if rules is not None and self.is_bound and hasattr(self, "cleaned_data"):
            try:
                rules(self.cleaned_data)
            except FinanceError as error:
                apply_error(self, error)


def label_error(label: str, error: Any) -> str:
    return _("%(label)s: %(error)s") % {"label": label, "error": error}


def apply_error(form: forms.Form, error: FinanceError) -> None:
    """The action's refusals, each on the field it names (or on the whole form); a field that already
    shows an error of the form's own keeps that one alone."""
    for each in error.errors:
        field = each.field if each.field in form.fields else None
        if field is None or field not in form.errors:
            form.add_error(field, each.message)


def _text_area(rows: int = 3, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


def _number(label: Any, help_text: Any = "", **attrs: Any) -> forms.CharField:
    """A number typed as text: the actions parse it as Decimal (full-width digits and 1,000 accepted)."""
    return forms.CharField(label=label, required=False, max_length=30, help_text=help_text,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs}))


# --- Staff: the demand list's filters -------------------------------------------------------------------

class DemandFilterForm(FinanceForm):
    q = forms.CharField(label=_("Enterprise or purpose"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False, choices=_all(FinancingDemand.State.choices),
                              widget=FastSelect)
    bank = forms.TypedChoiceField(label=_("Bank"), required=False, coerce=int, empty_value=None, widget=FastSelect)
    industry = forms.ChoiceField(label=_("Industry"), required=False, widget=FastSelect)
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=_all(FinancingDemand.Urgency.choices),
                                widget=FastSelect)
    amount = forms.ChoiceField(label=_("Amount"), required=False,
                               choices=_all([(code, label) for code, label, _low, _high in AMOUNT_BANDS]),
                               widget=FastSelect)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].choices = _all(access.scope(user, Bank).values_list("pk", "short_name"))
        self.fields["industry"].choices = _all(
            (code, f"{code} {name}") for code, name in IndustrySection.objects.order_by("code").values_list(
                "code", "name"))

    def filters(self) -> dict[str, Any]:
        """The valid filters (a stale link filters on what still makes sense)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in ("q", "state", "bank", "industry", "urgency", "amount")}


# --- Demands: the enterprise's form and the staff's form for an enterprise -----------------------------

class DemandForm(FinanceForm):
    ACTION_RULES = staticmethod(clean_demand)
    # The fields the page shows across the whole width, below the grid of short ones.
    WIDE = ("purpose_detail", "collateral", "wants_policy_guarantee")
    # Asked on its own, below the rest, with what goes to whom (finance/demand_form.html).
    CONSENT = "consent_to_share"

    amount = _number(_("Amount (10k yuan)"), _("In 万元: 300 means 3 million yuan."), placeholder="300")
    term_months = _number(_("Term (months)"), _("How long you need the money, 1 to 360 months."), placeholder="12")
    purpose = forms.ChoiceField(label=_("Purpose"), required=False,
                                choices=[("", "—"), *FinancingDemand.Purpose.choices], widget=FastSelect)
    purpose_detail = forms.CharField(
        label=_("What the money is for"), required=False, max_length=2000, widget=_text_area(4),
        help_text=_("A few sentences for the banks: the order, the equipment, the season, your revenue."))
    collateral = forms.MultipleChoiceField(
        label=_("Collateral you can offer"), required=False, choices=Collateral.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if you have none: credit loans need no collateral."))
    wants_policy_guarantee = forms.BooleanField(
        label=_("We are interested in a policy guarantee scheme (e.g. the municipal guarantee fund)"),
        required=False)
    urgency = forms.ChoiceField(label=_("When do you need it"), required=False,
                                choices=FinancingDemand.Urgency.choices, initial=FinancingDemand.Urgency.NORMAL,
                                widget=FastSelect)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"inputmode": "tel"}))
    consent_to_share = forms.BooleanField(
        label=_("We agree that the FIC passes this demand, with the data listed above, to the alliance banks "
                "whose products fit it, so that their account managers can contact us."),
        required=False,
        help_text=_("Without this consent no bank can see the demand. You can also give it later, on the "
                    "demand's page, and withdraw the demand at any time before a grant."))

    @staticmethod
    def initial_of(demand: FinancingDemand) -> dict[str, Any]:
        initial = {name: getattr(demand, name) for name in (
            "term_months", "purpose", "purpose_detail", "collateral", "wants_policy_guarantee", "urgency",
            "consent_to_share", "contact_name", "contact_phone")}
        initial["amount"] = f"{demand.amount.normalize():f}"
        return initial


class StaffDemandForm(DemandForm):
    """A demand FIC staff enter for an enterprise (a visit, the hotline, a breakfast meeting)."""

    enterprise = forms.CharField(label=_("Enterprise (credit code or name)"), max_length=100)
    field_order = ["enterprise"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["consent_to_share"].label = _(
            "The enterprise agreed that the FIC shares this demand and its registration facts with the alliance "
            "banks (confirmed with the contact person).")

    def clean_enterprise(self) -> Enterprise:
        """Exactly one enterprise the user may see must match, or the field says why not."""
        query = " ".join(self.cleaned_data["enterprise"].split())
        visible = access.scope(self.user, Enterprise)
        found = list(visible.filter(name=query)[:1]) or list(search_enterprises(visible, query).order_by("pk")[:2])
        if not found:
            raise forms.ValidationError(_("Enterprise: no enterprise of your district matches “%(query)s”.")
                                        % {"query": query})
        if len(found) > 1:
            raise forms.ValidationError(_("Enterprise: several enterprises match “%(query)s”; enter the "
                                          "credit code or more of the name.") % {"query": query})
        return found[0]


class WithdrawForm(FinanceForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class PushForm(FinanceForm):
    banks = forms.MultipleChoiceField(label=_("Banks"), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note to the bank"), required=False, max_length=300, widget=_text_area(2))

    def __init__(self, *args: Any, banks: list[Bank], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["banks"].choices = [(str(bank.pk), bank.name) for bank in banks]


# --- A bank's steps -------------------------------------------------------------------------------------------

class ContactForm(FinanceForm):
    note = forms.CharField(label=_("Contact record"), required=False, max_length=1000, widget=_text_area(3),
                           help_text=_("When and how you reached the enterprise, what it needs, the next step."))


class GrantForm(FinanceForm):
    amount = _number(_("Amount granted (10k yuan)"))
    rate = _number(_("Annual rate (%)"), _("3.45 for 3.45% a year."))
    term_months = _number(_("Term granted (months)"))
    granted_on = forms.DateField(label=_("Granted on"), required=False, widget=DATE_INPUT)
    product = forms.TypedChoiceField(label=_("Product"), required=False, coerce=int, empty_value=None,
                                     widget=FastSelect)

    def __init__(self, *args: Any, bank: Bank, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "—"), *LoanProduct.objects.filter(bank=bank).order_by(
            "-is_active", "name").values_list("pk", "name")]


class DeclineForm(FinanceForm):
    reason = forms.ChoiceField(label=pgettext_lazy("financing", "Reason for declining"), required=True,
                               choices=[("", "—"), *DemandPush.DeclineReason.choices], widget=FastSelect,
                               error_messages={"required": _("please choose one of the options.")})
    note = forms.CharField(label=_("Explanation"), required=False, max_length=2000, widget=_text_area(3),
                           help_text=_("Required for “other”; the enterprise and the FIC read it."))


# --- Products ----------------------------------------------------------------------------------------------------

class ProductFilterForm(FinanceForm):
    bank = forms.TypedChoiceField(label=_("Bank"), required=False, coerce=int, empty_value=None, widget=FastSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_all(LoanProduct.Kind.choices),
                             widget=FastSelect)
    active = forms.ChoiceField(label=_("Active"), required=False,
                               choices=[("", _("all")), ("1", _("yes")), ("0", _("no"))], widget=FastSelect)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].choices = _all(access.scope(user, Bank).values_list("pk", "short_name"))

    def filters(self) -> dict[str, Any]:
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"bank": data.get("bank"), "kind": data.get("kind") or None, "active": data.get("active") or None}


class ProductForm(FinanceForm):
    ACTION_RULES = staticmethod(clean_product)
    bank = forms.TypedChoiceField(label=_("Bank"), coerce=int, widget=FastSelect)
    name = forms.CharField(label=_("Product name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *LoanProduct.Kind.choices],
                             widget=FastSelect)
    amount_min = _number(_("Smallest amount (10k yuan)"))
    amount_max = _number(_("Largest amount (10k yuan)"))
    rate_min = _number(_("Lowest annual rate (%)"))
    rate_max = _number(_("Highest annual rate (%)"))
    term_min_months = _number(_("Shortest term (months)"))
    term_max_months = _number(_("Longest term (months)"))
    collateral = forms.MultipleChoiceField(
        label=_("Collateral accepted"), required=False, choices=Collateral.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: a credit loan, no collateral asked. Otherwise the enterprise must offer one."))
    industries = forms.MultipleChoiceField(label=_("Target industries"), required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("None ticked: every industry."))
    sizes = forms.MultipleChoiceField(label=_("Target size classes"), required=False,
                                      choices=Enterprise.Size.choices, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("None ticked: every size."))
    policy_schemes = forms.MultipleChoiceField(label=_("Policy schemes accepted"), required=False,
                                               widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Description"), required=False, max_length=3000, widget=_text_area(4))
    is_active = forms.BooleanField(label=_("Active: offered to enterprises and used in matching"), required=False,
                                   initial=True)

    CHECKS = ("collateral", "industries", "sizes", "policy_schemes")

    def __init__(self, *args: Any, banks: list[Bank], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].choices = [(bank.pk, bank.name) for bank in banks]
        if len(banks) == 1:
            self.fields["bank"].widget = forms.HiddenInput()
            self.fields["bank"].initial = banks[0].pk
        self.fields["industries"].choices = [
            (code, f"{code} {name}") for code, name in IndustrySection.objects.order_by("code").values_list(
                "code", "name")]
        self.fields["policy_schemes"].choices = [
            (str(pk), name) for pk, name in PolicyScheme.objects.filter(is_active=True).values_list("pk", "name")]

    @staticmethod
    def initial_of(product: LoanProduct) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(product, name) for name in (
            "name", "kind", "term_min_months", "term_max_months", "collateral", "sizes", "description",
            "is_active")}
        for name in ("amount_min", "amount_max", "rate_min", "rate_max"):
            initial[name] = f"{getattr(product, name).normalize():f}"
        initial["bank"] = product.bank_id
        initial["industries"] = [section.pk for section in product.industries.all()]
        initial["policy_schemes"] = [str(scheme.pk) for scheme in product.policy_schemes.all()]
        return initial


# --- Banks and schemes -----------------------------------------------------------------------------------------

class BankForm(FinanceForm):
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None, widget=FastSelect,
        help_text=_("The bank organisation whose officers' accounts see the demands pushed to this bank. "
                    "Leave empty to create one with the bank's name."))
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    short_name = forms.CharField(label=_("Short name"), required=False, max_length=20)
    joined_on = forms.DateField(label=_("Joined the alliance on"), required=False,
                                widget=DATE_INPUT)
    hotline = forms.CharField(label=_("Service hotline"), required=False, max_length=30)
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    introduction = forms.CharField(label=_("Introduction"), required=False, max_length=2000, widget=_text_area(3))
    sort_order = forms.IntegerField(label=_("Sort order"), required=False, min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("Active member"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"]
            return
        free = Organisation.objects.filter(kind=OrganisationKind.BANK, bank__isnull=True).order_by("name")
        if user.district_id is not None:
            free = free.filter(district_id=user.district_id)
        self.fields["organisation"].choices = [("", _("— create a new organisation —")),
                                               *free.values_list("pk", "name")]

    @staticmethod
    def initial_of(bank: Bank) -> dict[str, Any]:
        return {name: getattr(bank, name) for name in (
            "name", "short_name", "joined_on", "hotline", "address", "introduction", "sort_order", "is_active")}


class BankContactForm(FinanceForm):
    name = forms.CharField(label=_("Name"), required=False, max_length=50)
    title = forms.CharField(label=pgettext_lazy("job", "Title"), required=False, max_length=50)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)


class SchemeForm(FinanceForm):
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
