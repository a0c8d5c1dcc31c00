from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=40, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True,
                                      "autocapitalize": "off", "spellcheck": "false"}),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."))


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six digits your authenticator app shows after adding the account."))


class DisableForm(forms.Form):
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(label=_("Code"), max_length=40, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
                           help_text=_("The six digits your authenticator app shows, or a recovery code."))


class PolicyForm(forms.Form):
    """One yes/no per role: must its users use a second factor?"""

    def __init__(self, *args, table: list[tuple[str, bool, bool]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for role, required, _explicit in table:
            self.fields[role] = forms.TypedChoiceField(
                label=Role(role).label, initial="1" if required else "0", coerce=lambda value: value == "1",
                choices=[("1", _("required")), ("0", _("optional"))], widget=forms.RadioSelect)


class FindUserForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150, strip=True)
