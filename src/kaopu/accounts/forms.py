from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong user name or password. After 5 failed attempts the account is locked "
                           "for 30 minutes."),
        "inactive": _("This account is disabled. Please contact the system administrator."),
    }


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("What the token is for, e.g. “data sync with the district big-data centre”."))
