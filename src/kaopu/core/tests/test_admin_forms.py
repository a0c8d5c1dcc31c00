"""Every admin form answers bad input with field errors, never with "Server Error (500)".

The walk reads ``admin.site._registry``, so a model registered tomorrow is walked too: as each
administrator role its ModelAdmin lets in (``RoleAdminMixin``), it opens the list (with odd query
parameters), the add page and the change page of an existing row, and submits them empty, with every
field wrong at once, and with one field wrong and the others as a browser would send them. Each
submission must answer 200 with errors and leave the tables and the audit log as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import Role
from kaopu.audit.models import AuditEntry
from kaopu.core.admin_site import RoleAdminMixin

PERSONA_OF_ROLE = {Role.SYSTEM_ADMIN: "sysadmin", Role.SECURITY_ADMIN: "secadmin", Role.AUDIT_ADMIN: "auditadmin"}
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
# Admin pages with a form of their own besides add and change, by model, with the roles that may use
# them (Django's UserAdmin names its password page auth_user_password_change whatever the user model;
# only the system administrator resets passwords, accounts.actions.reset_password).
EXTRA_FORMS = {"accounts.User": [("admin:auth_user_password_change", {Role.SYSTEM_ADMIN})]}
# Query strings a hand-edited or stale link may carry to a list page.
ODD_LIST_QUERIES = ["?q=%00", "?q=" + "长" * 300, "?o=abc", "?p=abc", "?p=99999", "?id__exact=abc", "?e=1"]
NUMBERS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


class FormFields(HTMLParser):
    """What a browser would submit from the page's model form: its inputs, selects and textareas."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = found.get("id") == self.form_id
        if not self.inside or (not (name := found.get("name")) and tag != "option"):
            return
        if tag == "input" and found.get("type", "text") not in {"submit", "button", "reset", "file", "image"}:
            if found.get("type") not in {"checkbox", "radio"} or "checked" in found:
                self.data.setdefault(name, []).append(found.get("value", "on" if "checked" in found else ""))
        elif tag == "select":
            self._select, self._options = (name, "multiple" in found), []
        elif tag == "option" and self._select is not None:
            self._options.append((found.get("value", ""), "selected" in found))
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]  # a browser sends the first option of a plain select
            if chosen:
                self.data[name] = chosen
            self._select = None


def submitted_by_browser(response: HttpResponse, opts: Any) -> dict[str, list[str]]:
    parser = FormFields(f"{opts.model_name}_form")
    parser.feed(response.content.decode())
    return parser.data


def wrong_values(field: forms.Field) -> list[Any]:
    """Input this form field must refuse, whatever the model: text for numbers, impossible dates,
    rows that do not exist, text longer than the column, a NUL character (which PostgreSQL cannot store)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [["abc"], ["999999999"], ["99999999999999999999999"]]
    if isinstance(field, forms.ModelChoiceField):
        return ["abc", "999999999", "1.5", "99999999999999999999999"]
    if isinstance(field, NUMBERS):
        return ["十二", "1e999", "99999999999999999999999"]
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return ["2025-02-30", "明天"]
    if isinstance(field, forms.MultipleChoiceField):
        return [["no-such-choice"]]
    if isinstance(field, forms.ChoiceField):
        return ["no-such-choice"]
    if isinstance(field, forms.EmailField):
        return ["not-an-e-mail", "a\x00@example.com"]
    if isinstance(field, forms.CharField):
        return ["坏\x00值"] + (["长" * (field.max_length + 1)] if field.max_length else [])
    return []


def snapshot() -> list[Any]:
    """Every admin model's rows and the audit log's length: a refused submission changes none of them."""
    rows: list[Any] = [AuditEntry.objects.count()]
    for model in admin.site._registry:
        rows.append(list(model._default_manager.order_by("pk").values()))
    return rows


def management_only(data: dict[str, list[str]]) -> dict[str, list[str]]:
    """Only the formsets' bookkeeping fields, which a browser sends even for a blank form."""
    return {name: values for name, values in data.items() if name.endswith(("_FORMS", "NUM_FORMS"))}


