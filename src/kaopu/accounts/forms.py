from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import ApiToken, User, token_max_days
from kaopu.accounts.roles import ROLE_ORGANISATION_KINDS, OrganisationKind, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong user name or password. After 5 failed attempts the account is locked "
                           "for 30 minutes."),
        "inactive": _("This account is disabled. Please contact the system administrator."),
    }


class OwnPasswordForm(PasswordChangeForm):
    """The current password, the new one twice (every validator of AUTH_PASSWORD_VALIDATORS, the
    history included), and whether to revoke the user's API tokens too."""

    revoke_tokens = forms.BooleanField(
        label=_("Also revoke all my API tokens"), required=False,
        help_text=_("Tick this if you think someone else may know your password or a token: scripts using "
                    "your tokens then stop working until you give them new ones."))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("What the token is for, e.g. “data sync with the district big-data centre”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ,
                              widget=forms.RadioSelect,
                              help_text=_("A read-only token can only read: any change it asks for is refused."))
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from kaopu.accounts.actions import token_lifetime_choices

        super().__init__(*args, **kwargs)
        self.fields["days"].choices = token_lifetime_choices()
        self.fields["days"].initial = token_max_days()


def _fic_roles() -> list[tuple[str, Any]]:
    return [(value, label) for value, label in Role.choices if OrganisationKind.FIC in ROLE_ORGANISATION_KINDS[value]]


class AdminRoleRequestForm(forms.Form):
    """The security administrator's request: whom, which role, why (accounts.actions.request_admin_role
    checks the rest and answers on these fields)."""

    target = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("New role"), choices=_fic_roles)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, acting_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        # Administrator roles belong to the FIC only: its active accounts, but not the requester.
        target.queryset = (User.objects.filter(is_active=True, organisation__kind=OrganisationKind.FIC)
                           .exclude(pk=acting_user.pk).select_related("organisation").order_by("username"))
        target.label_from_instance = lambda user: f"{user.in_words} · {user.get_role_display()} · {user.organisation}"


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