def refused_submissions(page: HttpResponse, opts: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    form = page.context["adminform"].form
    sent = submitted_by_browser(page, opts)
    yield "empty", management_only(sent) | {"_save": "1"}
    editable = {name: field for name, field in form.fields.items() if name in sent and not field.disabled}
    all_wrong = dict(sent)
    for name, field in editable.items():
        for value in wrong_values(field):
            all_wrong[name] = value
            yield f"{name}={value!r:.40}", dict(sent) | {name: value, "_save": "1"}
    yield "every field wrong", all_wrong | {"_save": "1"}


def assert_refused(client: Client, url: str, label: str, data: dict[str, Any]) -> None:
    before = snapshot()
    try:
        response = client.post(url, data)
    except Exception as error:  # the point of the walk: name the form and input that broke
        pytest.fail(f"POST {url} ({label}) raised {error!r}")
    assert response.status_code == 200, f"POST {url} ({label}): {response.status_code}"
    errors = response.context["adminform"].form.errors if "adminform" in response.context else \
        response.context["form"].errors
    assert errors, f"POST {url} ({label}) was accepted"
    assert snapshot() == before, f"POST {url} ({label}) wrote something"


def roles_for(model_admin: ModelAdmin[Any]) -> list[str]:
    assert isinstance(model_admin, RoleAdminMixin), (
        f"{type(model_admin).__name__} must say which administrator roles use it (core.admin_site.RoleAdminMixin)")
    roles = sorted(model_admin.view_roles | model_admin.edit_roles | model_admin.delete_roles)
    assert roles, f"{type(model_admin).__name__}: no administrator role may open it; unregister it instead"
    return roles


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _a in REGISTERED])
def test_admin_forms_refuse_bad_input_with_field_errors(model, model_admin, world, login, one_of_each) -> None:  # type: ignore[no-untyped-def]
    opts = model._meta
    existing = one_of_each(model)
    for role in roles_for(model_admin):
        user: User = world.users[PERSONA_OF_ROLE[role]]
        client = login(user)
        request = RequestFactory().get("/")
        request.user = user
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for query in ODD_LIST_QUERIES:
            assert client.get(changelist + query).status_code in {200, 302}, f"{role}: {changelist}{query}"
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[existing.pk])
        assert client.get(change_url).status_code == 200, f"{role}: {change_url}"
        urls = [change_url] if model_admin.has_change_permission(request, existing) else []
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if model_admin.has_delete_permission(request, existing):
            delete_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[existing.pk])
            assert client.get(delete_url).status_code == 200
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, f"{role}: {url}"
            for label, data in refused_submissions(page, opts):
                assert_refused(client, url, f"{role}, {label}", data)
        for name, extra_roles in EXTRA_FORMS.get(opts.label, []) if urls else []:
            if role not in extra_roles:
                continue
            url = reverse(name, args=[existing.pk])
            assert client.get(url).status_code == 200
            for data in ({}, {"password1": "短", "password2": "不同"}, {"password1": "\x00" * 12}):
                assert_refused(client, url, f"{role}, {data!r:.40}", data)


def test_the_user_add_form_without_an_organisation_names_the_field(login, sysadmin) -> None:  # type: ignore[no-untyped-def]
    response = login(sysadmin).post(reverse("admin:accounts_user_add"), {
        "username": "neworg", "name": "无单位", "role": Role.FIC_STAFF,
        "password1": "Kaopu-2026-staff", "password2": "Kaopu-2026-staff"})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["organisation"]
    assert "这个字段是必填项" in response.text
    assert not User.objects.filter(username="neworg").exists()


def test_a_role_that_does_not_fit_the_organisation_is_refused_on_the_role(login, sysadmin, world) -> None:  # type: ignore[no-untyped-def]
    bank = world.users["bank_officer"].organisation
    response = login(sysadmin).post(reverse("admin:accounts_user_add"), {
        "username": "wrongkind", "name": "错单位", "organisation": bank.pk, "role": Role.FIC_STAFF,
        "password1": "Kaopu-2026-staff", "password2": "Kaopu-2026-staff"})
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["role"]
    assert not User.objects.filter(username="wrongkind").exists()


def test_an_organisation_of_the_wrong_kind_for_its_link_is_refused_on_that_field(login, sysadmin, world) -> None:  # type: ignore[no-untyped-def]
    client = login(sysadmin)
    url = reverse("admin:accounts_organisation_add")
    missing = client.post(url, {"kind": "enterprise", "name": "无企业的企业", "district": world.district.pk})
    assert missing.status_code == 200
    assert missing.context["adminform"].form.errors == {"enterprise": ["类型为“企业”的组织必须选择其企业。"]}
    stray = client.post(url, {"kind": "bank", "name": "挂错部门的银行", "department": world.department.pk})
    assert stray.context["adminform"].form.errors["department"] == ["只有类型为“政府部门”的组织才填写部门，请留空。"]
    assert not Organisation.objects.filter(name__in=["无企业的企业", "挂错部门的银行"]).exists()
